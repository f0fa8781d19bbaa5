// The public surface of @batch/local-aws. Anything not listed here is internal.
export { startLocalAws, LOCAL_CREDENTIALS } from './startLocalAws.js';
export { mulberry32, deriveSeed } from './prng.js';
export { fastRetryStrategy } from './fastRetryStrategy.js';
export {
  LocalAwsError,
  InvalidOptionError,
  ServiceNotStartedError,
  ResourceNotReadyError,
  EmulatorError,
} from './errors.js';

export type { LocalAws } from './startLocalAws.js';
export type { StartLocalAwsOptions } from './options.js';
export type { FastRetryOptions, FastRetryStrategy, FastRetryToken } from './fastRetryStrategy.js';
export type { FaultProxy } from './FaultProxy.js';
export type { LocalService } from './serviceContext.js';
export type { LocalKinesis, CreateStreamOptions, CreatedStream } from './localKinesis.js';
export type { LocalDynamoDb, CreateTableOptions, CreatedTable, KeySpec } from './localDynamoDb.js';
export type { LocalSqs, CreateQueueOptions, SqsMessage } from './localSqs.js';
export type { LocalCloudWatch, RecordedFilter } from './localCloudWatch.js';
export type {
  ServiceName,
  AwsCredentials,
  FaultRule,
  FaultMatch,
  FaultError,
  FailEntries,
  FaultRequest,
  FaultRuleHandle,
  FaultKind,
  RequestLogEntry,
  KinesisRecord,
  RecordedDatum,
  RecordedDimension,
  RecordedStatisticValues,
} from './types.js';
