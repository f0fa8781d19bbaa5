import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { binaryBytes, utf8ByteLength } from '@batch/sink-common';
import { InvalidMessageAttributeError } from './errors.js';
import { describeInvalidCharacter, findInvalidCharacter } from './findInvalidCharacter.js';
import { SQS_LIMITS } from './limits.js';
import type { SqsAttributeValue, SqsMessageAttributeValue } from './types.js';

/** Attributes as sent, and what they add to the message size. */
export interface NormalizedAttributes {
  readonly attributes: Record<string, MessageAttributeValue>;
  /** Bytes as SQS counts them: name + data type + value, UTF-8 strings, raw binary. */
  readonly size: number;
}

const NAME = /^[A-Za-z0-9_.-]+$/;
const RESERVED_PREFIX = /^(aws\.|amazon\.)/i;
const DATA_TYPE = /^(String|Number|Binary)(\.[\s\S]+)?$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Checks and converts a job's message attributes once, at `add()`, following SQS's rules
 * ("Message metadata for Amazon SQS"): at most 10; names of 1 to 256 characters from
 * `A-Za-z0-9_-.`, not starting with `AWS.`/`Amazon.` (any case) or a period, not ending with a
 * period, no `..`; data type `String`, `Number` or `Binary` with an optional custom label, at
 * most 256 characters; values non-empty; string values and labels in SQS's character set;
 * numbers of at most 38 digits between 10^-128 and 10^126.
 *
 * @throws InvalidMessageAttributeError naming the rule broken (never the value).
 */
export function normalizeMessageAttributes(raw: unknown): NormalizedAttributes {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || binaryBytes(raw) !== undefined) {
    throw new InvalidMessageAttributeError('`messageAttributes` must be an object of name → value');
  }
  const names = Object.keys(raw);
  if (names.length > SQS_LIMITS.maxMessageAttributes) {
    throw new InvalidMessageAttributeError(`${names.length} attributes; SQS allows at most ${SQS_LIMITS.maxMessageAttributes} per message`);
  }
  const attributes: Record<string, MessageAttributeValue> = {};
  let size = 0;
  for (const name of names) {
    checkName(name);
    const value = toAttributeValue((raw as Record<string, SqsAttributeValue>)[name], name);
    attributes[name] = value;
    size += utf8ByteLength(name) + utf8ByteLength(value.DataType ?? '');
    size += value.BinaryValue === undefined ? utf8ByteLength(value.StringValue ?? '') : value.BinaryValue.byteLength;
  }
  return { attributes, size };
}

function checkName(name: string): void {
  if (name.length === 0 || name.length > SQS_LIMITS.maxAttributeNameLength) {
    throw new InvalidMessageAttributeError(`a name of ${name.length} characters; SQS allows 1 to ${SQS_LIMITS.maxAttributeNameLength}`);
  }
  if (!NAME.test(name)) throw new InvalidMessageAttributeError('names may contain only A-Z, a-z, 0-9, `_`, `-` and `.`');
  if (RESERVED_PREFIX.test(name)) throw new InvalidMessageAttributeError('names starting with `AWS.` or `Amazon.` are reserved');
  if (name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
    throw new InvalidMessageAttributeError('names must not start or end with a period or hold two in a row');
  }
}

function toAttributeValue(value: SqsAttributeValue | undefined, name: string): MessageAttributeValue {
  if (typeof value === 'string') return checkString({ DataType: 'String', StringValue: value }, 'String', name);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidMessageAttributeError('a number attribute must be finite', name);
    return checkNumber({ DataType: 'Number', StringValue: String(value) }, name);
  }
  const bytes = binaryBytes(value);
  if (bytes !== undefined) return checkBinary({ DataType: 'Binary', BinaryValue: bytes }, name);
  if (value === null || typeof value !== 'object') {
    throw new InvalidMessageAttributeError(`expected a string, a number, bytes or { DataType, StringValue | BinaryValue }, got ${value === null ? 'null' : typeof value}`, name);
  }
  const attribute = value as SqsMessageAttributeValue; // not binary (checked above)
  const { DataType: dataType, StringValue: stringValue, BinaryValue: binaryValue } = attribute;
  if (hasItems(attribute.StringListValues) || hasItems(attribute.BinaryListValues)) {
    throw new InvalidMessageAttributeError('list values are reserved by SQS and not implemented', name);
  }
  if (typeof dataType !== 'string') throw new InvalidMessageAttributeError('`DataType` must be a string', name);
  const match = DATA_TYPE.exec(dataType);
  if (match === null) throw new InvalidMessageAttributeError('`DataType` must be String, Number or Binary, optionally followed by `.` and a label', name);
  if (dataType.length > SQS_LIMITS.maxAttributeTypeLength) {
    throw new InvalidMessageAttributeError(`a \`DataType\` of ${dataType.length} characters; SQS allows at most ${SQS_LIMITS.maxAttributeTypeLength}`, name);
  }
  const invalid = findInvalidCharacter(dataType);
  if (invalid !== undefined) throw new InvalidMessageAttributeError(`\`DataType\` label: ${describeInvalidCharacter(invalid)}`, name);
  const base = match[1] as 'String' | 'Number' | 'Binary';
  if (base === 'Binary') {
    if (stringValue !== undefined) throw new InvalidMessageAttributeError('a Binary attribute takes `BinaryValue`, not `StringValue`', name);
    return checkBinary({ DataType: dataType, BinaryValue: binaryValue }, name);
  }
  if (binaryValue !== undefined) throw new InvalidMessageAttributeError(`a ${base} attribute takes \`StringValue\`, not \`BinaryValue\``, name);
  const normalized = { DataType: dataType, StringValue: stringValue as string };
  return base === 'Number' ? checkNumber(normalized, name) : checkString(normalized, base, name);
}

function checkString(value: MessageAttributeValue, base: string, name: string): MessageAttributeValue {
  const text: unknown = value.StringValue;
  if (typeof text !== 'string' || text.length === 0) throw new InvalidMessageAttributeError(`a ${base} attribute needs a non-empty string \`StringValue\``, name);
  const invalid = findInvalidCharacter(text);
  if (invalid !== undefined) throw new InvalidMessageAttributeError(`value: ${describeInvalidCharacter(invalid)}`, name);
  return value;
}

function checkNumber(value: MessageAttributeValue, name: string): MessageAttributeValue {
  checkString(value, 'Number', name);
  if (!isSqsNumber(value.StringValue as string)) {
    throw new InvalidMessageAttributeError(
      `a Number must be a decimal of at most ${SQS_LIMITS.maxNumberDigits} digits, 0 or between 10^${SQS_LIMITS.minNumberExponent} and 10^${SQS_LIMITS.maxNumberExponent} in magnitude`,
      name,
    );
  }
  return value;
}

function checkBinary(value: MessageAttributeValue, name: string): MessageAttributeValue {
  const bytes = binaryBytes(value.BinaryValue);
  if (bytes === undefined || bytes.byteLength === 0) {
    throw new InvalidMessageAttributeError('a Binary attribute needs non-empty bytes (a Uint8Array, typed array or ArrayBuffer) as `BinaryValue`', name);
  }
  return bytes === value.BinaryValue ? value : { ...value, BinaryValue: bytes };
}

function hasItems(list: readonly unknown[] | undefined): boolean {
  return Array.isArray(list) && list.length > 0;
}

/**
 * Whether `text` is a number SQS accepts: a decimal (optionally with an exponent) with at most
 * 38 significant digits, zero or of magnitude between 10^-128 and 10^126.
 */
export function isSqsNumber(text: string): boolean {
  const match = NUMBER.exec(text);
  if (match === null) return false;
  const mantissa = match[1] as string;
  const exponent = match[2] === undefined ? 0 : Number(match[2].slice(1));
  const point = mantissa.indexOf('.');
  const integerDigits = point === -1 ? mantissa.length : point;
  const digits = mantissa.replace('.', '');
  const first = digits.search(/[1-9]/);
  if (first === -1) return true; // zero
  const significant = digits.slice(first).replace(/0+$/, '');
  if (significant.length > SQS_LIMITS.maxNumberDigits) return false;
  // The value is 0.d1d2… × 10^order+1, so its leading digit stands for 10^order.
  const order = integerDigits - first - 1 + exponent;
  if (order < SQS_LIMITS.minNumberExponent) return false;
  if (order > SQS_LIMITS.maxNumberExponent) return false;
  return order < SQS_LIMITS.maxNumberExponent || significant === '1';
}
