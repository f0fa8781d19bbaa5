/**
 * CloudWatch PutMetricData limits (AWS documentation: API_PutMetricData, API_MetricDatum,
 * API_Dimension, API_StatisticSet and the CloudWatch quotas page, checked November 2026; the
 * request limits were raised in 2023 from 20 data / 40 KB, dimensions from 10). Request limits
 * are the ceilings of sink options; the rest are enforced at `add()`.
 */
export const CLOUDWATCH_LIMITS = {
  /** `MetricData` entries per request. */
  maxDatumsPerRequest: 1000,
  /**
   * Uncompressed request body bytes. AWS documents "1 MB" (the SDK gzips bodies from 10,240
   * bytes; the limit is on the payload). 1,048,576 is the ceiling of `maxRequestBytes`; its
   * default is {@link CLOUDWATCH_LIMITS.defaultMaxRequestBytes}.
   */
  maxRequestBytes: 1024 * 1024,
  /**
   * Default of `maxRequestBytes`: 1,000,000, below 1 MB whether AWS means 10^6 or 2^20 bytes,
   * so requests are accepted whichever way it counts.
   */
  defaultMaxRequestBytes: 1_000_000,
  /** Dimensions per datum. */
  maxDimensions: 30,
  /** Distinct values in one datum's `Values` (and entries in its `Counts`). */
  maxValuesPerDatum: 150,
  /** Length of the namespace, a metric name and a dimension name. */
  maxNameLength: 255,
  /** Length of a dimension value (raised from 255). */
  maxDimensionValueLength: 1024,
  /** Largest magnitude of any number (value, count, statistic): 2^360. */
  maxMagnitude: 2 ** 360,
  /**
   * Smallest magnitude of a non-zero number. Older API references give the range as
   * 8.515920e-109 to 1.174271e+108 (base 10); the current one only says "too small" values
   * are rejected. Rejecting non-zero magnitudes below 2^-359 (8.5159e-109) at `add()` is safe.
   */
  minMagnitude: 2 ** -359,
  /** Oldest accepted timestamp: two weeks before now. */
  maxPastMs: 14 * 24 * 60 * 60 * 1000,
  /** Latest accepted timestamp: two hours after now. */
  maxFutureMs: 2 * 60 * 60 * 1000,
} as const;

/** CloudWatch's `StandardUnit` values (27), as the API model lists them. */
export const METRIC_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;
