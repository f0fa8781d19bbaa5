export { cloudWatchSink } from './cloudWatchSink.js';
export { dimension } from './dimension.js';
export { buildPutMetricDataRequests } from './buildPutMetricDataRequests.js';
export { putMetricDataBody, putMetricDataBodyBytes } from './putMetricDataBody.js';
export { CLOUDWATCH_LIMITS, METRIC_UNITS } from './limits.js';
export {
  InvalidDimensionError,
  InvalidMetricError,
  InvalidMetricNameError,
  InvalidMetricValueError,
  InvalidStorageResolutionError,
  InvalidTimestampError,
  InvalidUnitError,
  MetricRejectedError,
} from './errors.js';

export type { CloudWatchSink } from './cloudWatchSink.js';
export type { CloudWatchSinkOptions, PutMetricDataOptions } from './options.js';
export type { CloudWatchClientLike, CloudWatchJob, CloudWatchResult, MetricDimension, MetricStatistics, MetricUnit } from './types.js';
