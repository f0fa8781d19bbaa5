/**
 * Exact size in bytes of `text` encoded as UTF-8, the way AWS counts request and record sizes
 * (and the way the SDK encodes: a lone surrogate becomes U+FFFD, 3 bytes).
 * @example utf8ByteLength('héllo') // 6
 */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
