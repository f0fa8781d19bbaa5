import type { Failure, Success } from './types.js';

/**
 * Builds a successful outcome for `processBatch`.
 * @example return jobs.map((job) => success(job.id));
 */
export function success<Result>(value: Result): Success<Result> {
  return { ok: true, value };
}

/**
 * Builds a failed outcome for `processBatch`. Pass `retryable` to override the batcher's
 * `isRetryable(error)` for this job.
 * @example failure(new Error('throttled'), { retryable: true })
 */
export function failure(error: unknown, options?: { readonly retryable?: boolean }): Failure {
  return options?.retryable === undefined ? { ok: false, error } : { ok: false, error, retryable: options.retryable };
}
