import type { AttributeValue, WriteRequest } from '@aws-sdk/client-dynamodb';
import { convertToAttr } from '@aws-sdk/util-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { InvalidJobError } from '@batch/core';
import { binaryBytes } from '@batch/sink-common';
import { measureItem } from './measureItem.js';
import { InvalidItemError } from './errors.js';
import type { InvalidKeyError } from './errors.js';
import { checkIndexKeys, extractKey } from './keySchema.js';
import type { KeySchema } from './keySchema.js';
import type { DynamoDbMarshallOptions } from './options.js';
import type { DynamoDbItem, DynamoDbJob } from './types.js';

/** `{"PutRequest":{"Item":` … `}}` and `{"DeleteRequest":{"Key":` … `}}`, plus the comma after it. */
const PUT_OVERHEAD = 22 + 2 + 1;
const DELETE_OVERHEAD = 24 + 2 + 1;

/** How jobs' items are turned into AttributeValues. */
export interface RecordSettings {
  readonly marshalled: boolean;
  readonly marshallOptions: DynamoDbMarshallOptions;
}

/**
 * A job as the sink keeps it after `prepare`: marshalled, checked and measured once; its key
 * and request settled as soon as the key schema is known.
 */
export class DynamoRecord {
  /**
   * Kept alive so that V8 keeps the sink's optimized code through an idle garbage collection
   * (the reason is at `SettlementGroup.kept` in `@batch/core`). Built by the constructor
   * alone, so nothing runs at import.
   */
  static readonly kept = new DynamoRecord('put', { pk: 'k' }, { pk: { S: 'k' } }, 0, 0);
  /** The job's own item, as given: hooks (`onJobFailed`, `onRetry`) see the job through these. */
  readonly put: DynamoDbItem | undefined;
  /** The job's own key, as given. */
  readonly delete: DynamoDbItem | undefined;
  readonly kind: 'put' | 'delete';
  /** AWS item size of a put (0 for a delete). */
  readonly itemSize: number;
  /** JSON bytes of the write request plus a comma: never less than what is sent. */
  readonly requestBytes: number;
  /** Canonical primary key, once the key schema is known and the key is valid. */
  key: string | undefined;
  /** The request to send, once `key` is known. */
  request: WriteRequest | undefined;
  /** Why the key is invalid, when that was found after `add()` (the schema was not known then). */
  keyError: InvalidKeyError | undefined;
  private readonly item: Record<string, AttributeValue>;

  private constructor(kind: 'put' | 'delete', source: DynamoDbItem, item: Record<string, AttributeValue>, requestBytes: number, size: number) {
    this.kind = kind;
    this.put = kind === 'put' ? source : undefined;
    this.delete = kind === 'delete' ? source : undefined;
    this.item = item;
    this.requestBytes = requestBytes;
    this.itemSize = kind === 'put' ? size : 0;
  }

  /**
   * Normalizes a user job: marshals and checks its item, and settles its key when `schema` is
   * known. Throws a typed error for anything DynamoDB would reject.
   */
  static from(job: DynamoDbJob, settings: RecordSettings, schema: KeySchema | undefined): DynamoRecord {
    if (job instanceof DynamoRecord) return job.copy(schema);
    if (job === null || typeof job !== 'object') throw new InvalidJobError('A DynamoDB job must be `{ put: item }` or `{ delete: key }`');
    const { put, delete: del } = job as { put?: unknown; delete?: unknown };
    if ((put === undefined) === (del === undefined)) {
      throw new InvalidJobError('A DynamoDB job must have exactly one of `put` and `delete`');
    }
    const kind = put === undefined ? 'delete' : 'put';
    const source = put ?? del;
    const item = settings.marshalled ? (source as Record<string, AttributeValue>) : marshal(source, settings.marshallOptions);
    const measure = measureItem(item, !settings.marshalled);
    const overhead = kind === 'put' ? PUT_OVERHEAD : DELETE_OVERHEAD;
    const record = new DynamoRecord(kind, source as DynamoDbItem, item, measure.jsonBytes + overhead, measure.itemSize);
    if (schema !== undefined) record.resolve(schema);
    return record;
  }

  /** Finds and checks the key, builds the request, and returns the key. @throws InvalidKeyError */
  resolve(schema: KeySchema): string {
    const { key, attributes } = extractKey(this.item, schema);
    if (this.kind === 'put') {
      checkIndexKeys(this.item, schema);
      this.request = { PutRequest: { Item: this.item } };
    } else {
      this.request = { DeleteRequest: { Key: attributes } };
    }
    this.key = key;
    return key;
  }

  /**
   * The same write as a new job (a record added again, e.g. from a hook). Its key is checked again
   * against `schema`: the record may come from another sink's table (a dead-letter table).
   */
  private copy(schema: KeySchema | undefined): DynamoRecord {
    const record = new DynamoRecord(this.kind, (this.put ?? this.delete) as DynamoDbItem, this.item, this.requestBytes, this.itemSize);
    if (schema !== undefined) record.resolve(schema);
    return record;
  }
}

function marshal(source: unknown, options: DynamoDbMarshallOptions): Record<string, AttributeValue> {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) {
    throw new InvalidItemError('expected an object of attribute names to values');
  }
  let converted: AttributeValue;
  try {
    converted = convertToAttr(source as NativeAttributeValue, options);
  } catch (error) {
    throw new InvalidItemError(marshallFailure(error));
  }
  if (converted.M === undefined) throw new InvalidItemError('expected an object of attribute names to values');
  // What the marshaller changes without a word is refused instead, as any value DynamoDB cannot
  // store: the item would be written other than it was given.
  const change = silentChange(source);
  if (change !== undefined) throw new InvalidItemError(change);
  return converted.M;
}

/**
 * What the marshaller would have changed in `value` without an error, if anything: a function
 * as a map or list value (it drops them), or a set whose elements are not all of the first one's
 * kind (it turns them into that kind: `new Set(['a', 5, fn])` becomes the strings "a", "5" and the
 * function's source). Walks what it walked: lists, `Map`s and objects' enumerable properties;
 * bytes are leaves. Only called once marshalling succeeded, so `value` holds no cycle.
 */
function silentChange(value: unknown): string | undefined {
  if (typeof value === 'function') return 'an attribute or list element is a function, which DynamoDB cannot store';
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) {
    for (const element of value as unknown[]) {
      const change = silentChange(element);
      if (change !== undefined) return change;
    }
    return undefined;
  }
  const kind = constructorName(value);
  if (kind === 'Set') return mixedSet(value as Set<unknown>) ? 'a set holds elements of different types (strings, numbers or binary, one kind per set)' : undefined;
  const values = kind === 'Map' ? (value as Map<unknown, unknown>).values() : undefined;
  if (values !== undefined) {
    for (const element of values) {
      const change = silentChange(element);
      if (change !== undefined) return change;
    }
    return undefined;
  }
  for (const name in value) {
    const element = (value as Record<string, unknown>)[name];
    // An inherited method (an old-style class's prototype, a Blob's) is not an attribute: the
    // marshaller skips it, as it should.
    if (typeof element === 'function' && !Object.hasOwn(value, name)) continue;
    const change = silentChange(element);
    if (change !== undefined) return change;
  }
  return undefined;
}

/** Whether a set's elements are not all strings, all numbers (number, bigint, NumberValue) or all binary. */
function mixedSet(set: Set<unknown>): boolean {
  let first: string | undefined;
  for (const element of set) {
    if (element === undefined) continue; // dropped with removeUndefinedValues, refused without
    const kind = setElementKind(element);
    if (kind === undefined) return true;
    first ??= kind;
    if (kind !== first) return true;
  }
  return false;
}

function setElementKind(element: unknown): 'S' | 'N' | 'B' | undefined {
  const kind = constructorName(element);
  if (typeof element === 'string' || kind === 'String') return 'S';
  if (typeof element === 'number' || typeof element === 'bigint' || kind === 'Number' || kind === 'NumberValue') return 'N';
  if (binaryBytes(element) !== undefined) return 'B';
  return undefined;
}

function constructorName(value: unknown): unknown {
  return (value as { constructor?: { name?: unknown } } | null)?.constructor?.name;
}

/**
 * The marshaller's messages print the offending value; ours name the rule instead (and carry no
 * `cause`, which would carry the value).
 */
function marshallFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'RangeError') return 'the value is cyclic or nested too deeply to marshal';
  const message = error instanceof Error ? error.message : '';
  if (message.includes('removeUndefinedValues')) return 'an attribute is `undefined` (pass `marshallOptions.removeUndefinedValues: true` to drop such values)';
  if (message.startsWith('Special numeric value')) return 'a number is NaN or infinite';
  if (message.includes('MAX_SAFE_INTEGER') || message.includes('MIN_SAFE_INTEGER')) {
    return 'a number is beyond Number.MAX_SAFE_INTEGER (use a BigInt or NumberValue, or `marshallOptions.allowImpreciseNumbers`)';
  }
  if (message.includes('non-empty set')) return 'a set is empty (DynamoDB has no empty sets; `marshallOptions.convertEmptyValues` stores null)';
  if (message.includes('Only Number Set')) return 'a set holds values that are not strings, numbers or binary';
  if (message.startsWith('Unsupported type')) {
    return 'a value has an unsupported type (a function, symbol or class instance; pass `marshallOptions.convertClassInstanceToMap: true` for class instances)';
  }
  return `the marshaller refused a value (${error instanceof Error ? error.name : typeof error})`;
}
