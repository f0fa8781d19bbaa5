/**
 * The bytes of a binary value, or undefined when `value` is not binary. Binary means a
 * Uint8Array (Buffer included), any other typed array or DataView (its bytes as they lie in
 * memory, viewed, not copied), or an ArrayBuffer. Values from another realm (a `vm` context,
 * Jest's module registry) count too: `instanceof` would miss them, and JSON would then turn bytes
 * into `{"0":104,…}` (or an ArrayBuffer into `{}`) without a word.
 */
export function binaryBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') return new Uint8Array(value as ArrayBuffer);
  return undefined;
}
