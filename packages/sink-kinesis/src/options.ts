import { InvalidOptionError } from '@batch/core';
import { booleanOption, clientOption, integerOption } from '@batch/sink-common';
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
  clientOption(client, 'Kinesis');
  if (streamName === undefined && streamARN === undefined) {
    throw new InvalidOptionError('streamName', 'a stream name (or give `streamARN`)', streamName);
  }
  if (streamName !== undefined && (typeof streamName !== 'string' || !/^[a-zA-Z0-9_.-]{1,128}$/.test(streamName))) {
    throw new InvalidOptionError('streamName', 'a stream name of 1 to 128 characters [a-zA-Z0-9_.-]', streamName);
  }
  if (streamARN !== undefined && (typeof streamARN !== 'string' || !streamARN.startsWith('arn:'))) {
    throw new InvalidOptionError('streamARN', 'a Kinesis stream ARN', streamARN);
  }
  const maxRecordSize = integerOption('maxRecordSize', options.maxRecordSize ?? KINESIS_LIMITS.defaultMaxRecordSize, 1, KINESIS_LIMITS.maxRecordSizeCeiling);
  const maxRequestBytes = integerOption(
    'maxRequestBytes',
    options.maxRequestBytes ?? KINESIS_LIMITS.maxRequestBytes,
    maxRecordSize,
    KINESIS_LIMITS.maxRequestBytes,
    `\`maxRecordSize\` (${maxRecordSize})`,
  );
  const strictOrdering = booleanOption('strictOrdering', options.strictOrdering ?? false);
  return { client, streamName, streamARN, maxRecordSize, maxRequestBytes, strictOrdering };
}
