import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { utf8ByteLength } from '@batch/sink-common';
import { parseNumber, storedNumberSize } from './parseNumber.js';

/*
 * AWS's item-size rules ("DynamoDB item sizes and formats"): an item is the sum of its attribute
 * names (UTF-8 bytes) and values.
 * - String: UTF-8 bytes. Binary: raw bytes (not base64). Null, Boolean: 1 byte.
 * - Number: "approximately 1 byte per two significant digits, plus 1 byte". Exactly, DynamoDB
 *   stores a number as one exponent byte plus base-100 digit pairs aligned on even powers of ten,
 *   plus one byte for a negative number; so `1.2` (pairs `01`,`20`) takes 3 bytes where `12` takes
 *   2. This is the rule dynalite implements after checking it against DynamoDB, and never less
 *   than AWS's approximation. Zero is 1 byte.
 * - Sets: the sum of their elements' sizes.
 * - List and Map: 3 bytes, plus 1 byte per element, plus the elements (and, in a map, their names).
 */

/** Size in bytes of an item (a map of attribute names to values) by AWS's rules. */
export function itemSize(item: Readonly<Record<string, AttributeValue>>): number {
  let size = 0;
  for (const name in item) {
    const value = item[name];
    if (value !== undefined) size += utf8ByteLength(name) + attributeSize(value);
  }
  return size;
}

/** Size in bytes of one attribute value, without its name. */
export function attributeSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8ByteLength(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return sum(value.SS, utf8ByteLength);
  if (value.NS !== undefined) return sum(value.NS, numberSize);
  if (value.BS !== undefined) return sum(value.BS, (bytes) => bytes.byteLength);
  if (value.L !== undefined) return 3 + sum(value.L, (element) => 1 + attributeSize(element));
  if (value.M !== undefined) {
    let elements = 0;
    for (const name in value.M) if (value.M[name] !== undefined) elements++;
    return 3 + elements + itemSize(value.M);
  }
  return 0;
}

/**
 * Size in bytes of a number: 1 for zero; otherwise 1 exponent byte, the base-100 digit pairs, and
 * 1 byte more when negative. A string that is not a valid number is sized by its length (such a
 * value never reaches DynamoDB: the sink rejects it first).
 * @example numberSize('12') // 2; numberSize('1.2') // 3; numberSize('-12') // 3
 */
export function numberSize(text: string): number {
  const number = parseNumber(text);
  return number === undefined ? text.length + 2 : storedNumberSize(number);
}

function sum<T>(values: readonly T[], size: (value: T) => number): number {
  let total = 0;
  for (const value of values) total += size(value);
  return total;
}
