/**
 * Length of `text` in Unicode code points, the unit AWS's API models use for string length
 * limits (a character outside the Basic Multilingual Plane counts once, not twice as in
 * `text.length`).
 * @example codePointLength('a😀') // 2
 */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}
