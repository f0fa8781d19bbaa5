import { Batcher, JobExpiredError, JobFailedError, RetriesExhaustedError, failure, success } from '@batch/core';
import type { RetryInfo } from '@batch/core';
import { fakeSink, settle, track } from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('retries', () => {
  it('retries only the failed jobs, after backoff, ahead of newer jobs, in their original order', async () => {
    let round = 0;
    const [processBatch, calls] = fakeSink<number>((jobs) => {
      round += 1;
      return jobs.map((n) => (round === 1 && n % 2 === 0 ? failure(new Error('throttled'), { retryable: true }) : success(n)));
    });
    const batcher = new Batcher({
      processBatch,
      maxBatchSize: 10,
      maxBatchDelay: 0,
      retry: { baseDelay: 100, maxDelay: 1000, random: () => 0.5 },
    });
    const first = [1, 2, 3, 4, 5, 6].map((n) => batcher.add(n));
    await settle();
    expect(calls.map((c) => c.jobs)).toEqual([[1, 2, 3, 4, 5, 6]]);
    const later = [7, 8].map((n) => batcher.add(n));
    await settle();
    // Newer jobs flow while the failed ones back off (50 ms: random 0.5 * base 100).
    expect(calls.map((c) => c.jobs)).toEqual([[1, 2, 3, 4, 5, 6], [7, 8]]);
    void batcher.add(9);
    await jest.advanceTimersByTimeAsync(49);
    expect(calls).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.jobs)).toEqual([[1, 2, 3, 4, 5, 6], [7, 8], [9], [2, 4, 6]]);
    expect(calls[3]?.context.attempts).toEqual([2, 2, 2]);
    await expect(Promise.all([...first, ...later])).resolves.toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('puts due retries ahead of waiting newer jobs in the same batch', async () => {
    let round = 0;
    const [processBatch, calls] = fakeSink<string>((jobs) => {
      round += 1;
      return jobs.map((j) => (round === 1 && j === 'b' ? failure('busy', { retryable: true }) : success(j)));
    });
    const batcher = new Batcher({ processBatch, maxBatchSize: 3, maxBatchDelay: 100, retry: { baseDelay: 10, random: () => 0.99 } });
    void batcher.add('a');
    void batcher.add('b');
    void batcher.add('c');
    await settle();
    void batcher.add('d');
    void batcher.add('e');
    // b's backoff ends at ~10 ms; like a new job it then waits for the batch to fill or for the
    // oldest waiting job's delay (d, added at 0) to pass, and leaves first in that batch.
    await jest.advanceTimersByTimeAsync(99);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.jobs)).toEqual([['a', 'b', 'c'], ['b', 'd', 'e']]);
  });

  it('sends a retried job at most maxBatchDelay after its backoff ends when nothing else waits', async () => {
    let round = 0;
    const [processBatch, calls] = fakeSink<string>((jobs) => {
      round += 1;
      return jobs.map((j) => (round === 1 ? failure('busy', { retryable: true }) : success(j)));
    });
    const batcher = new Batcher({ processBatch, maxBatchSize: 3, maxBatchDelay: 40, retry: { baseDelay: 100, random: () => 0.5 } });
    const result = track(batcher.add('a'));
    await jest.advanceTimersByTimeAsync(40);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(50 + 39);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(result.value()).toBe('a');
  });

  it('retries the jobs that failed together as one batch, with one jitter draw', async () => {
    let round = 0;
    const draws = [0.9, 0.1, 0.5];
    const random = jest.fn(() => draws.shift() ?? 0.5);
    const [processBatch, calls] = fakeSink<number>((jobs) => {
      round += 1;
      return jobs.map((n) => (round === 1 ? failure(new Error('throttled'), { retryable: true }) : success(n)));
    });
    const batcher = new Batcher({ processBatch, maxBatchSize: 10, maxBatchDelay: 0, retry: { baseDelay: 100, random } });
    const results = [1, 2, 3, 4, 5].map((n) => batcher.add(n));
    await settle();
    expect(random).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(89);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.jobs)).toEqual([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]);
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3, 4, 5]);
  });

  it('during a flush, sends a retry the moment its backoff ends', async () => {
    let round = 0;
    const [processBatch, calls] = fakeSink<string>((jobs) => {
      round += 1;
      return jobs.map((j) => (round === 1 ? failure('busy', { retryable: true }) : success(j)));
    });
    const batcher = new Batcher({ processBatch, maxBatchSize: 10, maxBatchDelay: 1000, retry: { baseDelay: 100, random: () => 1 } });
    void batcher.add('a');
    const flushed = track(batcher.flush());
    await settle();
    expect(calls).toHaveLength(1);
    void batcher.add('b'); // newer, past the flush: must not hold a's retry back
    await jest.advanceTimersByTimeAsync(100);
    expect(calls.map((c) => c.jobs)).toEqual([['a'], ['a', 'b']]);
    expect(flushed.state()).toBe('fulfilled');
  });

  it('rejects with RetriesExhaustedError carrying attempts and the last cause', async () => {
    let attempt = 0;
    const [processBatch, calls] = fakeSink<number>((jobs) => {
      attempt += 1;
      return jobs.map(() => failure(new Error(`throttled ${attempt}`), { retryable: true }));
    });
    const retried: Array<RetryInfo<number>> = [];
    const batcher = new Batcher({
      processBatch,
      maxBatchDelay: 0,
      retry: { maxAttempts: 3, baseDelay: 10, random: () => 1 },
      hooks: { onRetry: (info) => retried.push(info) },
    });
    const result = track(batcher.add(7));
    await jest.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(3);
    expect(result.error()).toBeInstanceOf(RetriesExhaustedError);
    expect(result.error()).toMatchObject({ code: 'RETRIES_EXHAUSTED', attempts: 3, cause: new Error('throttled 3') });
    expect(retried.map((r) => [r.attempt, r.delay])).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(batcher.stats()).toMatchObject({ retried: 2, failed: 1, pending: 0 });
  });

  it('classifies whole-batch failures with isRetryable and retries the whole batch', async () => {
    let attempt = 0;
    const throttle = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const batcher = new Batcher<number, number>({
      maxBatchDelay: 0,
      retry: { baseDelay: 5, random: () => 1 },
      isRetryable: (error) => error instanceof Error && error.name === 'ThrottlingException',
      processBatch: async (jobs) => {
        attempt += 1;
        if (attempt === 1) throw throttle;
        return jobs.map((n) => success(n * 2));
      },
    });
    const results = [1, 2].map((n) => batcher.add(n));
    await jest.advanceTimersByTimeAsync(5);
    await expect(Promise.all(results)).resolves.toEqual([2, 4]);
    expect(attempt).toBe(2);
  });

  it('uses isRetryable for failed outcomes that leave retryable unset, and never retries a non-retryable one', async () => {
    let round = 0;
    const [processBatch, calls] = fakeSink<string>((jobs) => {
      round += 1;
      return jobs.map((j) => (round === 1 ? failure(new Error(j)) : success(j)));
    });
    const batcher = new Batcher({
      processBatch,
      maxBatchDelay: 0,
      retry: { baseDelay: 1, random: () => 1 },
      isRetryable: (error) => (error as Error).message === 'transient',
    });
    const transient = track(batcher.add('transient'));
    const fatal = track(batcher.add('fatal'));
    await jest.advanceTimersByTimeAsync(5);
    expect(transient.value()).toBe('transient');
    expect(fatal.error()).toBeInstanceOf(JobFailedError);
    expect(calls.map((c) => c.jobs)).toEqual([['transient', 'fatal'], ['transient']]);
  });

  it('expires a job past maxJobAge instead of retrying it forever', async () => {
    const [processBatch, calls] = fakeSink<number>((jobs) => jobs.map(() => failure(new Error('throttled'), { retryable: true })));
    const batcher = new Batcher({
      processBatch,
      maxBatchDelay: 0,
      maxJobAge: 1000,
      retry: { maxAttempts: 100, baseDelay: 200, maxDelay: 200, random: () => 1 },
    });
    const result = track(batcher.add(1));
    await jest.advanceTimersByTimeAsync(2000);
    expect(result.error()).toBeInstanceOf(JobExpiredError);
    expect(result.error()).toMatchObject({ code: 'JOB_EXPIRED', attempts: 5, cause: new Error('throttled') });
    expect(calls).toHaveLength(5);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('expires waiting jobs that never got a concurrency slot', async () => {
    const batcher = new Batcher<number, number>({
      maxBatchSize: 1,
      maxBatchDelay: 0,
      maxJobAge: 100,
      processBatch: () => new Promise(() => undefined),
    });
    const stuck = track(batcher.add(1));
    const waiting = track(batcher.add(2));
    await jest.advanceTimersByTimeAsync(100);
    expect(stuck.state()).toBe('pending');
    expect(waiting.error()).toBeInstanceOf(JobExpiredError);
    expect(waiting.error()).toMatchObject({ attempts: 0 });
  });

  it('keeps retrying during shutdown and resolves it once retries land', async () => {
    let round = 0;
    const [processBatch] = fakeSink<number>((jobs) => {
      round += 1;
      return jobs.map((n) => (round === 1 ? failure('busy', { retryable: true }) : success(n)));
    });
    const batcher = new Batcher({ processBatch, maxBatchDelay: 10_000, retry: { baseDelay: 50, random: () => 1 } });
    const result = track(batcher.add(1));
    const done = track(batcher.shutdown());
    await settle();
    expect(done.state()).toBe('pending');
    await jest.advanceTimersByTimeAsync(50);
    expect(result.value()).toBe(1);
    expect(done.state()).toBe('fulfilled');
  });
});
