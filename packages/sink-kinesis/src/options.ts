import { InvalidOptionError } from '@batch/core';
import { KINESIS_LIMITS } from './limits.js';
import type { KinesisClientLike } from './types.js';

/** Options of `kinesisSink`. */
export interface KinesisSinkOptions {
  /** An AWS SDK v3 Kinesis client (any copy of the SDK; only `send` is used). Required. */
  readonly client: KinesisClientLike;
  /** The stream's name. One of `streamName` and `streamARN` is required; both may be given. */
  readonly streamName?: string | undefined;
  /** The stream's ARN (AWS recommends it over the name). */
  readonly streamARN?: string | undefined;
  /**
   * The stream's maximum record size in bytes (data + partition key). Records above it reject
   * at `add()` with `JobTooLargeError`. Use `kinesisSinkForStream` to read it from the stream.
   * @default 1048576 (1 MiB, every stream's default; at most 10 MiB)
   */
  readonly maxRecordSize?: number | undefined;
  /**
   * Most bytes per PutRecords request (data + partition keys). Also the sink's hard limit for
   * the batcher's `maxBatchBytes`.
   * @default 10485760 (10 MiB; set 5242880 for endpoints that still enforce the pre-2025 limit)
   */
  readonly maxRequestBytes?: number | undefined;
  /**
   * At most one record per partition key in each request. PutRecords does not apply a request's
   * records in order: if one record of a key fails and a later one of the same key succeeds in
   * the same request, Kinesis has reordered them. Strict mode rules that out, at the price of
   * more requests when keys repeat.
   * @default false
   */
  readonly strictOrdering?: boolean | undefined;
}

/** Options with defaults applied. */
export interface ResolvedKinesisOptions {
  readonly client: KinesisClientLike;
  readonly streamName: string | undefined;
  readonly streamARN: string | undefined;
  readonly maxRecordSize: number;
  readonly maxRequestBytes: number;
  readonly strictOrdering: boolean;
}

/** Validates options eagerly; throws `InvalidOptionError` naming the option and the value. */
export function resolveKinesisOptions(options: KinesisSinkOptions): ResolvedKinesisOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', 'an object', options);
  const { client, streamName, streamARN } = options;
  if (client === null || typeof client !== 'object' || typeof client.send !== 'function') {
    throw new InvalidOptionError('client', 'an AWS SDK v3 Kinesis client (an object with `send`)', client);
  }
  if (streamName === undefined && streamARN === undefined) {
    throw new InvalidOptionError('streamName', 'a stream name (or give `streamARN`)', streamName);
  }
  if (streamName !== undefined && (typeof streamName !== 'string' || !/^[a-zA-Z0-9_.-]{1,128}$/.test(streamName))) {
    throw new InvalidOptionError('streamName', 'a stream name of 1 to 128 characters [a-zA-Z0-9_.-]', streamName);
  }
  if (streamARN !== undefined && (typeof streamARN !== 'string' || !streamARN.startsWith('arn:'))) {
    throw new InvalidOptionError('streamARN', 'a Kinesis stream ARN', streamARN);
  }
  const maxRecordSize = options.maxRecordSize ?? KINESIS_LIMITS.defaultMaxRecordSize;
  if (!Number.isInteger(maxRecordSize) || maxRecordSize < 1 || maxRecordSize > KINESIS_LIMITS.maxRecordSizeCeiling) {
    throw new InvalidOptionError('maxRecordSize', `an integer between 1 and ${KINESIS_LIMITS.maxRecordSizeCeiling}`, maxRecordSize);
  }
  const maxRequestBytes = options.maxRequestBytes ?? KINESIS_LIMITS.maxRequestBytes;
  if (!Number.isInteger(maxRequestBytes) || maxRequestBytes < maxRecordSize || maxRequestBytes > KINESIS_LIMITS.maxRequestBytes) {
    throw new InvalidOptionError('maxRequestBytes', `an integer between \`maxRecordSize\` (${maxRecordSize}) and ${KINESIS_LIMITS.maxRequestBytes}`, maxRequestBytes);
  }
  const strictOrdering = options.strictOrdering ?? false;
  if (typeof strictOrdering !== 'boolean') throw new InvalidOptionError('strictOrdering', 'a boolean', strictOrdering);
  return { client, streamName, streamARN, maxRecordSize, maxRequestBytes, strictOrdering };
}
