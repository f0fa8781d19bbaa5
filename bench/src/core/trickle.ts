import { Batcher, success } from '@batch/core';

import { percentile } from '../lib/stats.js';
import type { TrickleResult, TrickleTask } from './protocol.js';

/**
 * Latency a Batcher adds under a trickle: one `add()` per `setInterval(intervalMs)` tick for
 * `durationMs`, with a no-op `processBatch`. A job's latency is `performance.now()` when its
 * promise's `then` callback runs minus `performance.now()` just before its `add()`; the
 * backend takes no time, so all of it is waiting for the batch to leave (by `maxBatchDelay`,
 * the batch never fills at this rate) plus timer lateness and the promise hops.
 */
export async function trickle(task: TrickleTask): Promise<TrickleResult> {
  const batcher = new Batcher<number, number>({
    processBatch: (jobs) => Promise.resolve(jobs.map((job) => success(job))),
    maxBatchSize: task.maxBatchSize,
    maxBatchDelay: task.maxBatchDelay,
  });
  const latencies: number[] = [];
  const settled: Array<Promise<void>> = [];
  let added = 0;
  let first = 0;
  let last = 0;
  await new Promise<void>((done) => {
    const started = performance.now();
    const timer = setInterval(() => {
      const job = added++;
      const at = performance.now();
      if (job === 0) first = at;
      last = at;
      settled.push(
        batcher.add(job).then(() => {
          if (job >= task.warmupJobs) latencies.push(performance.now() - at);
        }),
      );
      if (at - started >= task.durationMs) {
        clearInterval(timer);
        done();
      }
    }, task.intervalMs);
  });
  await Promise.all(settled);
  await batcher.shutdown();
  const sorted = Float64Array.from(latencies).sort();
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    meanIntervalMs: (last - first) / (added - 1),
    batches: batcher.stats().batches,
  };
}
