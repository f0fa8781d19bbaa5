import type { PutRecordsCommand, PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import type { ClientLike } from '@batch/sink-common';

/** One record to put. */
export interface KinesisJob {
  /**
   * The record's payload: bytes sent as they are and not copied (a `Uint8Array` or `Buffer`, any
   * other typed array or `DataView`, or an `ArrayBuffer`, also from another realm such as a `vm`
   * context), a string sent as UTF-8, or any other JSON-serializable value, serialized once at
   * `add()`.
   */
  readonly data: unknown;
  /**
   * Decides the shard; records with the same key keep their order. 1 to 256 Unicode code
   * points. When omitted, a random 128-bit key is used (spreading load evenly over shards,
   * unlike a clock-based key that sends bursts to one shard) and the record is unordered.
   */
  readonly partitionKey?: string | undefined;
  /** Overrides the partition key's hash: a decimal integer from 0 to 2^128 - 1. */
  readonly explicitHashKey?: string | undefined;
}

/** Where the record landed. */
export interface KinesisResult {
  readonly shardId: string;
  readonly sequenceNumber: string;
}

/** Any AWS SDK v3 Kinesis client (only `send` is used). */
export type KinesisClientLike = ClientLike<PutRecordsCommand, PutRecordsCommandOutput>;
