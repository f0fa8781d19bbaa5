/** A job that was processed: `value` is what its `add()` promise resolves with. */
export interface Success<Result> {
  readonly ok: true;
  readonly value: Result;
}

/**
 * A job that failed. `retryable` says whether sending it again may succeed; when omitted, the
 * batcher asks its `isRetryable(error)` option.
 */
export interface Failure {
  readonly ok: false;
  readonly error: unknown;
  readonly retryable?: boolean | undefined;
}

/** The outcome of one job in a batch, aligned by position with the jobs `processBatch` received. */
export type Outcome<Result> = Success<Result> | Failure;

/** What `processBatch` learns about the batch besides its jobs. */
export interface BatchContext {
  /** Sequential id of this batch within its batcher, starting at 1. */
  readonly batchId: number;
  /** For each job, by position: which attempt this is (1 for the first send). */
  readonly attempts: readonly number[];
  /**
   * Aborted when the batcher gives up on this batch (shutdown timeout or the batcher's own
   * `signal`): pass it to the SDK call so the request is cancelled.
   */
  readonly signal: AbortSignal;
  /**
   * Once this batch has completed (its outcomes applied, its retries queued), the batcher calls
   * `orderingKey` again for every waiting job, fresh or retrying, filed under `key`, and files
   * each under the new answer (a throw rejects that job, as at `add()`). The jobs keep their
   * place in line. For a sink that learns a job's real key only after `add()` and files such jobs under a
   * placeholder key meanwhile: it must make sure that a job moved to a key cannot overtake an
   * earlier job of that key still in flight under another. Optional so that contexts built by
   * hand (tests calling `processBatch` directly) need not provide it; the batcher always does.
   */
  readonly refreshOrderingKeys?: (key: string) => void;
}

/**
 * Sends one batch. Resolves to one outcome per job, in the same order. A throw or rejection
 * fails the whole batch (classified by `isRetryable`); an array of the wrong length fails it
 * with `OutcomeMismatchError`.
 */
export type ProcessBatch<Job, Result> = (
  jobs: readonly Job[],
  context: BatchContext,
) => Promise<readonly Outcome<Result>[]>;

/** Reported to `hooks.onBatch` when a batch's `processBatch` has settled. */
export interface BatchInfo {
  readonly batchId: number;
  /** Jobs in the batch. */
  readonly size: number;
  /** Sum of `sizeOf(job)` over the batch (0 without `sizeOf`). */
  readonly bytes: number;
  /** The highest attempt number among the batch's jobs (1 when none is a retry). */
  readonly attempt: number;
  /** Milliseconds from calling `processBatch` to its settling, on the batcher's clock. */
  readonly durationMs: number;
  /** Jobs that succeeded. */
  readonly succeeded: number;
  /** Jobs requeued for another attempt. */
  readonly retried: number;
  /** Jobs that failed for good in this batch. */
  readonly failed: number;
  /** The error when the whole batch failed (a throw, a rejection or a malformed result). */
  readonly error?: unknown;
}

/** Reported to `hooks.onRetry` for every job requeued after a retryable failure. */
export interface RetryInfo<Job> {
  readonly job: Job;
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  /**
   * Milliseconds of backoff before the job is eligible again; it then goes with the next batch,
   * at most `maxBatchDelay` later, like a job just added.
   */
  readonly delay: number;
  readonly error: unknown;
}

/** Reported to `hooks.onJobFailed` for every job whose promise rejects after it was accepted. */
export interface JobFailureInfo<Job> {
  readonly job: Job;
  /** Attempts made (0 when the job never left the queue, e.g. expired or shut down). */
  readonly attempts: number;
  readonly error: Error;
}

/** Reported to `hooks.onQueueFull` for every `add()` refused by the queue bound. */
export interface QueueFullInfo<Job> {
  readonly job: Job;
  /** Jobs pending (waiting, in flight or retrying) when it was refused. */
  readonly pending: number;
  /** Bytes pending (by `sizeOf`) when it was refused. */
  readonly pendingBytes: number;
}

/**
 * Observability callbacks. All optional; an absent hook costs nothing. Hooks run synchronously
 * on the batcher's path, so keep them cheap; an exception thrown by a hook is rethrown
 * asynchronously (as an uncaught exception) rather than swallowed or allowed to corrupt state.
 */
export interface BatcherHooks<Job> {
  readonly onBatch?: ((info: BatchInfo) => void) | undefined;
  readonly onRetry?: ((info: RetryInfo<Job>) => void) | undefined;
  readonly onJobFailed?: ((info: JobFailureInfo<Job>) => void) | undefined;
  readonly onQueueFull?: ((info: QueueFullInfo<Job>) => void) | undefined;
}

/** A snapshot of the batcher's counters, from `stats()`. Counters only ever grow. */
export interface BatcherStats {
  /** Jobs accepted by `add()`. */
  readonly added: number;
  /** Jobs refused by `add()` (invalid, too large, queue full or closed). */
  readonly refused: number;
  /** Jobs resolved with their result. */
  readonly succeeded: number;
  /** Jobs rejected after acceptance (non-retryable, retries exhausted, expired, shut down). */
  readonly failed: number;
  /** Requeues after retryable failures (one job retried twice counts 2). */
  readonly retried: number;
  /** Batches handed to `processBatch`. */
  readonly batches: number;
  /** Jobs accepted and not yet settled: waiting, in flight or backing off. */
  readonly pending: number;
  /** Of `pending`, the bytes by `sizeOf`. */
  readonly pendingBytes: number;
  /** Of `pending`, those in batches currently being processed. */
  readonly inFlight: number;
  /** Batches currently being processed. */
  readonly inFlightBatches: number;
}

/**
 * The limits an AWS API (or any backend) cannot go beyond. Sinks supply them; options that
 * exceed them are refused at construction.
 */
export interface HardLimits {
  /** Most jobs one request may carry. */
  readonly maxBatchSize?: number | undefined;
  /** Most bytes (by `sizeOf`) one request may carry. */
  readonly maxBatchBytes?: number | undefined;
}
