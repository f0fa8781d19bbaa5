/**
 * `promise`, or a rejection with the signal's reason as soon as `signal` (not aborted yet)
 * aborts: a batch waiting on something shared (a table's key schema, a queue's attributes) stops
 * waiting when the batcher gives up on it, while the shared work goes on for later batches.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

/** The batcher aborts a batch's signal with an Error; anything else is wrapped in one. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('The batch was aborted', { cause: reason });
}

/**
 * `wait()` for a batch whose `signal` may abort: raced against the signal (see `untilAborted`),
 * and, when the signal has already aborted, not called at all, so that no shared work (a
 * DescribeTable, a GetQueueAttributes) starts that nobody awaits: its failure would be reported
 * as an unhandled rejection.
 */
export function waitUnlessAborted<T>(wait: () => Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return untilAborted(wait(), signal);
}
