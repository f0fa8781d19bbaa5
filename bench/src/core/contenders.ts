import { Batcher, success } from '@batch/core';
import DataLoader from 'dataloader';

import { designContender } from './designs.js';
import type { ContenderName } from './protocol.js';

/** One contender reduced to what the loops call: add job `i`, get its promise. */
export interface Contender {
  readonly add: (job: number) => Promise<number>;
  /** Batches formed so far (0 for the floor). */
  readonly batches: () => number;
}

/**
 * The contenders of the throughput runs, each doing the least its API allows per job:
 *
 * - floor: `new Promise((resolve) => resolve(i))`, one promise per job resolved in place by its
 *   executor: what any API that hands out a promise per job pays at the very least.
 * - batcher: `@batch/core` with a no-op `processBatch` returning one `success(job)` per job (the
 *   API requires an outcome per job), `maxBatchDelay` 0 so batches leave as soon as the adding
 *   turn ends (throughput, not waiting), default concurrency (1), and `maxQueueSize` raised to
 *   the job count so a burst of 1,000,000 is accepted.
 * - dataloader: `cache: false` and the same `maxBatchSize`; its batch function returns the keys.
 */
export function throughputContender(name: ContenderName, maxBatchSize: number, maxQueueSize: number): Contender {
  switch (name) {
    case 'floor':
      return { add: (i) => new Promise<number>((resolve) => resolve(i)), batches: () => 0 };
    case 'batcher': {
      const batcher = new Batcher<number, number>({
        processBatch: (jobs) => Promise.resolve(jobs.map((job) => success(job))),
        maxBatchSize,
        maxBatchDelay: 0,
        maxQueueSize,
      });
      return { add: (i) => batcher.add(i), batches: () => batcher.stats().batches };
    }
    case 'dataloader': {
      let batches = 0;
      const loader = new DataLoader<number, number>(
        (keys) => {
          batches += 1;
          return Promise.resolve(keys);
        },
        { cache: false, maxBatchSize },
      );
      return { add: (i) => loader.load(i), batches: () => batches };
    }
    case 'derived':
    case 'resolvers':
      return designContender(name, maxBatchSize, false);
  }
}

/**
 * A backend that never answers: a fresh pending promise per batch whose resolve function is
 * kept, as a real stalled request is kept alive by its socket or timer. Without the `held`
 * reference the promise, and everything its reactions capture, would be garbage: dataloader's
 * dispatched batches hang only off that promise and would not be counted at all.
 */
function stalledBackend(): { readonly call: () => Promise<never>; readonly held: Array<(value: never) => void> } {
  const held: Array<(value: never) => void> = [];
  return { call: () => new Promise<never>((resolve) => held.push(resolve)), held };
}

/**
 * The contenders of the retained-memory runs: the same, but nothing ever completes.
 *
 * - floor: `new Promise((resolve) => { resolvers[i] = resolve; })`: a pending promise whose
 *   resolve function is kept (in an array of `jobs` slots the floor allocates itself, counted).
 *   The reject function is not kept, so the floor is the cheapest way to hold a settleable promise.
 * - batcher: `processBatch` returns a promise that never settles (`stalledBackend`); with
 *   concurrency 1 one batch is in flight and every other job waits in the queue.
 * - dataloader: the batch function returns such a promise; every batch is dispatched.
 *
 * `keep` holds whatever must stay reachable for the reading (the stalled backend's resolvers).
 */
export function retainedContender(
  name: ContenderName,
  jobs: number,
  maxBatchSize: number,
): Contender & { readonly pending: () => number; readonly keep: unknown } {
  switch (name) {
    case 'floor': {
      const resolvers = new Array<(value: number) => void>(jobs);
      let pending = 0;
      return {
        add: (i) =>
          new Promise<number>((resolve) => {
            resolvers[i] = resolve;
            pending += 1;
          }),
        batches: () => 0,
        pending: () => pending,
        keep: resolvers,
      };
    }
    case 'batcher': {
      const backend = stalledBackend();
      const batcher = new Batcher<number, number>({ processBatch: backend.call, maxBatchSize, maxBatchDelay: 0, maxQueueSize: jobs });
      return { add: (i) => batcher.add(i), batches: () => batcher.stats().batches, pending: () => batcher.stats().pending, keep: backend.held };
    }
    case 'dataloader': {
      let batches = 0;
      let pending = 0;
      const backend = stalledBackend();
      const loader = new DataLoader<number, number>(
        (keys) => {
          batches += 1;
          pending += keys.length;
          return backend.call();
        },
        { cache: false, maxBatchSize },
      );
      return { add: (i) => loader.load(i), batches: () => batches, pending: () => pending, keep: backend.held };
    }
    case 'derived':
    case 'resolvers':
      return designContender(name, maxBatchSize, true);
  }
}
