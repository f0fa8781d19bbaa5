import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { BatchResultErrorEntry, SendMessageBatchCommandOutput, SendMessageBatchRequestEntry, SendMessageBatchResultEntry } from '@aws-sdk/client-sqs';
import { JobTooLargeError, failure, success } from '@batch/core';
import type { BatchContext, HardLimits, Outcome } from '@batch/core';
import { isRetryableAwsError } from '@batch/sink-common';
import {
  DeduplicationWindowError,
  InvalidDeduplicationIdError,
  InvalidDelaySecondsError,
  InvalidMessageBodyError,
  InvalidMessageGroupIdError,
  SqsEntryError,
  SqsResponseError,
} from './errors.js';
import { describeInvalidCharacter } from './findInvalidCharacter.js';
import { SQS_LIMITS } from './limits.js';
import { resolveSqsOptions } from './options.js';
import type { SqsSinkOptions } from './options.js';
import { SqsEntry } from './SqsEntry.js';
import { QueueSizeLimit } from './QueueSizeLimit.js';
import type { SqsJob, SqsQueueClientLike, SqsResult } from './types.js';

/** Message group and deduplication ids: 1 to 128 ASCII letters, digits and punctuation. */
const ID = /^[\x21-\x7E]{1,128}$/;

/** What `sqsSink` returns: options to spread into `new Batcher({ ... })`. */
export interface SqsSink {
  readonly processBatch: (jobs: readonly SqsJob[], context: BatchContext) => Promise<readonly Outcome<SqsResult>[]>;
  readonly prepare: (job: SqsJob) => SqsJob;
  readonly validate: (job: SqsJob) => void;
  readonly sizeOf: (job: SqsJob) => number;
  /** FIFO queues: the message group. Standard queues: none (they keep no order). */
  readonly orderingKey: ((job: SqsJob) => string | undefined) | undefined;
  readonly oneJobPerKeyPerBatch: boolean;
  readonly isRetryable: (error: unknown) => boolean;
  readonly maxBatchSize: number;
  readonly maxBatchBytes: number;
  readonly hardLimits: HardLimits;
}

/**
 * Sends batches of messages with SQS `SendMessageBatch`, to standard and FIFO queues, enforcing
 * SQS's limits at `add()` (message and request sizes in bytes, attributes, characters, ids,
 * delays) so one bad message never fails a request. Entry ids are the sink's own; each result
 * is mapped back to its job. Entries SQS fails without the sender at fault are retried, only
 * those.
 *
 * FIFO (a queue URL ending in `.fifo`): a group is never in two requests at once, a failed
 * message is re-sent before any later message of its group, and (with `strictOrdering`, the
 * default) a request holds at most one message per group. Deduplication ids are fixed at
 * `add()` (generated unless the queue deduplicates by content), so a retry after an unknown
 * outcome is dropped by SQS instead of enqueued twice.
 *
 * Unless given `maxMessageSize`, it reads the queue's MaximumMessageSize with one
 * GetQueueAttributes, started by the first `add()`; messages added before the answer that turn
 * out too large fail alone, unsent, with the same `JobTooLargeError`. It assumes
 * `contentBasedDeduplication` false unless told. `sqsSinkForQueue` reads both before the first job.
 *
 * @example
 * const queue = new Batcher({ ...sqsSink({ client, queueUrl }), maxBatchDelay: 20, concurrency: 4 });
 * const { messageId } = await queue.add({ body: { orderId: 7 } });
 */
export function sqsSink(options: SqsSinkOptions): SqsSink {
  const { client, queueUrl, fifo, maxMessageSize, maxRequestBytes, contentBasedDeduplication, strictOrdering, deduplicationWindow } =
    resolveSqsOptions(options);
  const generateDeduplicationId = fifo && !contentBasedDeduplication;
  // Without `maxMessageSize`, the queue's own is read once (see QueueSizeLimit.ts).
  const queueLimit = options.maxMessageSize === undefined ? new QueueSizeLimit(client as SqsQueueClientLike, queueUrl) : undefined;

  const validate = (job: SqsJob): void => {
    const entry = job as SqsEntry;
    let limit = maxMessageSize;
    if (queueLimit !== undefined) {
      queueLimit.start();
      limit = queueLimit.value;
    }
    if (entry.size > limit) throw tooLarge(entry, limit);
    if (entry.body.length === 0) throw new InvalidMessageBodyError('SQS does not accept an empty body');
    const invalid = entry.invalidCharacter;
    if (invalid !== undefined) throw new InvalidMessageBodyError(describeInvalidCharacter(invalid));
    const { messageGroupId, messageDeduplicationId, delaySeconds } = entry;
    if (messageGroupId === undefined) {
      if (fifo) throw new InvalidMessageGroupIdError('a FIFO queue needs a `messageGroupId` on every message');
    } else if (!ID.test(messageGroupId)) {
      throw new InvalidMessageGroupIdError(`expected 1 to ${SQS_LIMITS.maxIdLength} ASCII letters, digits or punctuation`);
    }
    if (messageDeduplicationId !== undefined) {
      if (!fifo) throw new InvalidDeduplicationIdError('only FIFO queues take a deduplication id');
      if (!ID.test(messageDeduplicationId)) {
        throw new InvalidDeduplicationIdError(`expected 1 to ${SQS_LIMITS.maxIdLength} ASCII letters, digits or punctuation`);
      }
    }
    if (delaySeconds !== undefined) {
      if (fifo) throw new InvalidDelaySecondsError('FIFO queues take no per-message delay (set `DelaySeconds` on the queue)');
      if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > SQS_LIMITS.maxDelaySeconds) {
        throw new InvalidDelaySecondsError(`expected an integer from 0 to ${SQS_LIMITS.maxDelaySeconds}, got ${String(delaySeconds)}`);
      }
    }
  };

  const processBatch = async (jobs: readonly SqsJob[], context: BatchContext): Promise<readonly Outcome<SqsResult>[]> => {
    const limit = queueLimit === undefined ? maxMessageSize : await queueLimit.load(context.signal);
    const outcomes = new Array<Outcome<SqsResult> | undefined>(jobs.length);
    const entries: SendMessageBatchRequestEntry[] = [];
    /** Job position of each request entry; the entry's Id is its own position, in decimal. */
    const sent: number[] = [];
    const now = fifo ? performance.now() : 0;
    for (let i = 0; i < jobs.length; i++) {
      const entry = jobs[i] as SqsEntry;
      if (entry.size > limit) {
        // Added before the queue's size was known, and over it: fails alone, never sent.
        outcomes[i] = failure(tooLarge(entry, limit), { retryable: false });
        continue;
      }
      if (fifo && entry.unconfirmedSince !== undefined && now - entry.unconfirmedSince > deduplicationWindow) {
        outcomes[i] = failure(new DeduplicationWindowError(deduplicationWindow), { retryable: false });
        continue;
      }
      entries.push(entry.toRequestEntry(String(sent.length)));
      sent.push(i);
    }
    if (sent.length === 0) return outcomes as Outcome<SqsResult>[];

    let output: SendMessageBatchCommandOutput;
    try {
      output = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }), { abortSignal: context.signal });
    } catch (error) {
      if (fifo && mayHaveBeenApplied(error)) markUnconfirmed(jobs, sent, now);
      if (sent.length === jobs.length) throw error;
      // Some jobs were held back above: fail the sent ones with the error, classified by the
      // batcher's isRetryable as a whole-batch throw would be.
      for (const i of sent) outcomes[i] = failure(error);
      return outcomes as Outcome<SqsResult>[];
    }

    for (const result of output.Successful ?? []) {
      const i = jobIndex(result.Id, sent);
      if (i !== undefined && outcomes[i] === undefined) outcomes[i] = toSuccess(result);
    }
    for (const result of output.Failed ?? []) {
      const i = jobIndex(result.Id, sent);
      if (i !== undefined && outcomes[i] === undefined) outcomes[i] = toFailure(result);
    }
    for (const i of sent) {
      if (outcomes[i] !== undefined) continue;
      // Neither accepted nor refused: SQS may have enqueued it. Re-sending is what at-least-once
      // asks of a standard queue, and on a FIFO queue the deduplication id makes it safe.
      outcomes[i] = failure(new SqsResponseError('no result for the message'), { retryable: true });
      if (fifo) (jobs[i] as SqsEntry).unconfirmedSince ??= now;
    }
    return outcomes as Outcome<SqsResult>[];
  };

  return {
    processBatch,
    prepare: (job) => SqsEntry.from(job, generateDeduplicationId),
    validate,
    sizeOf: (job) => (job as SqsEntry).size,
    orderingKey: fifo ? (job) => (job as SqsEntry).messageGroupId : undefined,
    // Within one request SQS enqueues a group's messages in order, but a failed entry does not
    // stop a later entry of its group in the same request from being enqueued ahead of the retry.
    oneJobPerKeyPerBatch: fifo && strictOrdering,
    isRetryable: isRetryableAwsError,
    maxBatchSize: SQS_LIMITS.maxEntriesPerRequest,
    maxBatchBytes: maxRequestBytes,
    hardLimits: { maxBatchSize: SQS_LIMITS.maxEntriesPerRequest, maxBatchBytes: maxRequestBytes },
  };
}

function tooLarge(entry: SqsEntry, limit: number): JobTooLargeError {
  return new JobTooLargeError('maxMessageSize', entry.size, limit, ' (message body + attributes)');
}

/** The job position of a result's Id (`"0"`…`"9"`, as we numbered the entries), if it is ours. */
function jobIndex(id: string | undefined, sent: readonly number[]): number | undefined {
  if (id === undefined || !/^(0|[1-9][0-9]*)$/.test(id)) return undefined;
  return sent[Number(id)];
}

function toSuccess(result: SendMessageBatchResultEntry): Outcome<SqsResult> {
  const { MessageId: messageId, SequenceNumber: sequenceNumber } = result;
  if (typeof messageId !== 'string' || messageId.length === 0) {
    // Accepted, so not worth re-sending (it would enqueue a second copy), yet no id to return.
    return failure(new SqsResponseError('a successful entry without a MessageId'), { retryable: false });
  }
  return success(typeof sequenceNumber === 'string' ? { messageId, sequenceNumber } : { messageId });
}

function toFailure(result: BatchResultErrorEntry): Outcome<SqsResult> {
  // Only an explicit "not the sender's fault" is worth re-sending unchanged.
  const senderFault: unknown = result.SenderFault;
  const retryable = senderFault === false || senderFault === 'false';
  const fault = typeof senderFault === 'boolean' ? senderFault : senderFault === 'true' ? true : retryable ? false : undefined;
  return failure(new SqsEntryError(result.Code ?? 'UnknownError', result.Message, fault), { retryable });
}

/**
 * Whether a failed request may have been applied anyway. A 4xx answer means SQS refused the
 * request (throttling included); anything else — 5xx, timeouts, dropped connections — leaves
 * it unknown.
 */
function mayHaveBeenApplied(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return !(typeof status === 'number' && status >= 400 && status < 500);
}

function markUnconfirmed(jobs: readonly SqsJob[], sent: readonly number[], now: number): void {
  for (const i of sent) (jobs[i] as SqsEntry).unconfirmedSince ??= now;
}
