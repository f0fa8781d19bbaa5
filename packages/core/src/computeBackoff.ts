/** Inputs of {@link computeBackoff}. */
export interface BackoffParameters {
  /** Milliseconds; the delay cap before jitter for the first retry. */
  readonly baseDelay: number;
  /** Milliseconds; no delay exceeds this. */
  readonly maxDelay: number;
  /** Uniform random number in [0, 1). */
  readonly random: () => number;
}

/**
 * Exponential backoff with full jitter: a uniformly random delay in
 * `[0, min(maxDelay, baseDelay * 2 ** (attempt - 1)))`. Full jitter spreads retries of many
 * clients that failed together (AWS's recommended scheme), so a throttled stream is not hit
 * again in lock-step.
 *
 * @param attempt the attempt that just failed, 1-based.
 * @returns milliseconds to wait before the next attempt.
 * @example computeBackoff(3, { baseDelay: 100, maxDelay: 20_000, random: Math.random }) // in [0, 400)
 */
export function computeBackoff(attempt: number, { baseDelay, maxDelay, random }: BackoffParameters): number {
  // 2 ** 1024 is Infinity, and Math.min copes; guard only against a negative exponent.
  const ceiling = Math.min(maxDelay, baseDelay * 2 ** Math.max(0, attempt - 1));
  return random() * ceiling;
}
