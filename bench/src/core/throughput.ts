import { requireGc } from '../lib/workerMain.js';
import { throughputContender } from './contenders.js';
import type { Contender } from './contenders.js';
import type { ThroughputResult, ThroughputTask } from './protocol.js';

/**
 * Times adding `task.jobs` jobs and awaiting every promise, in a child of its own.
 *
 * burst: `promises[i] = add(i)` for every job into a preallocated array, then one
 * `await Promise.all(promises)`. windowed: the same per window of `task.window` jobs (add a
 * window, await it, add the next), so at most `task.window` are ever pending. The clock runs
 * from the first add to the last promise's resolution; the contender is built before it starts.
 * A warm-up run of `task.warmupJobs` on a separate instance and a full GC precede the timed run.
 */
export async function throughput(task: ThroughputTask): Promise<ThroughputResult> {
  const gc = requireGc();
  const run = task.mode === 'burst' ? burst : windowed;
  await run(throughputContender(task.contender, task.maxBatchSize, task.jobs), task.warmupJobs, task.window);
  gc();
  const contender = throughputContender(task.contender, task.maxBatchSize, task.jobs);
  const started = performance.now();
  await run(contender, task.jobs, task.window);
  const ms = performance.now() - started;
  return { jobs: task.jobs, ms, jobsPerSecond: (task.jobs / ms) * 1000, batches: contender.batches() };
}

async function burst({ add }: Contender, jobs: number): Promise<void> {
  const promises = new Array<Promise<number>>(jobs);
  for (let i = 0; i < jobs; i++) promises[i] = add(i);
  const values = await Promise.all(promises);
  check(values, jobs - 1);
}

async function windowed({ add }: Contender, jobs: number, window: number): Promise<void> {
  if (jobs % window !== 0) throw new Error(`jobs (${jobs}) must be a multiple of the window (${window})`);
  const promises = new Array<Promise<number>>(window);
  for (let base = 0; base < jobs; base += window) {
    for (let k = 0; k < window; k++) promises[k] = add(base + k);
    const values = await Promise.all(promises);
    check(values, base + window - 1);
  }
}

/** Each job resolves with its own number: a cheap guard against a contender that skips work. */
function check(values: readonly number[], last: number): void {
  if (values[values.length - 1] !== last) throw new Error(`expected the last job to resolve with ${last}, got ${String(values[values.length - 1])}`);
}
