/** Printable ASCII (0x20–0x7E) with at least one character that is not a space. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*[\x21-\x7e][\x20-\x7e]*$/;

/**
 * Whether `text` is a name CloudWatch accepts: 1 to `maxLength` printable ASCII characters, not
 * all spaces. Namespaces, metric names and dimension names and values all follow this rule
 * (API_Dimension, API_MetricStreamFilter); ASCII makes characters, code points and bytes equal.
 */
export function isCloudWatchName(text: string, maxLength: number): boolean {
  return text.length >= 1 && text.length <= maxLength && PRINTABLE_ASCII.test(text);
}

/** Why `text` is not a CloudWatch name, naming the rule and never the value. */
export function nameProblem(text: unknown, maxLength: number): string | undefined {
  if (typeof text !== 'string') return `expected a string, got ${text === null ? 'null' : typeof text}`;
  if (text.length < 1 || text.length > maxLength) return `${text.length} characters; CloudWatch allows 1 to ${maxLength}`;
  if (!PRINTABLE_ASCII.test(text)) return 'CloudWatch allows only printable ASCII characters, not all spaces';
  return undefined;
}
