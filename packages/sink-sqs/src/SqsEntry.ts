import { randomUUID } from 'node:crypto';
import type { MessageAttributeValue, SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { InvalidJobError } from '@batch/core';
import { binaryBytes, payloadToText } from '@batch/sink-common';
import { InvalidDeduplicationIdError, InvalidDelaySecondsError, InvalidMessageBodyError, InvalidMessageGroupIdError } from './errors.js';
import { checkText } from './findInvalidCharacter.js';
import type { InvalidCharacter, TextCheck } from './findInvalidCharacter.js';
import { normalizeMessageAttributes } from './messageAttributes.js';
import type { SqsJob } from './types.js';

/**
 * A job as the sink keeps it after `prepare`: body serialized, measured and checked once, attributes
 * checked and converted, deduplication id settled (a generated one is the same on every
 * retry, which is what makes FIFO retries safe).
 */
export class SqsEntry implements SqsJob {
  /**
   * Kept alive so that V8 keeps the sink's optimized code through an idle garbage collection
   * (the reason is at `SettlementGroup.kept` in `@batch/core`). Built by the constructor
   * alone, so nothing runs at import.
   */
  static readonly kept = new SqsEntry({ body: '' }, '', { utf8Bytes: 0, invalid: undefined }, undefined, undefined, 0);
  readonly body: string;
  readonly messageGroupId: string | undefined;
  readonly messageDeduplicationId: string | undefined;
  readonly delaySeconds: number | undefined;
  readonly messageAttributes: Readonly<Record<string, MessageAttributeValue>> | undefined;
  /** UTF-8 bytes of the body. */
  readonly bodyBytes: number;
  /** The first character of the body SQS rejects, found while measuring it (`validate` refuses the job). */
  readonly invalidCharacter: InvalidCharacter | undefined;
  /** Body plus attribute bytes: what counts against the message and request limits. */
  readonly size: number;
  /**
   * Clock time (ms) of the first send whose outcome is unknown — SQS may have enqueued the
   * message. A FIFO retry is safe only while SQS still remembers the deduplication id.
   */
  unconfirmedSince: number | undefined = undefined;

  private constructor(
    job: SqsJob,
    body: string,
    check: TextCheck,
    deduplicationId: string | undefined,
    attributes: Record<string, MessageAttributeValue> | undefined,
    attributeBytes: number,
  ) {
    this.body = body;
    this.messageGroupId = job.messageGroupId;
    this.messageDeduplicationId = deduplicationId;
    this.delaySeconds = job.delaySeconds;
    this.messageAttributes = attributes;
    this.bodyBytes = check.utf8Bytes;
    this.invalidCharacter = check.invalid;
    this.size = this.bodyBytes + attributeBytes;
  }

  /**
   * Normalizes a user job; throws a typed error for a job whose fields have the wrong types.
   * @param generateDeduplicationId - FIFO queue without content-based deduplication.
   */
  static from(job: SqsJob, generateDeduplicationId: boolean): SqsEntry {
    if (job instanceof SqsEntry) return job;
    if (job === null || typeof job !== 'object') throw new InvalidJobError('An SQS job must be an object with `body`');
    const { body, messageGroupId, messageDeduplicationId, delaySeconds, messageAttributes } = job;
    if (body === undefined) throw new InvalidMessageBodyError('a message needs a `body`');
    if (binaryBytes(body) !== undefined) throw new InvalidMessageBodyError('SQS bodies are text; encode bytes (e.g. as base64) first');
    if (messageGroupId !== undefined && typeof messageGroupId !== 'string') {
      throw new InvalidMessageGroupIdError(`expected a string, got ${typeof messageGroupId}`);
    }
    if (messageDeduplicationId !== undefined && typeof messageDeduplicationId !== 'string') {
      throw new InvalidDeduplicationIdError(`expected a string, got ${typeof messageDeduplicationId}`);
    }
    if (delaySeconds !== undefined && typeof delaySeconds !== 'number') throw new InvalidDelaySecondsError(`expected a number, got ${typeof delaySeconds}`);
    const text = payloadToText(body);
    const normalized = messageAttributes === undefined ? undefined : normalizeMessageAttributes(messageAttributes);
    const deduplicationId = messageDeduplicationId ?? (generateDeduplicationId ? randomUUID() : undefined);
    return new SqsEntry(job, text, checkText(text), deduplicationId, normalized?.attributes, normalized?.size ?? 0);
  }

  /** The request entry, under the batch-local `id`. */
  toRequestEntry(id: string): SendMessageBatchRequestEntry {
    const entry: SendMessageBatchRequestEntry = { Id: id, MessageBody: this.body };
    if (this.messageGroupId !== undefined) entry.MessageGroupId = this.messageGroupId;
    if (this.messageDeduplicationId !== undefined) entry.MessageDeduplicationId = this.messageDeduplicationId;
    if (this.delaySeconds !== undefined) entry.DelaySeconds = this.delaySeconds;
    if (this.messageAttributes !== undefined) entry.MessageAttributes = this.messageAttributes;
    return entry;
  }
}
