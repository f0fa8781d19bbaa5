import { DYNAMODB_LIMITS } from './limits.js';

/** A DynamoDB number, normalized: what DynamoDB stores, compares and sizes. */
export interface DynamoNumber {
  readonly negative: boolean;
  /** Significant digits, without leading or trailing zeros; `''` for zero. */
  readonly digits: string;
  /** Power of ten of the first significant digit (0 for zero): `12.5` is digits `125`, exponent 1. */
  readonly exponent: number;
}

/** Decimal notation as JavaScript, BigInt and NumberValue print it: `-12.5`, `1e+21`, `3E-7`. */
const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a DynamoDB number string, or returns `undefined` when DynamoDB would not accept it: not
 * decimal notation (a leading `+`, `.5`, `5.`, spaces, `NaN`, `Infinity` are refused), more than
 * 38 significant digits, or a magnitude outside 1E-130 to 9.99…E+125.
 * @example parseNumber('120.50') // { negative: false, digits: '1205', exponent: 2 }
 */
export function parseNumber(text: string): DynamoNumber | undefined {
  const match = NUMBER.exec(text);
  if (match === null) return undefined;
  const whole = match[2] ?? '';
  const all = whole + (match[3] ?? '');
  let lead = 0;
  while (lead < all.length && all.charCodeAt(lead) === 48) lead++;
  if (lead === all.length) return { negative: false, digits: '', exponent: 0 };
  let end = all.length;
  while (all.charCodeAt(end - 1) === 48) end--;
  const digits = all.slice(lead, end);
  const exponent = whole.length - lead - 1 + Number(match[4] ?? '0');
  if (
    digits.length > DYNAMODB_LIMITS.maxNumberDigits ||
    !(exponent >= DYNAMODB_LIMITS.minNumberExponent && exponent <= DYNAMODB_LIMITS.maxNumberExponent)
  ) {
    return undefined;
  }
  return { negative: match[1] === '-', digits, exponent };
}

/**
 * One string per numeric value (`1`, `1.0` and `10e-1` agree), as DynamoDB compares key values.
 * @example canonicalNumber(parseNumber('-1.50')) // '-15E0'
 */
export function canonicalNumber(number: DynamoNumber): string {
  if (number.digits === '') return '0';
  return `${number.negative ? '-' : ''}${number.digits}E${number.exponent}`;
}

/**
 * Bytes DynamoDB stores for a number: 1 for zero; otherwise 1 exponent byte, the base-100 digit
 * pairs, and 1 byte more when negative (see itemSize.ts).
 */
export function storedNumberSize(number: DynamoNumber): number {
  const n = number.digits.length;
  if (n === 0) return 1;
  // A first digit at an odd power of ten opens a full pair; at an even power it fills the low
  // half of its pair on its own.
  const pairs = number.exponent % 2 !== 0 ? Math.ceil(n / 2) : 1 + Math.ceil((n - 1) / 2);
  return 1 + pairs + (number.negative ? 1 : 0);
}

/**
 * `storedNumberSize(parseNumber(text))` without the parse, for the common plain decimal form
 * (`-?digits` with an optional `.digits`, at most 40 characters, so the magnitude is always in
 * range); -1 for any other text, including more than 38 significant digits, which
 * `parseNumber` then decides. Allocates nothing.
 * @example plainNumberSize('-120.50') // 4
 */
export function plainNumberSize(text: string): number {
  const length = text.length;
  if (length === 0 || length > 40) return -1;
  const negative = text.charCodeAt(0) === 45; // -
  const start = negative ? 1 : 0;
  let point = -1;
  for (let k = start; k < length; k++) {
    const c = text.charCodeAt(k);
    if (c === 46 && point === -1) point = k; // .
    else if (c < 48 || c > 57) return -1;
  }
  // Digits on both sides of a point, and at least one in all.
  if (point === start || point === length - 1 || start === length) return -1;
  const wholeEnd = point === -1 ? length : point;
  // The first and last non-zero digits.
  let first = -1;
  let last = -1;
  for (let k = start; k < length; k++) {
    const c = text.charCodeAt(k);
    if (c > 48 && c <= 57) {
      if (first === -1) first = k;
      last = k;
    }
  }
  if (first === -1) return 1; // zero
  // Significant digits between them, not counting the point.
  const digits = last - first + 1 - (point > first && point < last ? 1 : 0);
  if (digits > 38) return -1;
  // Power of ten of the first significant digit.
  const exponent = first < wholeEnd ? wholeEnd - first - 1 : wholeEnd - first;
  const pairs = exponent % 2 !== 0 ? Math.ceil(digits / 2) : 1 + Math.ceil((digits - 1) / 2);
  return 1 + pairs + (negative ? 1 : 0);
}
