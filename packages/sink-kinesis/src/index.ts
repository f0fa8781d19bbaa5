export { kinesisSink } from './kinesisSink.js';
export { kinesisSinkForStream } from './kinesisSinkForStream.js';
export { randomPartitionKey } from './randomPartitionKey.js';
export { KINESIS_LIMITS } from './limits.js';
export { InvalidExplicitHashKeyError, InvalidPartitionKeyError, KinesisRecordError, KinesisResponseError } from './errors.js';

export type { KinesisSink } from './kinesisSink.js';
export type { KinesisSinkOptions } from './options.js';
export type { KinesisClientLike, KinesisJob, KinesisResult } from './types.js';
