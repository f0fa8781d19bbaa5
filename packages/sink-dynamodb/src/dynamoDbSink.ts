import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import type { BatchWriteItemCommandOutput, WriteRequest } from '@aws-sdk/client-dynamodb';
import { JobTooLargeError, failure, success } from '@batch/core';
import type { BatchContext, HardLimits, Outcome } from '@batch/core';
import { awsErrorName, isRetryableAwsError } from '@batch/sink-common';
import { jsonStringBytes } from './measureItem.js';
import { DynamoRecord } from './DynamoRecord.js';
import { DuplicateKeyError, DynamoDbResponseError, UnprocessedItemError, WriteRejectedError } from './errors.js';
import type { InvalidKeyError } from './errors.js';
import { describeKeySchema, keyOfReturned, schemaFromNames } from './keySchema.js';
import type { KeySchema } from './keySchema.js';
import { LazyKeySchema, PENDING_KEY } from './LazyKeySchema.js';
import { DYNAMODB_LIMITS } from './limits.js';
import { resolveDynamoDbOptions } from './options.js';
import type { DynamoDbSinkOptions, ResolvedDynamoDbOptions } from './options.js';
import type { DynamoDbJob, DynamoDbResult } from './types.js';

/** One write request of a batch; with `coalesce`, the last job of its key owns it. */
interface Slot {
  index: number;
  request: WriteRequest;
  unprocessed: boolean;
  /**
   * Why the request carrying it failed, if it did; `final` when DynamoDB refused this write on its
   * own (not retried). An object, so that even a request rejected with `undefined` counts as failed.
   */
  failure: { readonly error: unknown; readonly final: boolean } | undefined;
}

/**
 * Errors with which DynamoDB refuses a whole BatchWriteItem for what one of its writes holds:
 * `ValidationException` (a key of the wrong type when `keyAttributes` named no types, an item
 * over 400 KB once its local secondary index copies count, a write to another table's
 * schema…) and `ItemCollectionSizeLimitExceededException` (a 10 GB item collection under a
 * local secondary index). Sending part of the request may succeed. Structural, never `instanceof`.
 */
function isWriteRejection(error: unknown): boolean {
  const name = awsErrorName(error);
  return name === 'ValidationException' || name === 'ItemCollectionSizeLimitExceededException';
}

/** What `dynamoDbSink` returns: options to spread into `new Batcher({ ... })`. */
export interface DynamoDbSink {
  readonly processBatch: (jobs: readonly DynamoDbJob[], context: BatchContext) => Promise<readonly Outcome<DynamoDbResult>[]>;
  readonly prepare: (job: DynamoDbJob) => DynamoDbJob;
  readonly validate: (job: DynamoDbJob) => void;
  readonly sizeOf: (job: DynamoDbJob) => number;
  readonly orderingKey: (job: DynamoDbJob) => string | undefined;
  readonly oneJobPerKeyPerBatch: boolean;
  readonly isRetryable: (error: unknown) => boolean;
  readonly maxBatchSize: number;
  readonly maxBatchBytes: number;
  readonly hardLimits: HardLimits;
}

/** `{"RequestItems":{` + table + `:[` … `]}}`, less the one comma the last write does not need. */
const ENVELOPE_BYTES = 17 + 2 + 3 - 1;

/**
 * Sends batches of puts and deletes with DynamoDB `BatchWriteItem`, enforcing its limits at
 * `add()` (400 KB per item by AWS's size rules, key presence, type, emptiness and length, number
 * and set rules, 25 writes and 16 MB per request) so one bad item never fails a request.
 * Writes DynamoDB returns in `UnprocessedItems` are mapped back to their jobs and retried, only
 * those. A request never names one key twice; writes to one key are applied in add order, a
 * retried write before any later write of its key.
 *
 * @example
 * const batcher = new Batcher({ ...dynamoDbSink({ client, tableName: 'orders', keyAttributes: ['pk'] }), maxBatchDelay: 50 });
 * await batcher.add({ put: { pk: 'order#1', total: 12.5, items: ['a', 'b'] } });
 * await batcher.add({ delete: { pk: 'order#0' } });
 */
export function dynamoDbSink(options: DynamoDbSinkOptions): DynamoDbSink {
  const config = resolveDynamoDbOptions(options);
  return createDynamoDbSink(config, config.keyAttributes === undefined ? undefined : schemaFromNames(config.keyAttributes));
}

/** Builds the sink for resolved options; `known` undefined means "read the key schema lazily". */
export function createDynamoDbSink(config: ResolvedDynamoDbOptions, known: KeySchema | undefined): DynamoDbSink {
  const { client, tableName, coalesce, maxItemSize } = config;
  const settings = { marshalled: config.marshalled, marshallOptions: config.marshallOptions };
  const lazy = known === undefined ? new LazyKeySchema(() => describeKeySchema(client, tableName)) : undefined;
  const maxBatchBytes = config.maxRequestBytes - ENVELOPE_BYTES - jsonStringBytes(tableName);

  const prepare = (job: DynamoDbJob): DynamoDbJob => {
    let schema = known;
    if (lazy !== undefined) {
      schema = lazy.schema;
      if (schema === undefined) lazy.start();
    }
    return DynamoRecord.from(job, settings, schema) as unknown as DynamoDbJob;
  };

  const validate = (job: DynamoDbJob): void => {
    const record = asRecord(job);
    if (record.itemSize > maxItemSize) {
      throw new JobTooLargeError('maxItemSize', record.itemSize, maxItemSize, ' (attribute names + values, by AWS item-size rules)');
    }
  };

  const processBatch = async (jobs: readonly DynamoDbJob[], context: BatchContext): Promise<readonly Outcome<DynamoDbResult>[]> => {
    const schema = known ?? (await (lazy as LazyKeySchema).load(context.signal));
    // Jobs from the pending line (see LazyKeySchema.ts): once this batch completes, the rest of
    // the line moves to its real keys.
    if (lazy !== undefined && jobs.some((job) => lazy.isPending(asRecord(job)))) context.refreshOrderingKeys?.(PENDING_KEY);
    const n = jobs.length;
    const outcomes = new Array<Outcome<DynamoDbResult>>(n);
    // A slot is one write request; with `coalesce`, later jobs of its key take it over.
    const slots: Slot[] = [];
    const slotOfKey = new Map<string, number>();
    const slotOfJob = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const record = asRecord(jobs[i]);
      if (record.key === undefined && record.keyError === undefined) {
        try {
          record.resolve(schema);
        } catch (error) {
          record.keyError = error as InvalidKeyError;
        }
      }
      const { key, request } = record;
      if (key === undefined || request === undefined) {
        outcomes[i] = failure(record.keyError ?? new DynamoDbResponseError('a write without a key'), { retryable: false });
        lazy?.settled(record);
        continue;
      }
      const taken = slotOfKey.get(key);
      if (taken === undefined) {
        slotOfKey.set(key, slots.length);
        slotOfJob[i] = slots.length;
        slots.push({ index: i, request, unprocessed: false, failure: undefined });
      } else if (coalesce) {
        const slot = slots[taken] as Slot;
        slot.index = i;
        slot.request = request;
        slotOfJob[i] = taken;
      } else {
        outcomes[i] = failure(new DuplicateKeyError(), { retryable: true });
      }
    }

    /**
     * Sends the writes of `members` (slot numbers) as one request. DynamoDB refuses a request
     * whole when one write breaks a rule the sink could not check at `add()` (see
     * `isWriteRejection`); then each half is sent again, so that only the writes refused on their
     * own fail, with `WriteRejectedError`. A refused request applied nothing, so splitting
     * duplicates nothing; it costs at most 2 × writes − 1 requests.
     */
    const send = async (members: readonly number[]): Promise<void> => {
      let output: BatchWriteItemCommandOutput;
      try {
        output = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: members.map((m) => (slots[m] as Slot).request) } }), {
          abortSignal: context.signal,
        });
      } catch (error) {
        if (isWriteRejection(error) && !context.signal.aborted) {
          if (members.length === 1) {
            (slots[members[0] as number] as Slot).failure = { error: new WriteRejectedError(error), final: true };
            return;
          }
          const middle = Math.ceil(members.length / 2);
          await send(members.slice(0, middle));
          await send(members.slice(middle));
          return;
        }
        // Failed as a whole for another reason: its writes fail with the AWS error, classified
        // by isRetryable; jobs not in it keep their own outcome (a key error, a deferral).
        for (const m of members) (slots[m] as Slot).failure = { error, final: false };
        return;
      }
      // One sink writes one table; whatever name DynamoDB files the answer under (name or ARN) is ours.
      for (const requests of Object.values(output.UnprocessedItems ?? {})) {
        for (const request of requests ?? []) {
          const key = keyOfReturned(request.PutRequest?.Item ?? request.DeleteRequest?.Key, schema);
          const slot = key === undefined ? undefined : slotOfKey.get(key);
          if (slot === undefined || !members.includes(slot)) throw new DynamoDbResponseError('an unprocessed write matches no write of the request');
          (slots[slot] as Slot).unprocessed = true;
        }
      }
    };
    if (slots.length > 0) await send(slots.map((_, m) => m));

    for (let i = 0; i < n; i++) {
      const slotIndex = slotOfJob[i] as number;
      if (slotIndex === -1) continue;
      const slot = slots[slotIndex] as Slot;
      if (slot.failure !== undefined) {
        const { error, final } = slot.failure;
        outcomes[i] = final ? failure(error, { retryable: false }) : failure(error);
        // Only a final outcome of the sink's own settles a pending record: whether the batcher
        // retries the rest is its isRetryable's call, which a user may override. A record the
        // batcher gives up on is released at the next refresh or when collected (LazyKeySchema.ts).
        if (final) lazy?.settled(asRecord(jobs[i]));
        continue;
      }
      if (slot.unprocessed) {
        outcomes[i] = failure(new UnprocessedItemError(), { retryable: true });
        continue;
      }
      outcomes[i] = success({ status: slot.index === i ? 'written' : 'superseded', attempts: context.attempts[i] ?? 1 });
      lazy?.settled(asRecord(jobs[i]));
    }
    return outcomes;
  };

  return {
    processBatch,
    prepare,
    validate,
    sizeOf: (job) => asRecord(job).requestBytes,
    orderingKey: lazy === undefined ? (job) => asRecord(job).key : (job) => lazy.orderingKey(asRecord(job)),
    oneJobPerKeyPerBatch: !coalesce,
    isRetryable: isRetryableAwsError,
    maxBatchSize: DYNAMODB_LIMITS.maxWritesPerRequest,
    maxBatchBytes,
    hardLimits: { maxBatchSize: DYNAMODB_LIMITS.maxWritesPerRequest, maxBatchBytes },
  };
}

/** What the batcher hands back is what `prepare` returned: the sink's own record. */
function asRecord(job: DynamoDbJob | undefined): DynamoRecord {
  return job as unknown as DynamoRecord;
}
