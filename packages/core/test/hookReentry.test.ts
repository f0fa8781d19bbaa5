import { Batcher, failure, success } from '@batch/core';

describe('a hook that calls shutdown()', () => {
  it('does not let a later job of a key overtake the retry of an earlier one (found in review)', async () => {
    const delivered: number[] = [];
    let failed = false;
    const batcher: Batcher<{ n: number; key: string }, number> = new Batcher<{ n: number; key: string }, number>({
      maxBatchSize: 10,
      maxBatchDelay: 0,
      oneJobPerKeyPerBatch: true,
      orderingKey: (job) => job.key,
      retry: { baseDelay: 5, maxDelay: 5 },
      // onRetry runs inside the batch's completion, before the failed job is back in line.
      hooks: { onRetry: () => void batcher.shutdown() },
      processBatch: async (jobs) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        return jobs.map((job) => {
          if (job.n === 1 && !failed) {
            failed = true;
            return failure(new Error('throttled'), { retryable: true });
          }
          delivered.push(job.n);
          return success(job.n);
        });
      },
    });
    await expect(Promise.all([batcher.add({ n: 1, key: 'a' }), batcher.add({ n: 2, key: 'a' })])).resolves.toEqual([1, 2]);
    await batcher.shutdown();
    expect(delivered).toEqual([1, 2]);
  });
});
