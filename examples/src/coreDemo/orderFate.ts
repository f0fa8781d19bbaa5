// Which orders fail, and how: decided by hashing (seed, order, attempt), never by timing.
import { unitHash } from '../support/random.js';

/** A tenth of failing orders are declined (not retryable); the rest are throttled (retryable). */
const DECLINED_SHARE = 0.1;

/** A transient refusal: sending the order again may succeed. */
export class ThrottledError extends Error {
  override readonly name = 'ThrottledError';
}

/** A permanent refusal: sending the order again would fail again. */
export class PaymentDeclinedError extends Error {
  override readonly name = 'PaymentDeclinedError';
}

/**
 * How attempt `attempt` (1-based) of an order goes. A pure function of its arguments, so the
 * same seed fails the same orders on the same attempts however the batches were cut.
 */
export function attemptOutcome(seed: number, orderId: string, attempt: number, failRate: number): 'ok' | 'throttled' | 'declined' {
  if (unitHash(seed, orderId, 'declined') < failRate * DECLINED_SHARE) return 'declined';
  return unitHash(seed, orderId, attempt) < failRate ? 'throttled' : 'ok';
}

/** What should become of an order: the model the tests hold a run against. */
export function predictOrder(seed: number, orderId: string, failRate: number, maxAttempts: number): { delivered: boolean; retries: number } {
  for (let attempt = 1; ; attempt++) {
    const outcome = attemptOutcome(seed, orderId, attempt, failRate);
    if (outcome !== 'throttled') return { delivered: outcome === 'ok', retries: attempt - 1 };
    if (attempt >= maxAttempts) return { delivered: false, retries: attempt - 1 };
  }
}

/** The id of the `n`th order (1-based). */
export function orderId(n: number): string {
  return `ord-${String(n).padStart(6, '0')}`;
}
