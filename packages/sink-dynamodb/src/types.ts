import type {
  BatchWriteItemCommand,
  BatchWriteItemCommandOutput,
  DescribeTableCommand,
  DescribeTableCommandOutput,
} from '@aws-sdk/client-dynamodb';
import type { ClientLike } from '@batch/sink-common';

/**
 * An item or key as plain JavaScript values, marshalled with `@aws-sdk/util-dynamodb` (strings,
 * numbers, bigints, booleans, `null`, binary, arrays, Sets, Maps and objects); or, with the
 * sink's `marshalled: true`, a map of AttributeValues sent as is.
 */
export type DynamoDbItem = Readonly<Record<string, unknown>>;

/** Write an item (replacing any item with its primary key). */
export interface DynamoDbPut {
  readonly put: DynamoDbItem;
  readonly delete?: undefined;
}

/**
 * Delete the item with this primary key. The object may be the whole item: attributes that are
 * not part of the primary key are not sent.
 */
export interface DynamoDbDelete {
  readonly delete: DynamoDbItem;
  readonly put?: undefined;
}

/** One write: `{ put: item }` or `{ delete: key }`. */
export type DynamoDbJob = DynamoDbPut | DynamoDbDelete;

/** What a job's promise resolves with once DynamoDB has applied it. */
export interface DynamoDbResult {
  /**
   * `'written'`: DynamoDB applied this job's own request. `'superseded'` (only with
   * `coalesce: true`): a later write to the same key took its place in the request, and was applied.
   */
  readonly status: 'written' | 'superseded';
  /** Sends this job took, the first included (1 when it was never retried). */
  readonly attempts: number;
}

/** A key attribute's scalar type. */
export type KeyAttributeType = 'S' | 'N' | 'B';

/**
 * Any AWS SDK v3 DynamoDB client (only `send` is used, with `BatchWriteItem`, and `DescribeTable`
 * when the sink reads the key schema itself).
 */
export type DynamoDbClientLike = ClientLike<BatchWriteItemCommand, BatchWriteItemCommandOutput> &
  ClientLike<DescribeTableCommand, DescribeTableCommandOutput>;
