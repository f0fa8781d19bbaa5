export { sqsSink } from './sqsSink.js';
export { sqsSinkForQueue } from './sqsSinkForQueue.js';
export { SQS_LIMITS } from './limits.js';
export {
  DeduplicationWindowError,
  InvalidDeduplicationIdError,
  InvalidDelaySecondsError,
  InvalidMessageAttributeError,
  InvalidMessageBodyError,
  InvalidMessageGroupIdError,
  SqsEntryError,
  SqsResponseError,
} from './errors.js';

export type { SqsSink } from './sqsSink.js';
export type { SqsSinkOptions } from './options.js';
export type { SqsAttributeValue, SqsClientLike, SqsJob, SqsMessageAttributeValue, SqsQueueClientLike, SqsResult } from './types.js';
