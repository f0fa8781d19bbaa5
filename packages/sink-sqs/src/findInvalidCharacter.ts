/**
 * SQS accepts only the characters of the XML 1.0 `Char` production:
 * #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF. With the `u` flag a lone
 * surrogate is its own code point and falls outside the class, as it should (it is not a
 * character, and the SDK would send it as U+FFFD).
 */
const INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Where the first character SQS rejects is, or undefined when the text is valid. */
export interface InvalidCharacter {
  /** UTF-16 index in the string. */
  readonly index: number;
  /** The offending code point. */
  readonly codePoint: number;
}

/**
 * Finds the first character SQS does not allow in a message body, attribute value or type.
 * @param utf8Bytes the text's UTF-8 length, when the caller has it already
 * @example findInvalidCharacter('a\u0000') // { index: 1, codePoint: 0 }
 */
export function findInvalidCharacter(text: string, utf8Bytes?: number): InvalidCharacter | undefined {
  if (text.length >= SCAN_MIN && text.length <= SCAN_MAX && (utf8Bytes ?? Buffer.byteLength(text, 'utf8')) === text.length) {
    const index = findControlCharacter(text);
    return index === -1 ? undefined : { index, codePoint: text.charCodeAt(index) };
  }
  return findByPattern(text);
}

/** The reference check: one regular expression over the whole text (about 1 ns per character). */
export function findByPattern(text: string): InvalidCharacter | undefined {
  const match = INVALID.exec(text);
  if (match === null) return undefined;
  return { index: match.index, codePoint: match[0].codePointAt(0) ?? 0 };
}

/*
 * ASCII text (every character below U+0080, which `Buffer.byteLength(text) === text.length`
 * proves) can break the rule only with a control character other than tab, LF and CR. Such text
 * is copied into a scratch buffer and checked four bytes at a time. `(w - 0x20202020) & ~w &
 * 0x80808080` is non-zero when a byte of w is below 0x20 (given all bytes are below 0x80); it
 * is the cheap first look at 16 bytes. Where it fires, `disallowed` tells exactly, still four
 * bytes at a time, whether a control byte is one of the allowed three, so text with a newline
 * every line stays on the fast path. About a quarter of the regular expression's time on long
 * bodies; short texts keep the pattern.
 */
const SCAN_MIN = 256;
const SCAN_MAX = 1 << 21;
let scratch = Buffer.alloc(0);
let words = new Int32Array(0);

/** Index of the first disallowed control character in ASCII `text`, or -1. */
function findControlCharacter(text: string): number {
  const n = text.length;
  if (scratch.length < n + 16) {
    scratch = Buffer.allocUnsafeSlow(Math.max(n + 16, scratch.length * 2, 4096));
    words = new Int32Array(scratch.buffer, scratch.byteOffset, scratch.length >> 2);
  }
  scratch.write(text, 0, 'latin1');
  const full = n >> 2;
  let i = 0;
  for (; i + 4 <= full; i += 4) {
    const a = words[i] as number;
    const b = words[i + 1] as number;
    const c = words[i + 2] as number;
    const d = words[i + 3] as number;
    if ((((a - 0x20202020) & ~a) | ((b - 0x20202020) & ~b) | ((c - 0x20202020) & ~c) | ((d - 0x20202020) & ~d)) & 0x80808080) {
      if ((disallowed(a) | disallowed(b) | disallowed(c) | disallowed(d)) !== 0) return controlIn(i * 4, i * 4 + 16);
    }
  }
  return controlIn(i * 4, n);
}

/**
 * The high bit of each byte of `w` (ASCII bytes, as in the scratch buffer) that is a control
 * character other than tab, LF and CR. Exact: no carry crosses from one byte into the next.
 */
function disallowed(w: number): number {
  // A byte below 0x20 is one whose sum with 0x60 stays below 0x80.
  const control = ~(w + 0x60606060) & 0x80808080;
  if (control === 0) return 0;
  return control & ~(zeroBytes(w ^ 0x09090909) | zeroBytes(w ^ 0x0a0a0a0a) | zeroBytes(w ^ 0x0d0d0d0d));
}

/** The high bit of each zero byte of `y`, exactly, for bytes below 0x80 (no carry between them). */
function zeroBytes(y: number): number {
  return ~((y + 0x7f7f7f7f) | y) & 0x80808080;
}

function controlIn(from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const byte = scratch[k] as number;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return k;
  }
  return -1;
}

/** `U+0001 at index 5`: names the character without echoing the text around it. */
export function describeInvalidCharacter({ index, codePoint }: InvalidCharacter): string {
  return `character U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} at index ${index} is not allowed by SQS`;
}
