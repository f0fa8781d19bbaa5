import { InvalidOptionError } from './errors.js';
import { showValue } from './showValue.js';

/** Options of {@link fastRetryStrategy}. */
export interface FastRetryOptions {
  /**
   * Total attempts per call, first included (1 means no retry).
   * @default 3
   */
  readonly maxAttempts?: number;
  /**
   * Pause before each retry, in milliseconds.
   * @default 0
   */
  readonly delayMs?: number;
}

/** The SDK's retry token, structurally. */
export interface FastRetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/** An SDK v3 retry strategy (the `RetryStrategyV2` shape), structurally. */
export interface FastRetryStrategy {
  acquireInitialRetryToken(retryTokenScope: string): Promise<FastRetryToken>;
  refreshRetryTokenForRetry(token: FastRetryToken, errorInfo: { readonly errorType: string }): Promise<FastRetryToken>;
  recordSuccess(token: FastRetryToken): void;
}

const token = (count: number, delay: number): FastRetryToken => ({
  getRetryCount: () => count,
  getRetryDelay: () => delay,
});

/**
 * A retry strategy for SDK clients in tests: the SDK's own classification (it retries
 * throttling, transient and server errors, never client errors) with no backoff and no retry
 * quota. The standard strategy's quota drains on a long-lived client facing constant faults and
 * then silently stops retrying; its backoff makes fault tests slow.
 *
 * @example
 * const client = aws.sqs.client({ retryStrategy: fastRetryStrategy({ maxAttempts: 4 }) });
 */
export function fastRetryStrategy(options: FastRetryOptions = {}): FastRetryStrategy {
  const maxAttempts = options.maxAttempts ?? 3;
  const delayMs = options.delayMs ?? 0;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new InvalidOptionError(`Expected \`maxAttempts\` to be a positive integer, got \`${showValue(maxAttempts)}\``);
  }
  if (typeof delayMs !== 'number' || !(delayMs >= 0)) {
    throw new InvalidOptionError(`Expected \`delayMs\` to be a non-negative number, got \`${showValue(delayMs)}\``);
  }
  return {
    acquireInitialRetryToken: () => Promise.resolve(token(0, 0)),
    refreshRetryTokenForRetry(previous, errorInfo) {
      const count = previous.getRetryCount() + 1;
      if (errorInfo.errorType === 'CLIENT_ERROR' || count >= maxAttempts) {
        // The SDK rethrows the call's own error when no token is granted.
        return Promise.reject(new Error('No retry token available'));
      }
      return Promise.resolve(token(count, delayMs));
    },
    recordSuccess: () => undefined,
  };
}
