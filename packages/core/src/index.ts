export { Batcher } from './Batcher.js';
export { success, failure } from './outcome.js';
export { computeBackoff } from './computeBackoff.js';
export { feed } from './feed.js';
export { toWritable } from './toWritable.js';
export {
  BatchError,
  BatcherAbortedError,
  BatcherClosedError,
  InvalidJobError,
  InvalidOptionError,
  JobExpiredError,
  JobFailedError,
  JobTooLargeError,
  OutcomeMismatchError,
  QueueFullError,
  RetriesExhaustedError,
  ShutdownTimeoutError,
} from './errors.js';

export type { ShutdownOptions } from './Batcher.js';
export type { BackoffParameters } from './computeBackoff.js';
export type { FeedOptions, FeedSummary } from './feed.js';
export type { WritableOptions } from './toWritable.js';
export type { BatcherOptions, RetryOptions } from './options.js';
export type {
  BatchContext,
  BatcherHooks,
  BatcherStats,
  BatchInfo,
  Failure,
  HardLimits,
  JobFailureInfo,
  Outcome,
  ProcessBatch,
  QueueFullInfo,
  RetryInfo,
  Success,
} from './types.js';
