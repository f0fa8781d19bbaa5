import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { PutRecordsRequestEntry, PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { JobTooLargeError, failure, success } from '@batch/core';
import type { BatchContext, HardLimits, Outcome } from '@batch/core';
import { codePointLength, isRetryableAwsError } from '@batch/sink-common';
import { InvalidExplicitHashKeyError, InvalidPartitionKeyError, KinesisRecordError, KinesisResponseError } from './errors.js';
import { KinesisRecord } from './KinesisRecord.js';
import { KINESIS_LIMITS } from './limits.js';
import { resolveKinesisOptions } from './options.js';
import type { KinesisSinkOptions } from './options.js';
import type { KinesisJob, KinesisResult } from './types.js';

/** Per-record error codes worth sending again (both documented for PutRecords). */
const RETRYABLE_RECORD_ERRORS: ReadonlySet<string> = new Set(['ProvisionedThroughputExceededException', 'InternalFailure']);

const DECIMAL = /^(0|[1-9][0-9]{0,38})$/;

/** What `kinesisSink` returns: options to spread into `new Batcher({ ... })`. */
export interface KinesisSink {
  readonly processBatch: (jobs: readonly KinesisJob[], context: BatchContext) => Promise<readonly Outcome<KinesisResult>[]>;
  readonly prepare: (job: KinesisJob) => KinesisJob;
  readonly validate: (job: KinesisJob) => void;
  readonly sizeOf: (job: KinesisJob) => number;
  readonly orderingKey: (job: KinesisJob) => string | undefined;
  readonly oneJobPerKeyPerBatch: boolean;
  readonly isRetryable: (error: unknown) => boolean;
  readonly maxBatchSize: number;
  readonly maxBatchBytes: number;
  readonly hardLimits: HardLimits;
}

/**
 * Sends batches of records with Kinesis `PutRecords`, enforcing its limits at `add()` (record
 * size with the partition key, key length, hash key range, 500 records and 10 MiB per request)
 * so one bad record never fails a request. Records Kinesis rejects inside a response are mapped
 * back to their jobs; throttled ones are retried, each before any later record of its key.
 *
 * Delivery is at least once: a connection reset after Kinesis applied a request makes the retry
 * write those records again.
 *
 * @example
 * const batcher = new Batcher({ ...kinesisSink({ client, streamName: 'events' }), maxBatchDelay: 100 });
 * const { shardId, sequenceNumber } = await batcher.add({ data: { user: 42 }, partitionKey: 'user-42' });
 */
export function kinesisSink(options: KinesisSinkOptions): KinesisSink {
  const { client, streamName, streamARN, maxRecordSize, maxRequestBytes, strictOrdering } = resolveKinesisOptions(options);
  const target = { ...(streamName === undefined ? {} : { StreamName: streamName }), ...(streamARN === undefined ? {} : { StreamARN: streamARN }) };

  const validate = (job: KinesisJob): void => {
    const record = job as KinesisRecord;
    // A generated key is 32 hex characters by construction: only user keys need the walk.
    if (!record.generatedKey) {
      const keyLength = codePointLength(record.partitionKey);
      if (keyLength < 1 || keyLength > KINESIS_LIMITS.maxPartitionKeyLength) {
        throw new InvalidPartitionKeyError(`${keyLength} Unicode code points; Kinesis allows 1 to ${KINESIS_LIMITS.maxPartitionKeyLength}`);
      }
    }
    const hashKey = record.explicitHashKey;
    if (hashKey !== undefined && (!DECIMAL.test(hashKey) || BigInt(hashKey) > KINESIS_LIMITS.maxExplicitHashKey)) {
      throw new InvalidExplicitHashKeyError('expected a decimal integer from 0 to 2^128 - 1');
    }
    if (record.size > maxRecordSize) {
      throw new JobTooLargeError('maxRecordSize', record.size, maxRecordSize, ' (record data + partition key)');
    }
  };

  const processBatch = async (jobs: readonly KinesisJob[], context: BatchContext): Promise<readonly Outcome<KinesisResult>[]> => {
    const records = new Array<PutRecordsRequestEntry>(jobs.length);
    for (let i = 0; i < jobs.length; i++) {
      const record = jobs[i] as KinesisRecord;
      records[i] =
        record.explicitHashKey === undefined
          ? { Data: record.data, PartitionKey: record.partitionKey }
          : { Data: record.data, PartitionKey: record.partitionKey, ExplicitHashKey: record.explicitHashKey };
    }
    const output = await client.send(new PutRecordsCommand({ ...target, Records: records }), { abortSignal: context.signal });
    const entries = output.Records;
    if (!Array.isArray(entries) || entries.length !== jobs.length) {
      throw new KinesisResponseError(`${Array.isArray(entries) ? entries.length : 'no'} results for ${jobs.length} records`);
    }
    return entries.map(toOutcome);
  };

  return {
    processBatch,
    prepare: (job) => KinesisRecord.from(job),
    validate,
    sizeOf: (job) => (job as KinesisRecord).size,
    // Generated keys are unique and carry no order; only user keys are kept in order.
    orderingKey: (job) => ((job as KinesisRecord).generatedKey ? undefined : (job as KinesisRecord).partitionKey),
    oneJobPerKeyPerBatch: strictOrdering,
    isRetryable: isRetryableAwsError,
    maxBatchSize: KINESIS_LIMITS.maxRecordsPerRequest,
    maxBatchBytes: maxRequestBytes,
    hardLimits: { maxBatchSize: KINESIS_LIMITS.maxRecordsPerRequest, maxBatchBytes: maxRequestBytes },
  };
}

function toOutcome(entry: PutRecordsResultEntry): Outcome<KinesisResult> {
  if (entry.ErrorCode !== undefined) {
    return failure(new KinesisRecordError(entry.ErrorCode, entry.ErrorMessage), {
      retryable: RETRYABLE_RECORD_ERRORS.has(entry.ErrorCode),
    });
  }
  if (entry.ShardId === undefined || entry.SequenceNumber === undefined) {
    return failure(new KinesisResponseError('a result with neither an error nor a sequence number'), { retryable: false });
  }
  return success({ shardId: entry.ShardId, sequenceNumber: entry.SequenceNumber });
}
