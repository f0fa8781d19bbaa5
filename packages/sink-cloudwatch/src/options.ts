import { InvalidOptionError } from '@batch/core';
import { booleanOption, clientOption, integerOption } from '@batch/sink-common';
import { CLOUDWATCH_LIMITS } from './limits.js';
import { isCloudWatchName } from './names.js';
import type { CloudWatchClientLike } from './types.js';

/** Options that shape requests: those of `cloudWatchSink` except `client` and `maxBisectionRequests`. */
export interface PutMetricDataOptions {
  /**
   * The namespace every metric goes to: 1 to 255 printable ASCII characters, at least one not
   * a space, not starting with `:` or `AWS/` (reserved for AWS services). Required.
   */
  readonly namespace: string;
  /**
   * Fold the data points of one batch that share metric name, dimensions, unit, storage
   * resolution and time bucket (the minute; the second for high resolution) into one datum
   * with `Values`/`Counts` (statistic sets into one statistic set): fewer bytes and data,
   * identical statistics in CloudWatch.
   * @default true
   */
  readonly aggregate?: boolean | undefined;
  /**
   * Most `MetricData` entries per request. Also the default (and, without aggregation, the
   * hard limit) of the batcher's `maxBatchSize`.
   * @default 1000 (AWS's limit since 2023; at most 1000)
   */
  readonly maxDatumsPerRequest?: number | undefined;
  /**
   * Most bytes per request, counted on the uncompressed AWS JSON 1.0 body current clients send.
   * A client older than CloudWatch's late-2025 move from AWS Query writes bodies two to eight
   * times larger: lower this (to about 125000) for such a client.
   * @default 1000000 (at most 1048576; below 1 MB however AWS counts a megabyte)
   */
  readonly maxRequestBytes?: number | undefined;
  /** Most dimensions per metric. @default 30 (AWS's limit since 2023; at most 30) */
  readonly maxDimensions?: number | undefined;
  /**
   * Wall clock in epoch milliseconds: stamps jobs without a timestamp and checks CloudWatch's
   * timestamp window at `add()` and again before sending.
   * @default Date.now
   */
  readonly clock?: (() => number) | undefined;
}

/** Options of `cloudWatchSink`. */
export interface CloudWatchSinkOptions extends PutMetricDataOptions {
  /** An AWS SDK v3 CloudWatch client (any copy of the SDK; only `send` is used). Required. */
  readonly client: CloudWatchClientLike;
  /**
   * When CloudWatch refuses a whole request for a reason validation did not catch
   * (`InvalidParameterValue`, `InvalidParameterCombination`, `MissingParameter`, or a body too
   * large), the sink splits the batch in halves and sends each, recursively, so only the bad
   * jobs fail. This caps the extra requests one batch may spend; jobs left undecided then fail
   * with the AWS error. 0 disables splitting.
   * @default 64 (enough to isolate about 3 bad jobs among 1000)
   */
  readonly maxBisectionRequests?: number | undefined;
}

/** Request options with defaults applied. */
export interface ResolvedPutMetricDataOptions {
  readonly namespace: string;
  readonly aggregate: boolean;
  readonly maxDatumsPerRequest: number;
  readonly maxRequestBytes: number;
  readonly maxDimensions: number;
  readonly clock: () => number;
}

/** Sink options with defaults applied. */
export interface ResolvedCloudWatchOptions extends ResolvedPutMetricDataOptions {
  readonly client: CloudWatchClientLike;
  readonly maxBisectionRequests: number;
}

/** Smallest `maxRequestBytes` accepted: room for the request envelope and a datum. */
const MIN_REQUEST_BYTES = 1024;
const DEFAULT_MAX_BISECTION_REQUESTS = 64;

/** Validates options eagerly; throws `InvalidOptionError` naming the option and the value. */
export function resolveCloudWatchOptions(options: CloudWatchSinkOptions): ResolvedCloudWatchOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', 'an object', options);
  const { client } = options;
  clientOption(client, 'CloudWatch');
  const resolved = resolvePutMetricDataOptions(options);
  const maxBisectionRequests = integerOption('maxBisectionRequests', options.maxBisectionRequests ?? DEFAULT_MAX_BISECTION_REQUESTS, 0, Number.MAX_SAFE_INTEGER);
  return { ...resolved, client, maxBisectionRequests };
}

/** Validates the request options eagerly; throws `InvalidOptionError` naming the option and the value. */
export function resolvePutMetricDataOptions(options: PutMetricDataOptions): ResolvedPutMetricDataOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', 'an object', options);
  const { namespace } = options;
  if (typeof namespace !== 'string' || !isCloudWatchName(namespace, CLOUDWATCH_LIMITS.maxNameLength) || namespace.startsWith(':') || namespace.startsWith('AWS/')) {
    throw new InvalidOptionError(
      'namespace',
      'a namespace of 1 to 255 printable ASCII characters, not all spaces, not starting with `:` or `AWS/`',
      namespace,
    );
  }
  const aggregate = booleanOption('aggregate', options.aggregate ?? true);
  const maxDatumsPerRequest = integerOption('maxDatumsPerRequest', options.maxDatumsPerRequest ?? CLOUDWATCH_LIMITS.maxDatumsPerRequest, 1, CLOUDWATCH_LIMITS.maxDatumsPerRequest);
  const maxRequestBytes = integerOption('maxRequestBytes', options.maxRequestBytes ?? CLOUDWATCH_LIMITS.defaultMaxRequestBytes, MIN_REQUEST_BYTES, CLOUDWATCH_LIMITS.maxRequestBytes);
  const maxDimensions = integerOption('maxDimensions', options.maxDimensions ?? CLOUDWATCH_LIMITS.maxDimensions, 0, CLOUDWATCH_LIMITS.maxDimensions);
  const clock = options.clock ?? Date.now;
  if (typeof clock !== 'function') throw new InvalidOptionError('clock', 'a function returning epoch milliseconds', clock);
  return { namespace, aggregate, maxDatumsPerRequest, maxRequestBytes, maxDimensions, clock };
}

