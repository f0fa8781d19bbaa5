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
 * @example findInvalidCharacter('a\u0000') // { index: 1, codePoint: 0 }
 */
export function findInvalidCharacter(text: string): InvalidCharacter | undefined {
  const match = INVALID.exec(text);
  if (match === null) return undefined;
  return { index: match.index, codePoint: match[0].codePointAt(0) ?? 0 };
}

/** `U+0001 at index 5`: names the character without echoing the text around it. */
export function describeInvalidCharacter({ index, codePoint }: InvalidCharacter): string {
  return `character U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} at index ${index} is not allowed by SQS`;
}
