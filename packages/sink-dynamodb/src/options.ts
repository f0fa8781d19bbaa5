import type { marshallOptions } from '@aws-sdk/util-dynamodb';
import { InvalidOptionError } from '@batch/core';
import { booleanOption, clientOption, integerOption, utf8ByteLength } from '@batch/sink-common';
import { DYNAMODB_LIMITS } from './limits.js';
import type { DynamoDbClientLike, KeyAttributeType } from './types.js';

/** A key attribute: its name, or its name and type (then a value of another type rejects at `add()`). */
export type KeyAttributeOption = string | { readonly name: string; readonly type: KeyAttributeType };

/**
 * Options passed to `@aws-sdk/util-dynamodb`'s marshaller (its `marshallOptions`, except
 * `convertTopLevelContainer`: a job's item is always the top-level map).
 */
export type DynamoDbMarshallOptions = Omit<marshallOptions, 'convertTopLevelContainer'>;

/** Options of `dynamoDbSink`. */
export interface DynamoDbSinkOptions {
  /** An AWS SDK v3 DynamoDB client (any copy of the SDK; only `send` is used). Required. */
  readonly client: DynamoDbClientLike;
  /** The table's name (3 to 255 characters `[a-zA-Z0-9_.-]`) or ARN. Required. */
  readonly tableName: string;
  /**
   * The table's primary key: `[partitionKey]` or `[partitionKey, sortKey]`, each a name or
   * `{ name, type }`. With it, every check happens at `add()`. Without it, the sink reads the key
   * schema with one `DescribeTable` on the first `add()` (needs `dynamodb:DescribeTable`); jobs
   * added before the answer are checked for their key when sent and go one per request (see the
   * README); `dynamoDbSinkForTable` reads it before the first job instead.
   * @default read from the table
   */
  readonly keyAttributes?: readonly KeyAttributeOption[] | undefined;
  /**
   * Passed to the marshaller, e.g. `{ removeUndefinedValues: true }`. Not allowed with `marshalled`.
   * @default {} (the marshaller's defaults: `undefined` values and class instances are refused)
   */
  readonly marshallOptions?: DynamoDbMarshallOptions | undefined;
  /**
   * Jobs carry AttributeValue maps (`{ pk: { S: 'a' } }`), sent as they are after validation,
   * instead of plain values. One switch for the sink: a plain object and an AttributeValue map
   * cannot be told apart safely (`{ S: 'a' }` is also a plain map).
   * @default false
   */
  readonly marshalled?: boolean | undefined;
  /**
   * Writes to the same key that meet in one batch are merged, last write wins: only the last is
   * sent and the earlier ones resolve with `status: 'superseded'` once it is applied. Fewer writes,
   * but DynamoDB Streams then sees only the last. Off: every write is sent, in add order per key,
   * a later write to a key waiting for a later request.
   * @default false
   */
  readonly coalesce?: boolean | undefined;
  /**
   * Most bytes per item by AWS's item-size rules; larger puts reject at `add()` with
   * `JobTooLargeError`. Integer, 1 to 409600.
   * @default 409600 (400 KB)
   */
  readonly maxItemSize?: number | undefined;
  /**
   * Most bytes per BatchWriteItem request body (JSON, binary as base64). Also the sink's hard
   * limit for the batcher's `maxBatchBytes`. Integer, `maxItemSize` to 16777216.
   * @default 16777216 (16 MB)
   */
  readonly maxRequestBytes?: number | undefined;
}

/** A key attribute option, normalized. */
export interface ResolvedKeyAttribute {
  readonly name: string;
  readonly type: KeyAttributeType | undefined;
}

/** Options with defaults applied. */
export interface ResolvedDynamoDbOptions {
  readonly client: DynamoDbClientLike;
  readonly tableName: string;
  readonly keyAttributes: readonly ResolvedKeyAttribute[] | undefined;
  readonly marshallOptions: DynamoDbMarshallOptions;
  readonly marshalled: boolean;
  readonly coalesce: boolean;
  readonly maxItemSize: number;
  readonly maxRequestBytes: number;
}

const MARSHALL_OPTIONS: ReadonlySet<string> = new Set([
  'convertEmptyValues',
  'removeUndefinedValues',
  'convertClassInstanceToMap',
  'allowImpreciseNumbers',
]);
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
const KEY_TYPES: ReadonlySet<unknown> = new Set(['S', 'N', 'B']);

/** Validates options eagerly; throws `InvalidOptionError` naming the option and the value. */
export function resolveDynamoDbOptions(options: DynamoDbSinkOptions): ResolvedDynamoDbOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', 'an object', options);
  const { client, tableName } = options;
  clientOption(client, 'DynamoDB');
  const isName = typeof tableName === 'string' && TABLE_NAME.test(tableName);
  const isArn = typeof tableName === 'string' && tableName.startsWith('arn:') && tableName.length <= DYNAMODB_LIMITS.maxTableArnLength;
  if (!isName && !isArn) {
    throw new InvalidOptionError('tableName', 'a table name of 3 to 255 characters [a-zA-Z0-9_.-], or a table ARN', tableName);
  }
  const marshalled = booleanOption('marshalled', options.marshalled ?? false);
  const marshallOptions = options.marshallOptions ?? {};
  if (marshallOptions === null || typeof marshallOptions !== 'object' || Array.isArray(marshallOptions)) {
    throw new InvalidOptionError('marshallOptions', 'an object', marshallOptions);
  }
  if (marshalled && options.marshallOptions !== undefined) {
    throw new InvalidOptionError('marshallOptions', 'undefined when `marshalled` is true (items are not marshalled)', marshallOptions);
  }
  for (const [name, value] of Object.entries(marshallOptions)) {
    if (!MARSHALL_OPTIONS.has(name)) {
      throw new InvalidOptionError(`marshallOptions.${name}`, `undefined (known: ${[...MARSHALL_OPTIONS].join(', ')})`, value);
    }
    if (value !== undefined && typeof value !== 'boolean') throw new InvalidOptionError(`marshallOptions.${name}`, 'a boolean', value);
  }
  const coalesce = booleanOption('coalesce', options.coalesce ?? false);
  const maxItemSize = integerOption('maxItemSize', options.maxItemSize ?? DYNAMODB_LIMITS.maxItemSize, 1, DYNAMODB_LIMITS.maxItemSize);
  const maxRequestBytes = integerOption(
    'maxRequestBytes',
    options.maxRequestBytes ?? DYNAMODB_LIMITS.maxRequestBytes,
    maxItemSize,
    DYNAMODB_LIMITS.maxRequestBytes,
    `\`maxItemSize\` (${maxItemSize})`,
  );
  return {
    client,
    tableName,
    keyAttributes: resolveKeyAttributes(options.keyAttributes),
    marshallOptions: { ...marshallOptions },
    marshalled,
    coalesce,
    maxItemSize,
    maxRequestBytes,
  };
}

function resolveKeyAttributes(option: readonly KeyAttributeOption[] | undefined): readonly ResolvedKeyAttribute[] | undefined {
  if (option === undefined) return undefined;
  const expectation = "one or two key attributes (names, or `{ name, type }` with type 'S', 'N' or 'B'), partition key first";
  if (!Array.isArray(option) || option.length < 1 || option.length > 2) throw new InvalidOptionError('keyAttributes', expectation, option);
  const resolved = (option as readonly unknown[]).map((entry, i): ResolvedKeyAttribute => {
    const name: unknown = typeof entry === 'string' ? entry : entry !== null && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined;
    const type: unknown = typeof entry === 'object' && entry !== null ? (entry as { type?: unknown }).type : undefined;
    const valid =
      typeof name === 'string' &&
      name.length > 0 &&
      utf8ByteLength(name) <= DYNAMODB_LIMITS.maxKeyAttributeNameBytes &&
      (typeof entry === 'string' || KEY_TYPES.has(type));
    if (!valid) {
      throw new InvalidOptionError(`keyAttributes[${i}]`, `a name of 1 to 255 bytes, or \`{ name, type }\` with type 'S', 'N' or 'B'`, entry);
    }
    return { name, type: type as KeyAttributeType | undefined };
  });
  if (resolved.length === 2 && resolved[0]?.name === resolved[1]?.name) {
    throw new InvalidOptionError('keyAttributes', 'two different attribute names', option);
  }
  return resolved;
}
