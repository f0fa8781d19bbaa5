/**
 * Splits entry positions into consecutive chunks whose serialized request stays under
 * `maxBytes`: `overhead` is the size of the request with no entries, `sizeOf(i)` the serialized
 * size of entry `i`. An entry larger than the cap on its own gets a chunk of its own.
 */
export function chunkEntries(
  positions: readonly number[],
  overhead: number,
  sizeOf: (position: number) => number,
  maxBytes: number,
): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let size = overhead;
  for (const position of positions) {
    // +1 for the comma between array members.
    const entrySize = sizeOf(position) + 1;
    if (current.length > 0 && size + entrySize > maxBytes) {
      chunks.push(current);
      current = [];
      size = overhead;
    }
    current.push(position);
    size += entrySize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
