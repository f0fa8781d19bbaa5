import { Batcher, failure, success } from '@batch/core';
import type { Outcome } from '@batch/core';
import { settle } from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

interface Job {
  readonly key: string;
  readonly n: number;
}

/** A sink whose batches stay in flight until released, recording what each batch carried. */
function heldSink(respond: (job: Job, attempt: number) => Outcome<number> = (job) => success(job.n)) {
  const batches: Array<{ jobs: Job[]; release: () => void }> = [];
  const processBatch = (jobs: readonly Job[], context: { attempts: readonly number[] }): Promise<readonly Outcome<number>[]> =>
    new Promise((resolve) => {
      batches.push({ jobs: [...jobs], release: () => resolve(jobs.map((job, i) => respond(job, context.attempts[i] ?? 0))) });
    });
  return { batches, processBatch };
}

describe('ordering keys', () => {
  it('never puts one key in two in-flight batches, while other keys keep flowing', async () => {
    const { batches, processBatch } = heldSink();
    const batcher = new Batcher<Job, number>({
      processBatch,
      orderingKey: (job) => job.key,
      concurrency: 3,
      maxBatchSize: 2,
      maxBatchDelay: 0,
    });
    const jobs: Job[] = [
      { key: 'a', n: 1 },
      { key: 'a', n: 2 },
      { key: 'a', n: 3 },
      { key: 'b', n: 4 },
      { key: 'c', n: 5 },
    ];
    const results = jobs.map((job) => batcher.add(job));
    await settle();
    expect(batches.map((b) => b.jobs.map((j) => j.n))).toEqual([[1, 2], [4, 5]]);
    batches[0]?.release();
    await settle();
    expect(batches.map((b) => b.jobs.map((j) => j.n))).toEqual([[1, 2], [4, 5], [3]]);
    batches[1]?.release();
    batches[2]?.release();
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps a retried job ahead of later jobs with its key, even when they are in the same request', async () => {
    const failOnce = new Set([1]);
    const { batches, processBatch } = heldSink((job) => {
      if (failOnce.delete(job.n)) return failure(new Error('throttled'), { retryable: true });
      return success(job.n);
    });
    const batcher = new Batcher<Job, number>({
      processBatch,
      orderingKey: (job) => job.key,
      concurrency: 2,
      maxBatchSize: 10,
      maxBatchDelay: 0,
      retry: { baseDelay: 100, random: () => 1 },
    });
    void batcher.add({ key: 'a', n: 1 });
    await settle();
    void batcher.add({ key: 'a', n: 2 });
    void batcher.add({ key: 'b', n: 3 });
    await settle();
    // 'a' is in flight, so n=2 waits; 'b' goes.
    expect(batches.map((b) => b.jobs.map((j) => j.n))).toEqual([[1], [3]]);
    batches[0]?.release(); // n=1 fails retryably: it backs off 100 ms and keeps 'a' blocked
    await settle();
    expect(batches).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(99);
    expect(batches).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(batches.map((b) => b.jobs.map((j) => j.n))).toEqual([[1], [3], [1, 2]]);
  });

  it('sends at most one job per key per batch with oneJobPerKeyPerBatch', async () => {
    const { batches, processBatch } = heldSink();
    const batcher = new Batcher<Job, number>({
      processBatch,
      orderingKey: (job) => job.key,
      oneJobPerKeyPerBatch: true,
      maxBatchSize: 10,
      maxBatchDelay: 0,
    });
    for (const [key, n] of [['a', 1], ['a', 2], ['b', 3], ['a', 4], ['b', 5]] as const) void batcher.add({ key, n });
    await settle();
    expect(batches.map((b) => b.jobs.map((j) => j.n))).toEqual([[1, 3]]);
    batches[0]?.release();
    await settle();
    batches[1]?.release();
    await settle();
    expect(batches.map((b) => b.jobs.map((j) => j.n))).toEqual([[1, 3], [2, 5], [4]]);
  });

  it('treats jobs whose key is undefined as unordered', async () => {
    const { batches, processBatch } = heldSink();
    const batcher = new Batcher<Job, number>({
      processBatch,
      orderingKey: (job) => (job.key === '' ? undefined : job.key),
      concurrency: 2,
      maxBatchSize: 1,
      maxBatchDelay: 0,
    });
    void batcher.add({ key: '', n: 1 });
    void batcher.add({ key: '', n: 2 });
    await settle();
    expect(batches.map((b) => b.jobs.map((j) => j.n))).toEqual([[1], [2]]);
  });
});
