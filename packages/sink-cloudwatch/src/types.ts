import type { PutMetricDataCommand, PutMetricDataCommandOutput } from '@aws-sdk/client-cloudwatch';
import type { ClientLike } from '@batch/sink-common';
import type { METRIC_UNITS } from './limits.js';

/** One of CloudWatch's standard units. */
export type MetricUnit = (typeof METRIC_UNITS)[number];

/** A dimension: part of a metric's identity. Make one with `dimension(name, value)`. */
export interface MetricDimension {
  /** 1 to 255 printable ASCII characters, at least one not a space, not starting with `:`. */
  readonly name: string;
  /** 1 to 1024 printable ASCII characters, at least one not a space. */
  readonly value: string;
}

/** A statistic set: pre-aggregated samples (CloudWatch's `StatisticValues`). */
export interface MetricStatistics {
  /** Number of samples; greater than 0. */
  readonly sampleCount: number;
  readonly sum: number;
  /** At most `maximum`. */
  readonly minimum: number;
  readonly maximum: number;
}

/**
 * One data point (or a set of them) for one metric. Exactly one of `value`, `values` (with
 * optional `counts`) and `statisticValues` is given.
 */
export interface CloudWatchJob {
  /** 1 to 255 printable ASCII characters, at least one not a space. */
  readonly metricName: string;
  /** A single observation. */
  readonly value?: number | undefined;
  /**
   * Observations, each counted `counts[i]` times (1 each when `counts` is omitted). A value
   * listed twice is sent once with its counts added (identical statistics). At most 150
   * distinct values.
   */
  readonly values?: readonly number[] | undefined;
  /** Same length as `values`; each a number of at least 0. */
  readonly counts?: readonly number[] | undefined;
  /** Pre-aggregated samples. */
  readonly statisticValues?: MetricStatistics | undefined;
  /** CloudWatch stores `None` when omitted. */
  readonly unit?: MetricUnit | undefined;
  /**
   * A record (`{ route: '/buy' }`, in insertion order) or a list (`[dimension('route', '/buy')]`).
   * At most 30, names unique.
   */
  readonly dimensions?: Readonly<Record<string, string>> | readonly MetricDimension[] | undefined;
  /**
   * When the observation was made: a `Date` or epoch milliseconds, from two weeks ago to two
   * hours ahead. When omitted, the sink's clock at `add()` (not the time of sending).
   */
  readonly timestamp?: Date | number | undefined;
  /** 1 (high resolution, per second) or 60 (per minute). CloudWatch uses 60 when omitted. */
  readonly storageResolution?: 1 | 60 | undefined;
}

/** What a job's promise resolves with once CloudWatch accepted the request carrying it. */
export interface CloudWatchResult {
  /** The request id CloudWatch answered with, when it sent one. */
  readonly requestId: string | undefined;
}

/** Any AWS SDK v3 CloudWatch client (only `send` is used). */
export type CloudWatchClientLike = ClientLike<PutMetricDataCommand, PutMetricDataCommandOutput>;
