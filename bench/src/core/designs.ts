import type { Contender } from './contenders.js';

/*
 * Two ways for a batcher to hand out one promise per job and settle it later, each reduced to
 * nothing but that: jobs join groups of `maxBatchSize`; once the adding turn is over, the groups
 * settle one after another, one microtask apart, as batches from a no-op backend would. No
 * queue, no limits, no outcomes, no checks. What each measures is the most a batcher built on
 * that design could reach on this machine, and what a pending job costs in it.
 *
 * - derived (the Batcher's design): each group owns one deferred; a job's promise is
 *   `group.promise.then(pick[k])`. A pending job holds a derived promise and a reaction.
 * - resolvers (dataloader's): each job's promise is `new Promise(executor)` with its resolve
 *   function kept; settling calls it. A pending job holds a promise, a resolve function and
 *   their context; resolving takes one microtask hop fewer.
 */

/** Shared executor: captures through module variables so that no closure is allocated per promise. */
let capturedResolve: (value: unknown) => void = () => undefined;
function capture(resolve: (value: unknown) => void): void {
  capturedResolve = resolve;
}

const picks: Array<(values: readonly number[]) => number> = [];
function pick(k: number): (values: readonly number[]) => number {
  for (let i = picks.length; i <= k; i++) picks.push((values) => values[i] as number);
  return picks[k] as (values: readonly number[]) => number;
}

interface Group {
  readonly values: number[];
  /** derived: the group's deferred; resolvers: one resolve function per member. */
  readonly resolve: Array<(value: unknown) => void>;
  readonly promise: Promise<readonly number[]> | undefined;
}

/**
 * A design reference as a contender. With `stalled`, groups never settle (the retained-memory
 * runs); the returned `keep` holds them, as a stalled backend would.
 */
export function designContender(
  design: 'derived' | 'resolvers',
  maxBatchSize: number,
  stalled: boolean,
): Contender & { readonly pending: () => number; readonly keep: unknown } {
  const waiting: Group[] = [];
  let open: Group | undefined;
  let batches = 0;
  let pending = 0;
  let scheduled = false;

  const settleNext = (): void => {
    const group = waiting.shift();
    if (group === undefined) {
      scheduled = false;
      return;
    }
    if (group === open) open = undefined;
    batches += 1;
    pending -= group.values.length;
    if (design === 'derived') (group.resolve[0] as (value: unknown) => void)(group.values);
    else for (let k = 0; k < group.values.length; k++) (group.resolve[k] as (value: unknown) => void)(group.values[k]);
    // The next batch one microtask later, as a no-op backend's answer would arrive.
    void Promise.resolve().then(settleNext);
  };

  const add = (job: number): Promise<number> => {
    if (open === undefined || open.values.length >= maxBatchSize) {
      if (design === 'derived') {
        const promise = new Promise(capture) as Promise<readonly number[]>;
        open = { values: [], resolve: [capturedResolve], promise };
      } else {
        open = { values: [], resolve: [], promise: undefined };
      }
      waiting.push(open);
    }
    const k = open.values.length;
    open.values.push(job);
    pending += 1;
    if (!scheduled && !stalled) {
      scheduled = true;
      void Promise.resolve().then(settleNext);
    }
    if (design === 'derived') return (open.promise as Promise<readonly number[]>).then(pick(k));
    const promise = new Promise(capture) as Promise<number>;
    open.resolve.push(capturedResolve);
    return promise;
  };

  return { add, batches: () => batches, pending: () => pending, keep: waiting };
}
