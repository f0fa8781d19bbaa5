import { success } from '@batch/core';
import type { BatchContext, Outcome } from '@batch/core';

/** One call to processBatch as the fake sink saw it. */
export interface Call<Job> {
  readonly jobs: readonly Job[];
  readonly context: BatchContext;
}

/**
 * A fake sink: records every batch and answers with `respond` (default: each job's own value
 * as its result). Returns `[processBatch, calls]`.
 */
export function fakeSink<Job, Result = Job>(
  respond: (jobs: readonly Job[], context: BatchContext) => readonly Outcome<Result>[] | Promise<readonly Outcome<Result>[]> = (jobs) =>
    jobs.map((job) => success(job as unknown as Result)),
): [(jobs: readonly Job[], context: BatchContext) => Promise<readonly Outcome<Result>[]>, Call<Job>[]] {
  const calls: Call<Job>[] = [];
  const processBatch = async (jobs: readonly Job[], context: BatchContext): Promise<readonly Outcome<Result>[]> => {
    calls.push({ jobs: [...jobs], context: { ...context, attempts: [...context.attempts] } });
    return respond(jobs, context);
  };
  return [processBatch, calls];
}

/** Records how a promise settled without letting a rejection go unhandled. */
export function track<T>(promise: Promise<T>): { readonly state: () => 'pending' | 'fulfilled' | 'rejected'; readonly value: () => T; readonly error: () => unknown } {
  let state: 'pending' | 'fulfilled' | 'rejected' = 'pending';
  let value: T | undefined;
  let error: unknown;
  promise.then(
    (v) => {
      state = 'fulfilled';
      value = v;
    },
    (e: unknown) => {
      state = 'rejected';
      error = e;
    },
  );
  return { state: () => state, value: () => value as T, error: () => error };
}

/** Lets queued microtasks and already-due timers run. */
export async function settle(): Promise<void> {
  await jest.advanceTimersByTimeAsync(0);
}
