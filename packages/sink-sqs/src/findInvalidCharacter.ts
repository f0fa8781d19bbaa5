import { NOT_ASCII, findAsciiControl, utf8ByteLength } from '@batch/sink-common';

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

/** A text's UTF-8 length and the first character SQS rejects in it, if any. */
export interface TextCheck {
  readonly utf8Bytes: number;
  readonly invalid: InvalidCharacter | undefined;
}

/**
 * Measures `text` and finds the first character SQS does not allow in it: for long ASCII text
 * (most message bodies) in one pass that does both.
 * @example checkText('a\u0000') // { utf8Bytes: 2, invalid: { index: 1, codePoint: 0 } }
 */
export function checkText(text: string): TextCheck {
  const scan = scanAscii(text);
  // ASCII without a control character: its length is its UTF-8 length.
  if (scan === -1) return { utf8Bytes: text.length, invalid: undefined };
  return { utf8Bytes: utf8ByteLength(text), invalid: invalidAt(text, scan) };
}

/**
 * Finds the first character SQS does not allow in a message body, attribute value or type.
 * @example findInvalidCharacter('a\u0000') // { index: 1, codePoint: 0 }
 */
export function findInvalidCharacter(text: string): InvalidCharacter | undefined {
  const scan = scanAscii(text);
  return scan === -1 ? undefined : invalidAt(text, scan);
}

/** `findAsciiControl` for long text; `NOT_ASCII` (the pattern's case) for short text. */
function scanAscii(text: string): number {
  return text.length >= SCAN_MIN ? findAsciiControl(text, true) : NOT_ASCII;
}

/** The invalid character a scan found, or the pattern's answer where the scan could not tell. */
function invalidAt(text: string, scan: number): InvalidCharacter | undefined {
  return scan === NOT_ASCII ? findByPattern(text) : { index: scan, codePoint: text.charCodeAt(scan) };
}

/** The reference check: one regular expression over the whole text (about 1 ns per character). */
export function findByPattern(text: string): InvalidCharacter | undefined {
  const match = INVALID.exec(text);
  if (match === null) return undefined;
  return { index: match.index, codePoint: match[0].codePointAt(0) ?? 0 };
}

/**
 * ASCII text (every character below U+0080) can break the rule only with a control character
 * other than tab, LF and CR, which `findAsciiControl` finds four bytes at a time, telling ASCII
 * from other text as it goes (together about a fifth of the pattern's time on long bodies).
 * Short texts keep the pattern: its setup is cheaper than the copy.
 */
const SCAN_MIN = 256;

/** `U+0001 at index 5`: names the character without echoing the text around it. */
export function describeInvalidCharacter({ index, codePoint }: InvalidCharacter): string {
  return `character U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} at index ${index} is not allowed by SQS`;
}
