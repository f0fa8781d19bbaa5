import { setImmediate as nextMacrotask } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Batcher, failure, success } from '../src/index.js';
import type { Outcome } from '../src/index.js';

/*
 * What the batcher keeps alive while something else waits. Bounded memory means a job that has
 * settled is not held by a batch-mate being retried, nor by a job blocked ahead of it. Checked
 * with weak references and a full GC (`--expose-gc` turned on for a fresh context).
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Whether the objects behind `refs` can be collected: full GCs after the current job ends. */
async function collected(refs: ReadonlyArray<WeakRef<object>>): Promise<number> {
  await nextMacrotask();
  gc();
  gc();
  return refs.filter((ref) => ref.deref() === undefined).length;
}

/** Retries wait a minute: long enough to stay pending for the whole test. */
const LONG_BACKOFF = { maxAttempts: 3, baseDelay: 60_000, maxDelay: 60_000, random: () => 0.999 };

interface Job {
  readonly id: number;
  readonly key: string | undefined;
  readonly payload: Uint8Array;
}

it('does not keep the jobs of a completed batch alive while one of them waits to be retried', async () => {
  const refs: Array<WeakRef<object>> = [];
  let calls = 0;
  const batcher = new Batcher<Job, number>({
    processBatch: (jobs) => {
      calls += 1;
      // Job 0 fails retryably; its batch-mates succeed.
      return Promise.resolve(jobs.map((job): Outcome<number> => (job.id === 0 ? failure(new Error('throttled'), { retryable: true }) : success(job.id))));
    },
    maxBatchSize: 50,
    maxBatchDelay: 0,
    retry: LONG_BACKOFF,
  });
  let succeeded = 0;
  const retried = (() => {
    let first: Promise<number> | undefined;
    for (let id = 0; id < 50; id++) {
      const job: Job = { id, key: undefined, payload: new Uint8Array(1024) };
      if (id > 0) refs.push(new WeakRef(job));
      const promise = batcher.add(job);
      if (id === 0) first = promise;
      else void promise.then(() => (succeeded += 1));
    }
    return first as Promise<number>;
  })();
  while (succeeded < 49) await nextMacrotask();
  expect([calls, batcher.stats().pending]).toEqual([1, 1]);
  // Job 0 backs off for a minute; its 49 batch-mates are done and must be collectable.
  expect(await collected(refs)).toBe(49);
  await batcher.shutdown({ timeout: 0 });
  await expect(retried).rejects.toMatchObject({ code: 'SHUTDOWN_TIMEOUT' });
});

it('does not keep the results of completed jobs alive while an earlier job is blocked at the head', async () => {
  const results: Array<WeakRef<object>> = [];
  const batcher = new Batcher<Job, { readonly id: number }>({
    processBatch: (jobs, context) => {
      const outcomes = jobs.map((job, i): Outcome<{ readonly id: number }> => {
        // The first job of key K fails once, so K's later job waits behind its backoff.
        if (job.key === 'K' && job.id === 0 && context.attempts[i] === 1) return failure(new Error('throttled'), { retryable: true });
        const result = { id: job.id };
        if (job.key === undefined) results.push(new WeakRef(result));
        return success(result);
      });
      return Promise.resolve(outcomes);
    },
    orderingKey: (job) => job.key,
    maxBatchSize: 10,
    maxBatchDelay: 0,
    retry: LONG_BACKOFF,
  });
  const first = batcher.add({ id: 0, key: 'K', payload: new Uint8Array(0) });
  await nextMacrotask();
  // Oldest waiting job from now on: blocked while K's first job backs off.
  const blocked = batcher.add({ id: 1, key: 'K', payload: new Uint8Array(0) });
  let done = 0;
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 100; i++) void batcher.add({ id: 2 + round * 100 + i, key: undefined, payload: new Uint8Array(0) }).then(() => (done += 1));
    await nextMacrotask();
  }
  while (done < 2000) await nextMacrotask();
  expect(batcher.stats().pending).toBe(2);
  expect(results).toHaveLength(2000);
  // Their promises have settled and nobody holds them: the results are garbage.
  expect(await collected(results)).toBe(2000);
  await batcher.shutdown({ timeout: 0 });
  await expect(first).rejects.toMatchObject({ code: 'SHUTDOWN_TIMEOUT' });
  await expect(blocked).rejects.toMatchObject({ code: 'SHUTDOWN_TIMEOUT' });
});
