import { InvalidOptionError } from './errors.js';
import type { BatcherHooks, HardLimits, ProcessBatch } from './types.js';

/**
 * How failed jobs are retried: after full-jitter exponential backoff,
 * `random() * min(maxDelay, baseDelay * 2 ** (attempt - 1))` ms. Its backoff over, a retried job
 * is treated like a job just added: it goes with the next batch, at most `maxBatchDelay` later
 * (sooner when a batch fills or leaves anyway; at once while flushing or shutting down), so that
 * retries regroup into batches instead of trickling out one request each.
 */
export interface RetryOptions {
  /**
   * Attempts per job, the first send included; a job that fails retryably this many times
   * rejects with `RetriesExhaustedError`. Integer, 1 or more (1 disables retries).
   * @default 10
   */
  readonly maxAttempts?: number | undefined;
  /** Milliseconds; the backoff ceiling for the first retry, doubling per attempt. @default 100 */
  readonly baseDelay?: number | undefined;
  /** Milliseconds; the backoff ceiling never exceeds this. @default 20000 */
  readonly maxDelay?: number | undefined;
  /** Uniform random source in [0, 1) for the jitter (inject for deterministic tests). @default Math.random */
  readonly random?: (() => number) | undefined;
}

/**
 * Options of a `Batcher<Job, Result>`. Only `processBatch` is required. Sinks return an object
 * of these (processBatch, limits, validation, sizing, classification) meant to be spread in:
 * `new Batcher({ ...kinesisSink({ client, streamName }), maxBatchDelay: 100 })`.
 */
export interface BatcherOptions<Job, Result> {
  /** Sends one batch and reports one outcome per job, in order. */
  readonly processBatch: ProcessBatch<Job, Result>;
  /** Most jobs per batch. Integer from 1 to `hardLimits.maxBatchSize`. @default 100 (capped by `hardLimits.maxBatchSize`) */
  readonly maxBatchSize?: number | undefined;
  /**
   * Milliseconds a job may wait for its batch to fill, counted from the oldest waiting job;
   * then whatever is waiting is sent. 0 sends on the next microtask. Finite, 0 or more.
   * @default 1000
   */
  readonly maxBatchDelay?: number | undefined;
  /**
   * Most bytes per batch, by `sizeOf`; a job larger than this alone rejects at `add()` with
   * `JobTooLargeError`. Requires `sizeOf`. At most `hardLimits.maxBatchBytes`.
   * @default Infinity (or `hardLimits.maxBatchBytes`)
   */
  readonly maxBatchBytes?: number | undefined;
  /** Size of a job in bytes (non-negative integer), computed once at `add()`. @default none */
  readonly sizeOf?: ((job: Job) => number) | undefined;
  /**
   * Normalizes a job once at `add()`, before `validate`, `sizeOf` and `orderingKey`; whatever it
   * returns is what `processBatch` receives. Sinks serialize payloads here so they are
   * serialized and measured once. A throw rejects the `add()`.
   * @default identity
   */
  readonly prepare?: ((job: Job) => Job) | undefined;
  /**
   * Throws when a job can never be sent; the `add()` rejects at once with that error (wrapped
   * in `InvalidJobError` unless it already is a `BatchError`) and nothing is queued.
   * @default none
   */
  readonly validate?: ((job: Job) => void) | undefined;
  /** Limits the backend cannot exceed; options beyond them throw at construction. @default none */
  readonly hardLimits?: HardLimits | undefined;
  /** Batches in flight at once. Integer, 1 or more. @default 1 */
  readonly concurrency?: number | undefined;
  /**
   * Jobs with the same key are never in two in-flight batches at once, and a retried job stays
   * ahead of later jobs with its key: order per key survives retries and concurrency. Jobs
   * whose key is `undefined` are unordered. Called once per job at `add()`, and again for
   * waiting jobs when a batch asks for it (`BatchContext.refreshOrderingKeys`).
   * @default none (no ordering across batches)
   */
  readonly orderingKey?: ((job: Job) => string | undefined) | undefined;
  /**
   * With `orderingKey`: at most one job per key in a batch, for backends that may apply a
   * request's entries out of order (Kinesis PutRecords' strict mode).
   * @default false
   */
  readonly oneJobPerKeyPerBatch?: boolean | undefined;
  /** Retry policy for retryable failures. */
  readonly retry?: RetryOptions | undefined;
  /**
   * Classifies errors: whole-batch throws, and failed outcomes that leave `retryable` unset.
   * Sinks supply one that knows their service's throttling and transient errors.
   * @default () => false
   */
  readonly isRetryable?: ((error: unknown) => boolean) | undefined;
  /**
   * Most jobs pending at once (waiting, in flight and backing off); `add()` beyond it rejects
   * with `QueueFullError`. Integer, at least `maxBatchSize`.
   * @default 100000
   */
  readonly maxQueueSize?: number | undefined;
  /** Most bytes pending at once, by `sizeOf`. Requires `sizeOf`. @default Infinity */
  readonly maxQueueBytes?: number | undefined;
  /**
   * Milliseconds from `add()` after which an undelivered job rejects with `JobExpiredError`
   * instead of being sent or retried again. A batch already in flight is not interrupted.
   * @default Infinity
   */
  readonly maxJobAge?: number | undefined;
  /** Aborting it closes the batcher and rejects every pending job with `BatcherAbortedError`. */
  readonly signal?: AbortSignal | undefined;
  /** Observability callbacks; none by default. */
  readonly hooks?: BatcherHooks<Job> | undefined;
  /** Monotonic clock in milliseconds (inject for tests). @default performance.now */
  readonly now?: (() => number) | undefined;
}

/** Options resolved once, defaults applied; every field present. */
export interface ResolvedOptions<Job, Result> {
  readonly processBatch: ProcessBatch<Job, Result>;
  readonly maxBatchSize: number;
  readonly maxBatchDelay: number;
  readonly maxBatchBytes: number;
  readonly sizeOf: ((job: Job) => number) | undefined;
  readonly prepare: ((job: Job) => Job) | undefined;
  readonly validate: ((job: Job) => void) | undefined;
  readonly concurrency: number;
  readonly orderingKey: ((job: Job) => string | undefined) | undefined;
  readonly oneJobPerKeyPerBatch: boolean;
  readonly maxAttempts: number;
  readonly baseDelay: number;
  readonly maxDelay: number;
  readonly random: () => number;
  readonly isRetryable: (error: unknown) => boolean;
  readonly maxQueueSize: number;
  readonly maxQueueBytes: number;
  readonly maxJobAge: number;
  readonly signal: AbortSignal | undefined;
  readonly hooks: BatcherHooks<Job>;
  readonly now: () => number;
}

const DEFAULT_MAX_BATCH_SIZE = 100;
const DEFAULT_MAX_BATCH_DELAY = 1000;
const DEFAULT_MAX_ATTEMPTS = 10;
const DEFAULT_BASE_DELAY = 100;
const DEFAULT_MAX_DELAY = 20_000;
const DEFAULT_MAX_QUEUE_SIZE = 100_000;

const neverRetry = (): boolean => false;
const monotonicNow = (): number => performance.now();

/** Applies defaults and validates every option; throws `InvalidOptionError` on the first bad one. */
export function resolveOptions<Job, Result>(options: BatcherOptions<Job, Result>): ResolvedOptions<Job, Result> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', 'an object', options);
  }
  const processBatch = fn('processBatch', options.processBatch, true);
  const limits = options.hardLimits ?? {};
  const sizeLimit = limits.maxBatchSize ?? Number.MAX_SAFE_INTEGER;
  const bytesLimit = limits.maxBatchBytes ?? Infinity;
  integer('hardLimits.maxBatchSize', sizeLimit, 1, Number.MAX_SAFE_INTEGER);
  if (!(bytesLimit >= 1)) throw new InvalidOptionError('hardLimits.maxBatchBytes', 'a number of at least 1', bytesLimit);

  const maxBatchSize = integer('maxBatchSize', options.maxBatchSize ?? Math.min(DEFAULT_MAX_BATCH_SIZE, sizeLimit), 1, sizeLimit);
  const maxBatchDelay = number('maxBatchDelay', options.maxBatchDelay ?? DEFAULT_MAX_BATCH_DELAY, 0, Number.MAX_SAFE_INTEGER);
  const sizeOf = fn('sizeOf', options.sizeOf, false);
  const maxBatchBytes = number('maxBatchBytes', options.maxBatchBytes ?? bytesLimit, 1, bytesLimit, true);
  const maxQueueBytes = number('maxQueueBytes', options.maxQueueBytes ?? Infinity, 1, Infinity, true);
  if (sizeOf === undefined) {
    if (maxBatchBytes !== Infinity) throw new InvalidOptionError('sizeOf', 'a function when `maxBatchBytes` is set', sizeOf);
    if (maxQueueBytes !== Infinity) throw new InvalidOptionError('sizeOf', 'a function when `maxQueueBytes` is set', sizeOf);
  }
  if (maxQueueBytes < maxBatchBytes) {
    throw new InvalidOptionError('maxQueueBytes', `at least \`maxBatchBytes\` (${maxBatchBytes})`, maxQueueBytes);
  }
  const retry = options.retry ?? {};
  if (retry === null || typeof retry !== 'object') throw new InvalidOptionError('retry', 'an object', retry);
  const baseDelay = number('retry.baseDelay', retry.baseDelay ?? DEFAULT_BASE_DELAY, 0, Number.MAX_SAFE_INTEGER);
  const maxDelay = number('retry.maxDelay', retry.maxDelay ?? Math.max(DEFAULT_MAX_DELAY, baseDelay), baseDelay, Number.MAX_SAFE_INTEGER);
  const signal = options.signal;
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && 'aborted' in signal)) {
    throw new InvalidOptionError('signal', 'an AbortSignal', signal);
  }
  const hooks = options.hooks ?? {};
  for (const name of ['onBatch', 'onRetry', 'onJobFailed', 'onQueueFull'] as const) {
    fn(`hooks.${name}`, hooks[name], false);
  }
  return {
    processBatch,
    maxBatchSize,
    maxBatchDelay,
    maxBatchBytes,
    sizeOf,
    prepare: fn('prepare', options.prepare, false),
    validate: fn('validate', options.validate, false),
    concurrency: integer('concurrency', options.concurrency ?? 1, 1, Number.MAX_SAFE_INTEGER),
    orderingKey: fn('orderingKey', options.orderingKey, false),
    oneJobPerKeyPerBatch: bool('oneJobPerKeyPerBatch', options.oneJobPerKeyPerBatch ?? false),
    maxAttempts: integer('retry.maxAttempts', retry.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 1, Number.MAX_SAFE_INTEGER),
    baseDelay,
    maxDelay,
    random: fn('retry.random', retry.random, false) ?? Math.random,
    isRetryable: fn('isRetryable', options.isRetryable, false) ?? neverRetry,
    maxQueueSize: integer('maxQueueSize', options.maxQueueSize ?? Math.max(DEFAULT_MAX_QUEUE_SIZE, maxBatchSize), maxBatchSize, Number.MAX_SAFE_INTEGER),
    maxQueueBytes,
    maxJobAge: number('maxJobAge', options.maxJobAge ?? Infinity, 1, Infinity, true),
    signal,
    hooks,
    now: fn('now', options.now, false) ?? monotonicNow,
  };
}

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max >= Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer between ${min} and ${max}`;
    throw new InvalidOptionError(name, range, value);
  }
  return value;
}

function number(name: string, value: unknown, min: number, max: number, allowInfinity = false): number {
  const ok = typeof value === 'number' && value >= min && value <= max && (allowInfinity || Number.isFinite(value));
  if (!ok) {
    const range = max === Infinity || max >= Number.MAX_SAFE_INTEGER ? `a number of at least ${min}` : `a number between ${min} and ${max}`;
    throw new InvalidOptionError(name, allowInfinity ? `${range} (or Infinity)` : `a finite ${range.slice(2)}`, value);
  }
  return value;
}

function bool(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidOptionError(name, 'a boolean', value);
  return value;
}

function fn<F>(name: string, value: F | undefined, required: true): F;
function fn<F>(name: string, value: F | undefined, required: false): F | undefined;
function fn<F>(name: string, value: F | undefined, required: boolean): F | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'function') throw new InvalidOptionError(name, 'a function', value);
  return value;
}
