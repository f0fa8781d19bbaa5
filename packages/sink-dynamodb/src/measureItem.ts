import { findAsciiControl, utf8ByteLength } from '@batch/sink-common';
import { InvalidItemError } from './errors.js';
import { DYNAMODB_LIMITS } from './limits.js';
import { canonicalNumber, parseNumber, plainNumberSize, storedNumberSize } from './parseNumber.js';
import type { DynamoNumber } from './parseNumber.js';

/*
 * Checks a marshalled item against the rules DynamoDB enforces on every value, any of which
 * would fail a whole BatchWriteItem request, and measures it in the same walk: the bytes of its
 * JSON encoding (what the SDK sends, binary as base64, and what the 16 MB request limit counts)
 * and its size by AWS's item-size rules (the 400 KB limit; the rules are in itemSize.ts, which
 * computes the same size on its own and is the reference the tests hold this walk to).
 */

const EXACTLY_ONE = 'an AttributeValue must have exactly one of S, N, B, BOOL, NULL, SS, NS, BS, L, M';

/** What one walk over a marshalled item finds. */
export interface ItemMeasure {
  /** Bytes of the item's JSON encoding. */
  readonly jsonBytes: number;
  /** The item's size by AWS's item-size rules. */
  readonly itemSize: number;
}

/*
 * The state of the walk in progress: the item size so far and whether binary views may be
 * replaced. Module variables rather than an object per walk: V8 drops optimized code that has
 * seen an object's hidden class once no object of that class is left, so a short-lived state
 * object made the whole walk re-optimize after every idle garbage collection (about 40 ms of
 * compiler time in the benchmark's fresh processes).
 */
let walkSize = 0;
let walkAdopt = false;

/**
 * Validates `item` as a map of attribute names to AttributeValues and measures it. With
 * `adoptBinary`, binary values that are not `Uint8Array`s (`ArrayBuffer`, other typed arrays,
 * `DataView`) are replaced in place by a `Uint8Array` view of the same bytes, which is what the
 * SDK can encode; without it (the item is the caller's), they are refused.
 * @throws InvalidItemError naming the broken rule.
 */
export function measureItem(item: unknown, adoptBinary: boolean): ItemMeasure {
  if (!isPlainRecord(item)) throw new InvalidItemError('expected a map of attribute names to values');
  // Saved and restored, so that a walk started from inside this one (a getter in an item) cannot
  // disturb it.
  const outerSize = walkSize;
  const outerAdopt = walkAdopt;
  walkSize = 0;
  walkAdopt = adoptBinary;
  try {
    const jsonBytes = mapBytes(item, 0, false);
    return { jsonBytes, itemSize: walkSize };
  } finally {
    walkSize = outerSize;
    walkAdopt = outerAdopt;
  }
}

/** JSON bytes of a map; adds its names and values (and, when `nested`, a map's overhead) to the size. */
function mapBytes(map: Record<string, unknown>, depth: number, nested: boolean): number {
  let bytes = 2; // {}
  let count = 0;
  for (const name in map) {
    const value = map[name];
    if (value === undefined) continue; // JSON drops it, as the SDK does
    if (name === '') throw new InvalidItemError('an attribute name is empty');
    const nameBytes = stringBytes(name);
    if (lastUtf8 > DYNAMODB_LIMITS.maxAttributeNameBytes) {
      throw new InvalidItemError(`an attribute name is longer than ${DYNAMODB_LIMITS.maxAttributeNameBytes} bytes`);
    }
    walkSize += lastUtf8;
    bytes += nameBytes + 1 + valueBytes(value, depth);
    count++;
  }
  // A map value: 3 bytes plus 1 per element.
  if (nested) walkSize += 3 + count;
  return bytes + Math.max(0, count - 1);
}

function valueBytes(value: unknown, depth: number): number {
  if (!isPlainRecord(value)) throw new InvalidItemError('expected an AttributeValue object');
  let type: string | undefined;
  for (const key in value) {
    if (value[key] === undefined) continue;
    // An unknown name is refused by the switch's default.
    if (type !== undefined) throw new InvalidItemError(EXACTLY_ONE);
    type = key;
  }
  const data = type === undefined ? undefined : value[type];
  switch (type) {
    case 'S': {
      if (typeof data !== 'string') break;
      const bytes = 6 + stringBytes(data);
      walkSize += lastUtf8;
      return bytes;
    }
    case 'N': {
      if (typeof data !== 'string') break;
      const plain = plainNumberSize(data);
      walkSize += plain !== -1 ? plain : storedNumberSize(checkNumber(data));
      return 8 + data.length;
    }
    case 'B': {
      const bytes = binary(data, walkAdopt, value, 'B');
      walkSize += bytes.byteLength;
      return 8 + base64Bytes(bytes);
    }
    case 'BOOL':
      if (typeof data !== 'boolean') break;
      walkSize += 1;
      return data ? 13 : 14;
    case 'NULL':
      if (data !== true) throw new InvalidItemError('NULL must be true');
      walkSize += 1;
      return 13;
    case 'SS': {
      const elements = setElements(data, 'string set');
      let bytes = 9 + elements.length - 1;
      for (const element of elements) {
        if (typeof element !== 'string') throw new InvalidItemError('a string set holds a non-string');
        bytes += stringBytes(element);
        walkSize += lastUtf8;
      }
      assertDistinct(elements as string[], 'string set');
      return bytes;
    }
    case 'NS': {
      const elements = setElements(data, 'number set');
      const identities = new Array<string>(elements.length);
      let bytes = 9 + elements.length - 1;
      for (let i = 0; i < elements.length; i++) {
        const element = elements[i];
        if (typeof element !== 'string') throw new InvalidItemError('a number set holds a non-string');
        const number = checkNumber(element);
        walkSize += storedNumberSize(number);
        identities[i] = canonicalNumber(number);
        bytes += element.length + 2;
      }
      assertDistinct(identities, 'number set');
      return bytes;
    }
    case 'BS': {
      const elements = setElements(data, 'binary set');
      const identities = new Array<string>(elements.length);
      let bytes = 9 + elements.length - 1;
      for (let i = 0; i < elements.length; i++) {
        const element = binary(elements[i], walkAdopt, elements, i);
        walkSize += element.byteLength;
        identities[i] = Buffer.from(element.buffer, element.byteOffset, element.byteLength).toString('base64');
        bytes += base64Bytes(element) + 2;
      }
      assertDistinct(identities, 'binary set');
      return bytes;
    }
    case 'L': {
      if (!Array.isArray(data)) break;
      nested(depth);
      // A list: 3 bytes plus 1 per element.
      walkSize += 3 + data.length;
      let bytes = 8 + Math.max(0, data.length - 1);
      for (const element of data) bytes += valueBytes(element, depth + 1);
      return bytes;
    }
    case 'M':
      if (!isPlainRecord(data)) break;
      nested(depth);
      return 6 + mapBytes(data, depth + 1, true);
    default:
      throw new InvalidItemError(EXACTLY_ONE);
  }
  throw new InvalidItemError(`${type} holds a value of the wrong type`);
}

function nested(depth: number): void {
  if (depth + 1 > DYNAMODB_LIMITS.maxNestingDepth) {
    throw new InvalidItemError(`lists and maps are nested deeper than ${DYNAMODB_LIMITS.maxNestingDepth} levels`);
  }
}

/** Validates a number string; returns it parsed. */
function checkNumber(text: string): DynamoNumber {
  const number = parseNumber(text);
  if (number === undefined) {
    throw new InvalidItemError(
      `a number is not decimal notation, has more than ${DYNAMODB_LIMITS.maxNumberDigits} significant digits, or is outside 1E-130 to 9.99E+125 in magnitude`,
    );
  }
  return number;
}

/** A set's elements: an array, never empty. */
function setElements(data: unknown, kind: string): unknown[] {
  if (!Array.isArray(data)) throw new InvalidItemError(`a ${kind} is not an array`);
  if (data.length === 0) throw new InvalidItemError(`a ${kind} is empty`);
  return data;
}

/** Refuses a set whose elements' identities repeat; small sets are compared pairwise, allocating nothing. */
function assertDistinct(identities: readonly string[], kind: string): void {
  const n = identities.length;
  let repeated = false;
  if (n <= 8) {
    for (let i = 1; i < n && !repeated; i++) for (let j = 0; j < i; j++) if (identities[i] === identities[j]) repeated = true;
  } else {
    repeated = new Set(identities).size !== n;
  }
  if (repeated) throw new InvalidItemError(`a ${kind} holds duplicates`);
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

/** UTF-8 bytes of the string `stringBytes` measured last (a result slot, to allocate nothing). */
let lastUtf8 = 0;

/**
 * From this length on, a string is checked natively: a four-byte-at-a-time control scan that
 * also tells ASCII (`findAsciiControl`) and a search for `"` and `\\`, together about a fifth of
 * a regular expression's time. Shorter strings (names, most values) are checked one
 * character at a time, which costs less than those calls.
 */
const NATIVE_MIN = 48;

/**
 * Bytes of `text` as a JSON string literal, quotes and escapes included; leaves its UTF-8 bytes
 * in `lastUtf8`. Plain ASCII (printable, no `"` or `\\`: the common case) is measured without
 * building the JSON text; anything else through `JSON.stringify`, which escapes as the SDK does.
 */
function stringBytes(text: string): number {
  const n = text.length;
  if (n < NATIVE_MIN) {
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7f || c === 0x22 || c === 0x5c) return escapedBytes(text, utf8ByteLength(text));
    }
  } else if (findAsciiControl(text, false) !== -1 || text.indexOf('"') !== -1 || text.indexOf('\\') !== -1) {
    // Not ASCII, or a character JSON escapes.
    return escapedBytes(text, utf8ByteLength(text));
  }
  lastUtf8 = n;
  return n + 2;
}

function escapedBytes(text: string, utf8: number): number {
  lastUtf8 = utf8;
  return utf8ByteLength(JSON.stringify(text));
}

/** Bytes of `text` as a JSON string literal, quotes and escapes included. */
export function jsonStringBytes(text: string): number {
  return stringBytes(text);
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
