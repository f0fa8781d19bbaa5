import { setImmediate as nextMacrotask } from 'node:timers/promises';

import { requireGc } from '../lib/workerMain.js';
import { retainedContender } from './contenders.js';
import type { RetainedResult, RetainedTask } from './protocol.js';

/**
 * Heap retained per pending job. Counted: everything the contender allocates for `task.jobs`
 * jobs that never complete, the contender object itself included (the difference of
 * `heapUsed` after two full GCs, before and after). Not counted: the caller's array holding the
 * returned promises, allocated before the first reading, and the job values themselves (small
 * integers, which V8 stores inline).
 *
 * The reading is taken after a macrotask, so that every scheduled dispatch (the Batcher's pump,
 * dataloader's batch functions) has run: what is measured is the steady state of a stalled
 * backend, not the instant after the last `add()`.
 */
export async function retained(task: RetainedTask): Promise<RetainedResult> {
  const gc = requireGc();
  const promises = new Array<Promise<number>>(task.jobs);
  fullGc(gc);
  const before = process.memoryUsage().heapUsed;
  const contender = retainedContender(task.contender, task.jobs, task.maxBatchSize);
  for (let i = 0; i < task.jobs; i++) promises[i] = contender.add(i);
  await nextMacrotask();
  await nextMacrotask();
  fullGc(gc);
  const after = process.memoryUsage().heapUsed;
  if (contender.pending() !== task.jobs) throw new Error(`expected ${task.jobs} pending jobs, found ${contender.pending()}`);
  // Keep the promises and whatever the contender holds alive past the reading.
  if (promises.length !== task.jobs || contender.keep === undefined) throw new Error('unreachable');
  const bytes = after - before;
  return { jobs: task.jobs, bytes, bytesPerJob: bytes / task.jobs };
}

function fullGc(gc: () => void): void {
  gc();
  gc();
}
