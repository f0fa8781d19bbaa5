import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import { Batcher } from '@batch/core';
import { sqsSink } from '@batch/sink-sqs';
import type { SqsResult } from '@batch/sink-sqs';
import { Producer } from 'sqs-producer';

import type { ContenderName } from './protocol.js';
import { MAX_ENTRIES_PER_REQUEST, MAX_REQUEST_BYTES, slices } from './workload.js';

/** The settings every contender shares, so that they differ only in how they send. */
export interface SendSettings {
  readonly concurrency: number;
  readonly producerBatchSize: number;
}

/** Sends `bodies` to `queueUrl`; resolves once every message is accepted, throws if any is not. Returns re-sent entries. */
export type Contender = (client: SQSClient, queueUrl: string, bodies: readonly string[], settings: SendSettings) => Promise<number>;

/** Most rounds the raw loop re-sends retryable failed entries before it gives up (throws). */
const MAX_ATTEMPTS = 10;

/**
 * The `@batch/sink-sqs` sink in a `@batch/core` Batcher, as its README shows it (standard queue,
 * `maxMessageSize` and `maxRequestBytes` of 1 MiB), `maxBatchDelay` 0 and the shared
 * concurrency. Messages are added in one loop that waits for room when the queue is full (never,
 * here), every `add()` promise is awaited, then `shutdown()`.
 */
export const sink: Contender = async (client, queueUrl, bodies, settings) => {
  // The queue's MaximumMessageSize is given (1 MiB: local-aws-sqs's default, which the suite's
  // probe reports at the start of the run), as a user who knows the queue would. Without it the
  // sink reads it with one GetQueueAttributes per Batcher: not a SendMessageBatch call, but the
  // call counter would count it against the SendMessageBatch bound.
  const batcher = new Batcher({ ...sqsSink({ client, queueUrl, maxMessageSize: MAX_REQUEST_BYTES }), maxBatchDelay: 0, concurrency: settings.concurrency });
  const promises = new Array<Promise<SqsResult>>(bodies.length);
  for (let i = 0; i < bodies.length; i++) {
    if (!batcher.hasRoom()) await batcher.waitForRoom();
    promises[i] = batcher.add({ body: bodies[i] });
  }
  const results = await Promise.all(promises);
  await batcher.shutdown();
  for (const result of results) {
    if (typeof result.messageId !== 'string') throw new Error('the sink resolved a message without a message id');
  }
  return 0;
};

/**
 * sqs-producer as its README shows it: `Producer.create({ queueUrl, sqs: client, batchSize })`
 * and `await producer.send(messages)` with `{ id, body }` messages. One `send()` sends its
 * messages `batchSize` at a time, one request after another, so `concurrency` concurrent
 * `send()` calls on contiguous slices keep that many requests in flight. It cuts by count only:
 * `batchSize` is the largest that can never exceed 1 MiB (see the report).
 */
export const producer: Contender = async (client, queueUrl, bodies, settings) => {
  const instance = Producer.create({ queueUrl, sqs: client, batchSize: settings.producerBatchSize });
  const sent = await Promise.all(
    slices(bodies.length, settings.concurrency).map(([start, end]) =>
      instance.send(bodies.slice(start, end).map((body, i) => ({ id: String(start + i), body }))),
    ),
  );
  const accepted = sent.reduce((sum, results) => sum + results.length, 0);
  if (accepted !== bodies.length) throw new Error(`sqs-producer reported ${accepted} of ${bodies.length} messages sent`);
  return 0;
};

/**
 * What a careful hand-written producer does: `concurrency` workers sharing one cursor; each packs
 * the next messages greedily in order (a request closes at the first message that would break 10
 * entries or 1 MiB), sends SendMessageBatch, re-sends entries failed with `SenderFault: false`
 * (full jitter backoff, base 50 ms) and throws on any other failure.
 */
export const raw: Contender = async (client, queueUrl, bodies, settings) => {
  let next = 0;
  let retried = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      let entries: SendMessageBatchRequestEntry[] = [];
      let bytes = 0;
      while (next < bodies.length && entries.length < MAX_ENTRIES_PER_REQUEST) {
        const body = bodies[next] as string;
        // ASCII bodies: characters are bytes. A general loop would need Buffer.byteLength here.
        if (entries.length > 0 && bytes + body.length > MAX_REQUEST_BYTES) break;
        entries.push({ Id: String(entries.length), MessageBody: body });
        bytes += body.length;
        next += 1;
      }
      for (let attempt = 1; entries.length > 0; attempt++) {
        if (attempt > 1) {
          if (attempt > MAX_ATTEMPTS) throw new Error(`${entries.length} entries still failing after ${MAX_ATTEMPTS} attempts`);
          retried += entries.length;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1000, 50 * 2 ** attempt)));
        }
        const output = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        const failed = output.Failed ?? [];
        if (failed.some((entry) => entry.SenderFault !== false)) throw new Error(`SendMessageBatch failed entries: ${JSON.stringify(failed)}`);
        if ((output.Successful?.length ?? 0) + failed.length !== entries.length) throw new Error('SendMessageBatch answered for the wrong entries');
        const again = new Set(failed.map((entry) => entry.Id));
        entries = entries.filter((entry) => again.has(entry.Id));
      }
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  return retried;
};

/** One SendMessage per message, `concurrency` in flight (workers sharing one cursor). */
export const single: Contender = async (client, queueUrl, bodies, settings) => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const output = await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: bodies[next++] }));
      if (typeof output.MessageId !== 'string') throw new Error('SendMessage answered without a message id');
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  return 0;
};

export const CONTENDERS: Readonly<Record<ContenderName, Contender>> = { sink, producer, raw, single };
