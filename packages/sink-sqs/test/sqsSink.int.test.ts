import { Batcher, JobFailedError, JobTooLargeError } from '@batch/core';
import { startLocalAws } from '@batch/local-aws';
import type { LocalAws, SqsMessage } from '@batch/local-aws';
import {
  InvalidDeduplicationIdError,
  InvalidDelaySecondsError,
  InvalidMessageAttributeError,
  InvalidMessageBodyError,
  InvalidMessageGroupIdError,
  SqsEntryError,
  sqsSink,
  sqsSinkForQueue,
} from '@batch/sink-sqs';
import type { SqsSinkOptions } from '@batch/sink-sqs';

/*
 * Against local-aws-sqs through the fault proxy, with the real SDK client. Clients use
 * maxAttempts 1 so that every retry seen here is the sink's own. local-aws-sqs counts
 * characters, not bytes, so size tests switch on the proxy's byte-exact limit enforcement.
 */
let aws: LocalAws;
let queueCounter = 0;

beforeAll(async () => {
  aws = await startLocalAws({ services: ['sqs'] });
});
afterAll(async () => {
  await aws.stop();
});
afterEach(() => {
  aws.sqs.faults.clear();
  aws.sqs.faults.clearLog();
  aws.sqs.faults.enforceLimits = false;
});

function newQueue(options: { fifo?: boolean; contentBasedDeduplication?: boolean; attributes?: Record<string, string> } = {}): Promise<string> {
  return aws.sqs.createQueue(`q-${process.pid}-${++queueCounter}${options.fifo === true ? '.fifo' : ''}`, options);
}

function sink(queueUrl: string, extra: Partial<SqsSinkOptions> = {}) {
  return sqsSink({ client: aws.sqs.client({ maxAttempts: 1 }), queueUrl, ...extra });
}

const batchLog = () => aws.sqs.faults.log.filter((e) => e.operation === 'SendMessageBatch');

it('lands 10,000 messages on a standard queue exactly once, with 30% of entries failing on early requests', async () => {
  const queueUrl = await newQueue();
  aws.sqs.faults.add({ operation: 'SendMessageBatch', times: 300, failEntries: { ratio: 0.3 } });
  // While faults last a record fails 30% of its attempts: with the default 10 attempts one record in
  // 10,000 runs out about once in twenty runs (0.3^10 × 10,000); 40 make that negligible.
  const queue = new Batcher({ ...sink(queueUrl), maxBatchDelay: 5, concurrency: 4, retry: { baseDelay: 5, maxDelay: 50, maxAttempts: 40 } });
  const results = await Promise.all(Array.from({ length: 10_000 }, (_, i) => queue.add({ body: { i } })));
  await queue.shutdown();

  const received = await aws.sqs.receiveAll(queueUrl);
  const indices = received.map((m) => (JSON.parse(m.body) as { i: number }).i);
  expect(indices.sort((a, b) => a - b)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  // Every promise resolved with the id of its own message.
  const byId = new Map(received.map((m) => [m.messageId, m.body]));
  results.forEach((result, i) => expect(byId.get(result.messageId)).toBe(JSON.stringify({ i })));
  // Faults really happened, and only the failed entries were re-sent.
  const log = batchLog();
  const faulted = log.filter((e) => e.fault === 'failEntries');
  expect(faulted).toHaveLength(300);
  const failed = log.reduce((sum, e) => sum + (e.failedIndices?.length ?? 0), 0);
  const faultedEntries = faulted.reduce((sum, e) => sum + (e.entries ?? 0), 0);
  expect(failed / faultedEntries).toBeGreaterThan(0.2);
  expect(failed / faultedEntries).toBeLessThan(0.4);
  expect(log.reduce((sum, e) => sum + (e.entries ?? 0), 0)).toBe(10_000 + failed);
  expect(Math.max(...log.map((e) => e.entries ?? 0))).toBe(10);
}, 60_000);

it('keeps every group of a FIFO queue in add order, without duplicates, through entry failures, 5xx, throttles and resets after applying (20 groups, concurrency 4)', async () => {
  const queueUrl = await newQueue({ fifo: true });
  const { faults } = aws.sqs;
  faults.add({ operation: 'SendMessageBatch', times: 4, ratio: 0.05, reset: 'after' });
  faults.add({ operation: 'SendMessageBatch', times: 4, ratio: 0.05, error: faults.internalError });
  faults.add({ operation: 'SendMessageBatch', times: 4, ratio: 0.05, error: faults.throttlingError });
  faults.add({ operation: 'SendMessageBatch', times: 100, failEntries: { ratio: 0.3 } });
  const fifo = new Batcher({ ...sink(queueUrl), maxBatchDelay: 2, concurrency: 4, retry: { baseDelay: 5, maxDelay: 50, maxAttempts: 40 } });
  const groups = 20;
  const perGroup = 60;
  const results = await Promise.all(
    Array.from({ length: groups * perGroup }, (_, i) => fifo.add({ body: `${i % groups}:${i}`, messageGroupId: `customer-${i % groups}` })),
  );
  await fifo.shutdown();

  const received = await aws.sqs.receiveAll(queueUrl);
  expect(received).toHaveLength(groups * perGroup); // no duplicates, none lost
  for (let g = 0; g < groups; g++) {
    const inGroup = received.filter((m) => m.attributes.MessageGroupId === `customer-${g}`).map((m) => Number(m.body.split(':')[1]));
    expect(inGroup).toEqual(Array.from({ length: perGroup }, (_, k) => g + k * groups));
  }
  const byId = new Map(received.map((m) => [m.messageId, m]));
  results.forEach((result, i) => {
    const message = byId.get(result.messageId) as SqsMessage;
    expect(message.body).toBe(`${i % groups}:${i}`);
    expect(result.sequenceNumber).toBe(message.attributes.SequenceNumber);
  });
  // Generated deduplication ids: one per message, distinct.
  const dedupIds = received.map((m) => m.attributes.MessageDeduplicationId ?? '');
  expect(new Set(dedupIds).size).toBe(groups * perGroup);
  expect(dedupIds.every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
  const kinds = new Set(batchLog().map((e) => e.fault ?? 'ok'));
  expect([...kinds].sort()).toEqual(['error', 'failEntries', 'ok', 'reset-after']);
}, 60_000);

describe('order within one FIFO request', () => {
  it('without strictOrdering, a failed entry lets a later entry of its group be enqueued first', async () => {
    const queueUrl = await newQueue({ fifo: true });
    aws.sqs.faults.add({ operation: 'SendMessageBatch', times: 1, failEntries: { indices: [0] } });
    const fifo = new Batcher({ ...sink(queueUrl, { strictOrdering: false }), maxBatchDelay: 5, retry: { baseDelay: 1 } });
    await Promise.all([fifo.add({ body: 'first', messageGroupId: 'g' }), fifo.add({ body: 'second', messageGroupId: 'g' })]);
    await fifo.shutdown();
    expect((await aws.sqs.receiveAll(queueUrl)).map((m) => m.body)).toEqual(['second', 'first']);
  });

  it('with strictOrdering (the default), the same failure cannot reorder: one message per group per request', async () => {
    const queueUrl = await newQueue({ fifo: true });
    aws.sqs.faults.add({ operation: 'SendMessageBatch', times: 1, failEntries: { indices: [0] } });
    const fifo = new Batcher({ ...sink(queueUrl), maxBatchDelay: 5, retry: { baseDelay: 1 } });
    await Promise.all([fifo.add({ body: 'first', messageGroupId: 'g' }), fifo.add({ body: 'second', messageGroupId: 'g' })]);
    await fifo.shutdown();
    expect((await aws.sqs.receiveAll(queueUrl)).map((m) => m.body)).toEqual(['first', 'second']);
    expect(batchLog().map((e) => [e.entries, e.failedIndices ?? []])).toEqual([
      [1, [0]],
      [1, []],
      [1, []],
    ]);
  });
});

it('rejects bad messages with typed errors at add() while their batch-mates land (sizes in bytes, from the queue)', async () => {
  const queueUrl = await newQueue({ attributes: { MaximumMessageSize: '2048' } });
  aws.sqs.faults.enforceLimits = true; // byte-exact, as AWS counts
  const queue = new Batcher({ ...(await sqsSinkForQueue({ client: aws.sqs.client({ maxAttempts: 1 }), queueUrl })), maxBatchDelay: 20 });
  const exact = 'é'.repeat(1024); // 2048 bytes, 1024 characters
  const good = [
    queue.add({ body: 'good-0' }),
    queue.add({ body: exact }),
    queue.add({ body: 'good-2', delaySeconds: 0, messageGroupId: 'tenant-1', messageAttributes: { n: 1.5, s: 'é' } }),
  ];
  const bad = [
    queue.add({ body: `${exact}x` }), // 2049 bytes though only 1025 characters
    queue.add({ body: 'nul\u0000' }),
    queue.add({ body: '' }),
    queue.add({ body: 'x', delaySeconds: 901 }),
    queue.add({ body: 'x', messageDeduplicationId: 'd' }),
    queue.add({ body: 'x', messageAttributes: { 'AWS.trace': 'v' } }),
  ].map((p) => p.catch((e: unknown) => e));
  await Promise.all(good);
  const errors = await Promise.all(bad);
  expect(errors[0]).toBeInstanceOf(JobTooLargeError);
  expect(errors[0]).toMatchObject({ limit: 'maxMessageSize', size: 2049, max: 2048 });
  expect(errors[1]).toBeInstanceOf(InvalidMessageBodyError);
  expect(errors[2]).toBeInstanceOf(InvalidMessageBodyError);
  expect(errors[3]).toBeInstanceOf(InvalidDelaySecondsError);
  expect(errors[4]).toBeInstanceOf(InvalidDeduplicationIdError);
  expect(errors[5]).toBeInstanceOf(InvalidMessageAttributeError);
  await queue.shutdown();
  const received = await aws.sqs.receiveAll(queueUrl);
  expect(received.map((m) => m.body).sort()).toEqual([exact, 'good-0', 'good-2'].sort());
  expect(received.find((m) => m.body === 'good-2')?.messageAttributes).toEqual({
    n: { DataType: 'Number', StringValue: '1.5' },
    s: { DataType: 'String', StringValue: 'é' },
  });
  expect(batchLog().map((e) => [e.entries, e.fault ?? 'ok'])).toEqual([[3, 'ok']]);
});

it("reads the queue's MaximumMessageSize on the first add() without maxMessageSize: an oversized early message fails alone, unsent", async () => {
  const queueUrl = await newQueue({ attributes: { MaximumMessageSize: '2048' } });
  aws.sqs.faults.enforceLimits = true; // byte-exact, as AWS counts
  const queue = new Batcher({ ...sink(queueUrl), maxBatchDelay: 20 });
  // All three are added before GetQueueAttributes answers: add() can only check against 1 MiB.
  const early = [queue.add({ body: 'good-0' }), queue.add({ body: 'x'.repeat(3000) }), queue.add({ body: 'good-2' })];
  const settled = await Promise.allSettled(early);
  expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(JobTooLargeError);
  expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ limit: 'maxMessageSize', size: 3000, max: 2048 });
  // The queue's size is known now: add() rejects at once.
  await expect(queue.add({ body: 'y'.repeat(2049) })).rejects.toMatchObject({ limit: 'maxMessageSize', max: 2048 });
  await queue.shutdown();
  expect((await aws.sqs.receiveAll(queueUrl)).map((m) => m.body).sort()).toEqual(['good-0', 'good-2']);
  expect(batchLog().map((e) => [e.entries, e.fault ?? 'ok'])).toEqual([[2, 'ok']]);
  expect(aws.sqs.faults.log.filter((e) => e.operation === 'GetQueueAttributes')).toHaveLength(1);
});

it('rejects FIFO messages without a group or with a per-message delay at add(): SQS would fail their whole request', async () => {
  const queueUrl = await newQueue({ fifo: true });
  const fifo = new Batcher({ ...sink(queueUrl), maxBatchDelay: 20 });
  const good = [fifo.add({ body: 'a', messageGroupId: 'g1' }), fifo.add({ body: 'b', messageGroupId: 'g2' })];
  const noGroup = fifo.add({ body: 'x' }).catch((e: unknown) => e);
  const delayed = fifo.add({ body: 'y', messageGroupId: 'g3', delaySeconds: 5 }).catch((e: unknown) => e);
  await Promise.all(good);
  expect(await noGroup).toBeInstanceOf(InvalidMessageGroupIdError);
  expect(await delayed).toBeInstanceOf(InvalidDelaySecondsError);
  await fifo.shutdown();
  expect((await aws.sqs.receiveAll(queueUrl)).map((m) => m.body).sort()).toEqual(['a', 'b']);
});

it('packs requests up to 1 MiB of UTF-8 bytes without ever sending BatchRequestTooLong', async () => {
  const queueUrl = await newQueue();
  aws.sqs.faults.enforceLimits = true;
  const queue = new Batcher({ ...sink(queueUrl), maxBatchDelay: 5 });
  const body = (i: number) => `${i}`.padEnd(150_000, 'é'); // 299,999 bytes, 150,000 characters
  await Promise.all(Array.from({ length: 10 }, (_, i) => queue.add({ body: body(i) })));
  await queue.shutdown();
  expect(batchLog().map((e) => [e.entries, e.fault ?? 'ok'])).toEqual([
    [3, 'ok'],
    [3, 'ok'],
    [3, 'ok'],
    [1, 'ok'],
  ]);
  expect((await aws.sqs.receiveAll(queueUrl)).map((m) => m.body).sort()).toEqual(Array.from({ length: 10 }, (_, i) => body(i)).sort());
});

it('rejects an entry SQS fails with SenderFault true with its code and message, and lands the rest without retrying', async () => {
  const queueUrl = await newQueue();
  aws.sqs.faults.add({
    operation: 'SendMessageBatch',
    times: 1,
    failEntries: { indices: [1], senderFault: true, errorCode: 'InvalidMessageContents', errorMessage: 'Invalid binary character' },
  });
  const queue = new Batcher({ ...sink(queueUrl), maxBatchDelay: 5, retry: { baseDelay: 1 } });
  const results = await Promise.allSettled(['m0', 'm1', 'm2'].map((body) => queue.add({ body })));
  await queue.shutdown();
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  const error = (results[1] as PromiseRejectedResult).reason as SqsEntryError;
  expect(error).toBeInstanceOf(SqsEntryError);
  expect(error).toMatchObject({ errorCode: 'InvalidMessageContents', awsMessage: 'Invalid binary character', senderFault: true });
  expect((await aws.sqs.receiveAll(queueUrl)).map((m) => m.body).sort()).toEqual(['m0', 'm2']);
  expect(batchLog()).toHaveLength(1);
});

it('survives RequestThrottled, KmsThrottled, 500, 503 and a reset before forwarding, with no duplicates', async () => {
  const queueUrl = await newQueue();
  const { faults } = aws.sqs;
  faults.add({ operation: 'SendMessageBatch', times: 1, error: faults.throttlingError });
  faults.add({ operation: 'SendMessageBatch', times: 1, error: { status: 400, name: 'KmsThrottled' } });
  faults.add({ operation: 'SendMessageBatch', times: 1, error: faults.internalError });
  faults.add({ operation: 'SendMessageBatch', times: 1, error: faults.unavailableError });
  faults.add({ operation: 'SendMessageBatch', times: 1, reset: 'before' });
  const queue = new Batcher({ ...sink(queueUrl), maxBatchDelay: 5, retry: { baseDelay: 5 } });
  await Promise.all(Array.from({ length: 10 }, (_, i) => queue.add({ body: `m${i}` })));
  await queue.shutdown();
  expect((await aws.sqs.receiveAll(queueUrl)).map((m) => m.body).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort());
  expect(batchLog().map((e) => e.errorName ?? e.fault ?? 'ok')).toEqual(['RequestThrottled', 'KmsThrottled', 'InternalError', 'ServiceUnavailable', 'reset-before', 'ok']);
});

describe('a reset after SQS applied the request', () => {
  it('duplicates on a standard queue (at least once)', async () => {
    const queueUrl = await newQueue();
    aws.sqs.faults.add({ operation: 'SendMessageBatch', times: 1, reset: 'after' });
    const queue = new Batcher({ ...sink(queueUrl), maxBatchDelay: 5, retry: { baseDelay: 5 } });
    await Promise.all(Array.from({ length: 5 }, (_, i) => queue.add({ body: `m${i}` })));
    await queue.shutdown();
    const expected = Array.from({ length: 5 }, (_, i) => `m${i}`);
    expect((await aws.sqs.receiveAll(queueUrl)).map((m) => m.body).sort()).toEqual([...expected, ...expected].sort());
  });

  it('does not duplicate on a FIFO queue: the retry carries the same deduplication ids, and each job gets its message id', async () => {
    const queueUrl = await newQueue({ fifo: true });
    aws.sqs.faults.add({ operation: 'SendMessageBatch', times: 1, reset: 'after' });
    const fifo = new Batcher({ ...sink(queueUrl), maxBatchDelay: 5, retry: { baseDelay: 5 } });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => fifo.add({ body: `m${i}`, messageGroupId: `g${i}` })));
    await fifo.shutdown();
    const received = await aws.sqs.receiveAll(queueUrl);
    expect(received.map((m) => m.body).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    const byId = new Map(received.map((m) => [m.messageId, m.body]));
    expect(results.map((r) => byId.get(r.messageId))).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(batchLog().map((e) => [e.entries, e.fault ?? 'ok'])).toEqual([
      [5, 'reset-after'],
      [5, 'ok'],
    ]);
  });
});

it('reads ContentBasedDeduplication from a FIFO queue and then leaves deduplication to SQS', async () => {
  const queueUrl = await newQueue({ fifo: true, contentBasedDeduplication: true });
  const fifo = new Batcher({ ...(await sqsSinkForQueue({ client: aws.sqs.client({ maxAttempts: 1 }), queueUrl })), maxBatchDelay: 5 });
  const [first, second] = await Promise.all([fifo.add({ body: 'same', messageGroupId: 'g' }), fifo.add({ body: 'same', messageGroupId: 'g' })]);
  await fifo.shutdown();
  const received = await aws.sqs.receiveAll(queueUrl);
  // SQS derived the id from the body (SHA-256), so the identical second message was dropped.
  expect(received).toHaveLength(1);
  expect(received[0]?.attributes.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
  expect(second?.messageId).toBe(first?.messageId);
});

it('surfaces, without retrying, what the sync form got wrong: a FIFO queue without content-based deduplication told otherwise', async () => {
  const queueUrl = await newQueue({ fifo: true });
  const fifo = new Batcher({ ...sink(queueUrl, { contentBasedDeduplication: true }), maxBatchDelay: 0 });
  const error = (await fifo.add({ body: 'x', messageGroupId: 'g' }).catch((e: unknown) => e)) as JobFailedError;
  expect(error).toBeInstanceOf(JobFailedError);
  expect(error.cause).toMatchObject({ name: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } });
  expect(batchLog()).toHaveLength(1);
});

it('rejects with the AWS error as cause when the queue does not exist, without retrying', async () => {
  const queueUrl = (await newQueue()).replace(/q-[^/]+$/, 'no-such-queue');
  const queue = new Batcher({ ...sink(queueUrl), maxBatchDelay: 0 });
  const error = (await queue.add({ body: 'x' }).catch((e: unknown) => e)) as JobFailedError;
  expect(error).toMatchObject({ code: 'JOB_FAILED', attempts: 1 });
  expect(error.cause).toMatchObject({ name: 'QueueDoesNotExist' });
  expect(batchLog()).toHaveLength(1);
});
