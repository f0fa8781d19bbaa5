import { Batcher, JobTooLargeError } from '@batch/core';
import { sqsSink } from '@batch/sink-sqs';
import type { SqsQueueClientLike } from '@batch/sink-sqs';
import { QueueSizeLimit } from '../src/QueueSizeLimit.js';
import { STANDARD_URL, awsError, fakeClient } from './fakeSqsClient.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Wraps a fake client so that GetQueueAttributes answers only after `release()`, or with `fail(call)`. */
function gatedAttributes(base: SqsQueueClientLike, fail?: (call: number) => Error | undefined) {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reads = 0;
  const client = {
    send: async (command: { constructor: { name: string } }, options?: { abortSignal?: AbortSignal }) => {
      if (command.constructor.name === 'GetQueueAttributesCommand') {
        reads += 1;
        await gate;
        const error = fail?.(reads);
        if (error !== undefined) throw error;
      }
      return (base.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
    },
  } as unknown as SqsQueueClientLike;
  return { client, release, reads: () => reads };
}

describe("sqsSink without maxMessageSize: the queue's MaximumMessageSize read lazily", () => {
  it("fails a message added before the answer that is over the queue's size alone and unsent; later ones reject at add()", async () => {
    const fake = fakeClient(undefined, { queueAttributes: { MaximumMessageSize: '2048' } });
    const { client, release, reads } = gatedAttributes(fake.client);
    let batches = 0;
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0, hooks: { onBatch: () => void (batches += 1) } });
    const early = [queue.add({ body: 'a'.repeat(2048) }), queue.add({ body: 'b'.repeat(3000) }), queue.add({ body: 'c' })];
    await tick();
    expect(fake.calls).toHaveLength(0); // the batch waits for the queue's answer
    release();
    const settled = await Promise.allSettled(early);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: { messageId: 'm1' } });
    expect(settled[2]).toEqual({ status: 'fulfilled', value: { messageId: 'm2' } });
    expect(settled[1]?.status).toBe('rejected');
    const error = (settled[1] as PromiseRejectedResult).reason as JobTooLargeError;
    expect(error).toBeInstanceOf(JobTooLargeError);
    expect(error).toMatchObject({ code: 'JOB_TOO_LARGE', limit: 'maxMessageSize', size: 3000, max: 2048 });
    expect(fake.calls.flatMap((c) => c.entries.map((e) => e.body[0]))).toEqual(['a', 'c']);
    // Known now: checked at add(), so the job never reaches a batch.
    const batchesBefore = batches;
    await expect(queue.add({ body: 'd'.repeat(2049) })).rejects.toMatchObject({ limit: 'maxMessageSize', max: 2048 });
    await queue.flush();
    expect(batches).toBe(batchesBefore);
    await queue.add({ body: 'e' });
    expect(reads()).toBe(1);
    expect(fake.calls).toHaveLength(2);
  });

  it('keeps 1 MiB when the queue may not be read (no permission), reading only once', async () => {
    const fake = fakeClient();
    const { client, release, reads } = gatedAttributes(fake.client, () => awsError('AccessDenied', 403));
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0 });
    release();
    await expect(queue.add({ body: 'x'.repeat(300_000) })).resolves.toEqual({ messageId: 'm1' });
    await expect(queue.add({ body: 'y' })).resolves.toEqual({ messageId: 'm2' });
    await expect(queue.add({ body: 'z'.repeat(1024 * 1024 + 1) })).rejects.toMatchObject({ limit: 'maxMessageSize', max: 1024 * 1024 });
    expect(reads()).toBe(1);
  });

  it('sends the waiting batch with 1 MiB after a read that failed retryably, and asks again a second later', async () => {
    const fake = fakeClient(undefined, { queueAttributes: { MaximumMessageSize: '1024' } });
    const { client, release, reads } = gatedAttributes(fake.client, (call) => (call === 1 ? awsError('RequestThrottled', 400) : undefined));
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0, retry: { maxAttempts: 1 } });
    release();
    // Sending does not wait on the read: both go out, checked against 1 MiB.
    await expect(Promise.all([queue.add({ body: 'ok' }), queue.add({ body: 'x'.repeat(1025) })])).resolves.toEqual([{ messageId: 'm1' }, { messageId: 'm2' }]);
    await queue.add({ body: 'soon after' });
    expect(reads()).toBe(1); // not asked again within the second

    let now = 0;
    const limit = new QueueSizeLimit(client, STANDARD_URL, () => now);
    await expect(limit.load()).resolves.toBe(1024); // the gate's second call answers
    const throttled = gatedAttributes(fake.client, () => awsError('RequestThrottled', 400));
    throttled.release();
    const flaky = new QueueSizeLimit(throttled.client, STANDARD_URL, () => now);
    await expect(flaky.load()).resolves.toBe(1024 * 1024);
    now = 999;
    await expect(flaky.load()).resolves.toBe(1024 * 1024);
    expect(throttled.reads()).toBe(1);
    now = 1001;
    await flaky.load();
    expect(throttled.reads()).toBe(2);
  });

  it('does not read the queue when maxMessageSize is given', async () => {
    const fake = fakeClient();
    const queue = new Batcher({ ...sqsSink({ client: fake.client, queueUrl: STANDARD_URL, maxMessageSize: 4096 }), maxBatchDelay: 0 });
    await queue.add({ body: 'x' });
    expect(fake.attributeCalls).toHaveLength(0);
  });

  it("asks for MaximumMessageSize of the sink's queue, and ignores an answer outside 1 KiB – 1 MiB", async () => {
    const fake = fakeClient(undefined, { queueAttributes: { MaximumMessageSize: '99999999' } });
    const queue = new Batcher({ ...sqsSink({ client: fake.client, queueUrl: STANDARD_URL }), maxBatchDelay: 0 });
    await queue.add({ body: 'x'.repeat(500_000) });
    expect(fake.attributeCalls).toEqual([{ QueueUrl: STANDARD_URL, AttributeNames: ['MaximumMessageSize'] }]);
  });

  it('stops a batch waiting for the answer when its signal aborts; the next batch gets the answer', async () => {
    const fake = fakeClient(undefined, { queueAttributes: { MaximumMessageSize: '2048' } });
    const { client, release } = gatedAttributes(fake.client);
    const limit = new QueueSizeLimit(client, STANDARD_URL);
    const controller = new AbortController();
    const waiting = limit.load(controller.signal);
    controller.abort(new Error('shutdown timeout'));
    await expect(waiting).rejects.toThrow('shutdown timeout');
    release();
    await expect(limit.load()).resolves.toBe(2048);
    expect(limit.value).toBe(2048);
  });

  it('keeps sending while the read keeps failing retryably, asking at most once a second', async () => {
    const fake = fakeClient();
    const { client, release, reads } = gatedAttributes(fake.client, () => awsError('RequestThrottled', 400));
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0, retry: { maxAttempts: 1 } });
    release();
    await expect(queue.add({ body: 'x' })).resolves.toEqual({ messageId: 'm1' });
    await expect(queue.add({ body: 'y' })).resolves.toEqual({ messageId: 'm2' });
    expect(reads()).toBe(1);
  });
});
