// Text formatting shared by the examples' summaries.

const counts = new Intl.NumberFormat('en-US');
const decimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** `12345` → `"12,345"`. */
export function formatCount(value: number): string {
  return counts.format(value);
}

/** `12.345` → `"12.3"`. */
export function formatDecimal(value: number): string {
  return decimals.format(value);
}

/** `0.3` → `"30%"`, `0.125` → `"12.5%"` (a ratio as a percentage, at most one decimal). */
export function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(1))}%`;
}

/**
 * Renders rows as an aligned plain-text table, first column left-aligned, the others right-aligned
 * (they hold numbers) unless `align` says otherwise. The first row is the header, underlined.
 * @example formatTable([['mode', 'jobs'], ['feed', '1,000']])
 */
export function formatTable(rows: readonly (readonly string[])[], align: readonly ('left' | 'right')[] = []): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => ((align[i] ?? (i === 0 ? 'left' : 'right')) === 'left' ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  if (header === undefined) return '';
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...body.map(line)].join('\n') + '\n';
}
