import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Batcher, BatcherClosedError, JobFailedError, failure, feed, success, toWritable } from '@batch/core';
import type { Outcome } from '@batch/core';

/** A sink that settles each batch on a later macrotask and tracks the peak of pending jobs. */
function slowSink(batcherRef: { current?: Batcher<number, number> }, fail: (n: number) => boolean = () => false) {
  let peakPending = 0;
  const sent: number[] = [];
  const processBatch = async (jobs: readonly number[]): Promise<readonly Outcome<number>[]> => {
    peakPending = Math.max(peakPending, batcherRef.current?.stats().pending ?? 0);
    await new Promise((resolve) => setImmediate(resolve));
    sent.push(...jobs);
    return jobs.map((n) => (fail(n) ? failure(new Error(`bad ${n}`)) : success(n * 2)));
  };
  return { processBatch, sent, peak: () => peakPending };
}

function* numbers(count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield i;
}

describe('feed', () => {
  it('pulls from an async iterable without ever exceeding maxQueueSize, and reports every result', async () => {
    const ref: { current?: Batcher<number, number> } = {};
    const sink = slowSink(ref);
    const batcher = new Batcher<number, number>({ processBatch: sink.processBatch, maxBatchSize: 10, maxQueueSize: 25, maxBatchDelay: 1, concurrency: 2 });
    ref.current = batcher;
    const results = new Map<number, number>();
    async function* source() {
      yield* numbers(500);
    }
    const summary = await feed(batcher, source(), { onResult: (result, job) => results.set(job, result) });
    expect(summary).toEqual({ added: 500, succeeded: 500, failed: 0 });
    expect(sink.peak()).toBeLessThanOrEqual(25);
    expect([...sink.sent].sort((a, b) => a - b)).toEqual([...numbers(500)]);
    expect(results.get(499)).toBe(998);
    expect(batcher.stats().refused).toBe(0);
  });

  it('stops at the first failure when no onError is given and rejects with it after settling', async () => {
    const ref: { current?: Batcher<number, number> } = {};
    const sink = slowSink(ref, (n) => n === 3);
    const batcher = new Batcher<number, number>({ processBatch: sink.processBatch, maxBatchSize: 5, maxQueueSize: 5, maxBatchDelay: 1 });
    ref.current = batcher;
    await expect(feed(batcher, numbers(1000))).rejects.toBeInstanceOf(JobFailedError);
    expect(batcher.stats().pending).toBe(0);
    expect(sink.sent.length).toBeLessThan(1000);
  });

  it('hands failures to onError and carries on', async () => {
    const ref: { current?: Batcher<number, number> } = {};
    const sink = slowSink(ref, (n) => n % 10 === 0);
    const batcher = new Batcher<number, number>({ processBatch: sink.processBatch, maxBatchSize: 5, maxQueueSize: 10, maxBatchDelay: 1 });
    const failedJobs: number[] = [];
    const summary = await feed(batcher, numbers(50), { onError: (_error, job) => failedJobs.push(job) });
    expect(summary).toEqual({ added: 50, succeeded: 45, failed: 5 });
    expect(failedJobs.sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40]);
  });

  it('lets the jobs it added settle before it rejects with the error of a source that throws (found in review)', async () => {
    const settledBeforeReject: number[] = [];
    const batcher = new Batcher<number, number>({
      maxBatchDelay: 0,
      processBatch: async (jobs) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return jobs.map((n) => failure(new Error(`bad ${n}`)));
      },
    });
    function* source() {
      yield 1;
      yield 2;
      throw new Error('source broke');
    }
    const failures: number[] = [];
    await expect(feed(batcher, source(), { onError: (_error, job) => failures.push(job) })).rejects.toThrow('source broke');
    settledBeforeReject.push(...failures);
    expect(settledBeforeReject).toEqual([1, 2]);
    expect(batcher.stats()).toMatchObject({ pending: 0, failed: 2 });
  });

  it('rejects with BatcherClosedError when the batcher closes mid-feed', async () => {
    const ref: { current?: Batcher<number, number> } = {};
    const sink = slowSink(ref);
    const batcher = new Batcher<number, number>({ processBatch: sink.processBatch, maxBatchSize: 5, maxQueueSize: 5, maxBatchDelay: 1 });
    async function* source() {
      for (const n of numbers(100)) {
        if (n === 20) void batcher.shutdown();
        yield n;
      }
    }
    await expect(feed(batcher, source())).rejects.toBeInstanceOf(BatcherClosedError);
    expect(sink.sent).toEqual([...numbers(20)]);
  });
});

describe('toWritable', () => {
  it('applies backpressure through pipeline and finishes once every written job settled', async () => {
    const ref: { current?: Batcher<number, number> } = {};
    const sink = slowSink(ref);
    const batcher = new Batcher<number, number>({ processBatch: sink.processBatch, maxBatchSize: 10, maxQueueSize: 20, maxBatchDelay: 1 });
    ref.current = batcher;
    const results: number[] = [];
    await pipeline(Readable.from(numbers(300)), toWritable(batcher, { onResult: (r) => results.push(r) }));
    expect(results).toHaveLength(300);
    expect(batcher.stats()).toMatchObject({ succeeded: 300, pending: 0, refused: 0 });
    expect(sink.peak()).toBeLessThanOrEqual(20);
  });

  it('destroys the stream with the first failure when no onError is given', async () => {
    const ref: { current?: Batcher<number, number> } = {};
    const sink = slowSink(ref, (n) => n === 7);
    const batcher = new Batcher<number, number>({ processBatch: sink.processBatch, maxBatchSize: 5, maxQueueSize: 5, maxBatchDelay: 1 });
    const error = (await pipeline(Readable.from(numbers(100)), toWritable(batcher)).catch((e: unknown) => e)) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.message).toBe('Job failed on attempt 1: Error');
    expect(error.cause).toEqual(new Error('bad 7'));
  });
});

/** A batcher bounded by bytes: jobs are their own size; tracks the peak of pending bytes. */
function byteBoundBatcher() {
  let peakBytes = 0;
  const ref: { current?: Batcher<number, number> } = {};
  const processBatch = async (jobs: readonly number[]): Promise<readonly Outcome<number>[]> => {
    peakBytes = Math.max(peakBytes, ref.current?.stats().pendingBytes ?? 0);
    await new Promise((resolve) => setImmediate(resolve));
    return jobs.map((n) => success(n));
  };
  const batcher = new Batcher<number, number>({ processBatch, sizeOf: (n) => n, maxBatchBytes: 1000, maxQueueBytes: 1000, maxBatchDelay: 1 });
  ref.current = batcher;
  return { batcher, peak: () => peakBytes };
}

describe('the byte bound (maxQueueBytes)', () => {
  it("feed waits for room for each job's own size: never QueueFullError, never past the bound", async () => {
    const { batcher, peak } = byteBoundBatcher();
    const summary = await feed(batcher, Array.from({ length: 20 }, () => 300));
    expect(summary).toEqual({ added: 20, succeeded: 20, failed: 0 });
    expect(batcher.stats().refused).toBe(0);
    expect(peak()).toBeLessThanOrEqual(1000);
  });

  it('toWritable does the same through pipeline', async () => {
    const { batcher, peak } = byteBoundBatcher();
    await pipeline(Readable.from(Array.from({ length: 20 }, () => 300)), toWritable(batcher));
    expect(batcher.stats()).toMatchObject({ succeeded: 20, refused: 0, pending: 0 });
    expect(peak()).toBeLessThanOrEqual(1000);
  });

  it('addWhenRoom queues when there is room, refuses invalid jobs at once, and admits in call order', async () => {
    const { batcher } = byteBoundBatcher();
    const admittedOrder: number[] = [];
    const jobs = [600, 600, 600].map((n, i) => batcher.addWhenRoom(n + i));
    jobs.forEach((job, i) => void job.admitted.then(() => admittedOrder.push(i)));
    const tooBig = batcher.addWhenRoom(1001);
    await tooBig.admitted;
    await expect(tooBig.result).rejects.toMatchObject({ code: 'JOB_TOO_LARGE', size: 1001 });
    expect(batcher.stats().pendingBytes).toBe(600); // only the first fits now
    await expect(Promise.all(jobs.map((job) => job.result))).resolves.toEqual([600, 601, 602]);
    expect(admittedOrder).toEqual([0, 1, 2]);
    expect(batcher.stats().refused).toBe(1);
  });

  it('addWhenRoom admits in call order: a later, smaller job of the same key does not overtake one waiting (found in review)', async () => {
    const sent: string[] = [];
    const batcher = new Batcher<{ name: string; key: string; size: number }, string>({
      sizeOf: (j) => j.size,
      maxBatchBytes: 1000,
      maxQueueBytes: 1000,
      maxBatchDelay: 1,
      orderingKey: (j) => j.key,
      processBatch: async (jobs) => {
        sent.push(...jobs.map((j) => j.name));
        await new Promise((resolve) => setTimeout(resolve, 5));
        return jobs.map((j) => success(j.name));
      },
    });
    const x = batcher.add({ name: 'x', key: 'other', size: 600 });
    const a = batcher.addWhenRoom({ name: 'A', key: 'k', size: 600 }); // must wait for x
    const b = batcher.addWhenRoom({ name: 'B', key: 'k', size: 300 }); // would fit now, but A is ahead
    await Promise.all([x, a.result, b.result]);
    expect(sent).toEqual(['x', 'A', 'B']);
  });

  it('gives the room of a woken job that is refused to the next waiter (found in review: it hung)', async () => {
    let throwFor = '';
    const batcher = new Batcher<string, string>({
      maxBatchSize: 1,
      maxQueueSize: 1,
      maxBatchDelay: 0,
      orderingKey: (j) => {
        if (j === throwFor) throw new Error('no key');
        return j;
      },
      processBatch: async (jobs) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return jobs.map((j) => success(j));
      },
    });
    const x = batcher.add('x');
    const a = batcher.addWhenRoom('A');
    const b = batcher.addWhenRoom('B');
    throwFor = 'A'; // A's key is asked only when it is admitted
    await expect(a.result).rejects.toMatchObject({ code: 'INVALID_JOB' });
    await expect(Promise.all([x, b.result])).resolves.toEqual(['x', 'B']);
  });

  it('waitForRoom for a size no room can take resolves at once and holds up nobody', async () => {
    const { batcher } = byteBoundBatcher();
    const first = batcher.add(900);
    await batcher.waitForRoom(5000); // over maxQueueBytes: at once
    const behind = batcher.waitForRoom(200); // must wait for the 900 to leave
    await expect(behind).resolves.toBeUndefined();
    await expect(first).resolves.toBe(900);
    await expect(batcher.add(5000)).rejects.toMatchObject({ code: 'JOB_TOO_LARGE' });
  });
});

describe('success helper', () => {
  it('builds outcomes', () => {
    expect(success(1)).toEqual({ ok: true, value: 1 });
    expect(failure('x')).toEqual({ ok: false, error: 'x' });
    expect(failure('x', { retryable: true })).toEqual({ ok: false, error: 'x', retryable: true });
  });
});
