import { utf8ByteLength } from '@batch/sink-common';
import { InvalidItemError } from './errors.js';
import { DYNAMODB_LIMITS } from './limits.js';
import { canonicalNumber, parseNumber } from './parseNumber.js';

/*
 * Checks a marshalled item against the rules DynamoDB enforces on every value, any of which
 * would fail a whole BatchWriteItem request, and measures its JSON encoding: what the SDK sends
 * (JSON, binary as base64) and what the 16 MB request limit counts.
 */

const TYPES: ReadonlySet<string> = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M']);

/**
 * Validates `item` as a map of attribute names to AttributeValues and returns the bytes of its
 * JSON encoding. With `adoptBinary`, binary values that are not `Uint8Array`s (`ArrayBuffer`,
 * other typed arrays, `DataView`) are replaced in place by a `Uint8Array` view of the same bytes,
 * which is what the SDK can encode; without it (the item is the caller's), they are refused.
 * @throws InvalidItemError naming the broken rule.
 */
export function checkItem(item: unknown, adoptBinary: boolean): number {
  if (!isPlainRecord(item)) throw new InvalidItemError('expected a map of attribute names to values');
  return mapBytes(item, 0, adoptBinary);
}

function mapBytes(map: Record<string, unknown>, depth: number, adopt: boolean): number {
  let bytes = 2; // {}
  let count = 0;
  for (const name in map) {
    const value = map[name];
    if (value === undefined) continue; // JSON drops it, as the SDK does
    if (name === '') throw new InvalidItemError('an attribute name is empty');
    const nameBytes = jsonStringBytes(name);
    if (nameBytes - 2 > DYNAMODB_LIMITS.maxAttributeNameBytes) {
      throw new InvalidItemError(`an attribute name is longer than ${DYNAMODB_LIMITS.maxAttributeNameBytes} bytes`);
    }
    bytes += nameBytes + 1 + valueBytes(value, depth, adopt);
    count++;
  }
  return bytes + Math.max(0, count - 1);
}

function valueBytes(value: unknown, depth: number, adopt: boolean): number {
  if (!isPlainRecord(value)) throw new InvalidItemError('expected an AttributeValue object');
  let type: string | undefined;
  for (const key in value) {
    if (value[key] === undefined) continue;
    if (!TYPES.has(key) || type !== undefined) throw new InvalidItemError('an AttributeValue must have exactly one of S, N, B, BOOL, NULL, SS, NS, BS, L, M');
    type = key;
  }
  const data = type === undefined ? undefined : value[type];
  switch (type) {
    case 'S':
      if (typeof data !== 'string') break;
      return 6 + jsonStringBytes(data);
    case 'N':
      if (typeof data !== 'string') break;
      checkNumber(data);
      return 8 + data.length;
    case 'B':
      return 8 + base64Bytes(binary(data, adopt, value, 'B'));
    case 'BOOL':
      if (typeof data !== 'boolean') break;
      return data ? 13 : 14;
    case 'NULL':
      if (data !== true) throw new InvalidItemError('NULL must be true');
      return 13;
    case 'SS':
      return 9 + setBytes(data, 'string set', (element) => {
        if (typeof element !== 'string') throw new InvalidItemError('a string set holds a non-string');
        return [element, jsonStringBytes(element)];
      });
    case 'NS':
      return 9 + setBytes(data, 'number set', (element) => {
        if (typeof element !== 'string') throw new InvalidItemError('a number set holds a non-string');
        return [checkNumber(element), element.length + 2];
      });
    case 'BS':
      return 9 + setBytes(data, 'binary set', (element, index, elements) => {
        const bytes = binary(element, adopt, elements, index);
        return [Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), base64Bytes(bytes) + 2];
      });
    case 'L': {
      if (!Array.isArray(data)) break;
      nested(depth);
      let bytes = 8 + Math.max(0, data.length - 1);
      for (const element of data) bytes += valueBytes(element, depth + 1, adopt);
      return bytes;
    }
    case 'M':
      if (!isPlainRecord(data)) break;
      nested(depth);
      return 6 + mapBytes(data, depth + 1, adopt);
    default:
      throw new InvalidItemError('an AttributeValue must have exactly one of S, N, B, BOOL, NULL, SS, NS, BS, L, M');
  }
  throw new InvalidItemError(`${type} holds a value of the wrong type`);
}

function nested(depth: number): void {
  if (depth + 1 > DYNAMODB_LIMITS.maxNestingDepth) {
    throw new InvalidItemError(`lists and maps are nested deeper than ${DYNAMODB_LIMITS.maxNestingDepth} levels`);
  }
}

/** Validates a number string; returns its canonical form (for duplicate detection in sets). */
function checkNumber(text: string): string {
  const number = parseNumber(text);
  if (number === undefined) {
    throw new InvalidItemError(
      `a number is not decimal notation, has more than ${DYNAMODB_LIMITS.maxNumberDigits} significant digits, or is outside 1E-130 to 9.99E+125 in magnitude`,
    );
  }
  return canonicalNumber(number);
}

/** Sets must be arrays, non-empty, without duplicates; returns the bytes of the elements and commas. */
function setBytes(
  data: unknown,
  kind: string,
  element: (value: unknown, index: number, elements: unknown[]) => [identity: string, bytes: number],
): number {
  if (!Array.isArray(data)) throw new InvalidItemError(`a ${kind} is not an array`);
  if (data.length === 0) throw new InvalidItemError(`a ${kind} is empty`);
  const seen = new Set<string>();
  let bytes = data.length - 1;
  for (let i = 0; i < data.length; i++) {
    const [identity, size] = element(data[i], i, data);
    if (seen.has(identity)) throw new InvalidItemError(`a ${kind} holds duplicates`);
    seen.add(identity);
    bytes += size;
  }
  return bytes;
}

/**
 * A binary value as a Uint8Array; with `adopt`, other binary views are replaced in place. Tested
 * by tag, not `instanceof`: a Buffer or typed array may come from another realm (vm, Jest).
 */
function binary(value: unknown, adopt: boolean, holder: Record<string, unknown> | unknown[], slot: string | number): Uint8Array {
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Uint8Array]') return value as Uint8Array;
  if (adopt) {
    let bytes: Uint8Array | undefined;
    if (tag === '[object ArrayBuffer]') bytes = new Uint8Array(value as ArrayBuffer);
    else if (ArrayBuffer.isView(value)) bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (bytes !== undefined) {
      (holder as Record<string | number, unknown>)[slot] = bytes;
      return bytes;
    }
  }
  throw new InvalidItemError(
    adopt ? 'a binary value is not an ArrayBuffer or a typed array (a Blob cannot be read synchronously)' : 'a binary value is not a Uint8Array',
  );
}

function base64Bytes(bytes: Uint8Array): number {
  return 4 * Math.ceil(bytes.byteLength / 3);
}

/** Bytes of `text` as a JSON string literal, quotes and escapes included. */
export function jsonStringBytes(text: string): number {
  return utf8ByteLength(JSON.stringify(text));
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
