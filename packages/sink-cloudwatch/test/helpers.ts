import type { MetricDatum, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClientLike, CloudWatchJob } from '@batch/sink-cloudwatch';

/** 2026-11-20T12:00:30.000Z: a fixed wall clock for unit tests. */
export const NOW = Date.UTC(2026, 10, 20, 12, 0, 30);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * A fake CloudWatch client: records every PutMetricData input and answers with
 * `answer(input, call)` — an error to throw, or nothing for success.
 */
export function fakeClient(answer: (input: PutMetricDataCommandInput, call: number) => Error | undefined = () => undefined) {
  const calls: PutMetricDataCommandInput[] = [];
  const signals: Array<AbortSignal | undefined> = [];
  const client: CloudWatchClientLike = {
    send: async (command, options) => {
      const input = command.input;
      calls.push(input);
      signals.push(options?.abortSignal);
      const error = answer(input, calls.length);
      if (error !== undefined) throw error;
      return { $metadata: { requestId: `request-${calls.length}` } };
    },
  };
  return { client, calls, signals };
}

/** An error shaped as the SDK throws it for CloudWatch (name, query `Code`, HTTP status). */
export function awsError(name: string, status: number, code?: string): Error {
  return Object.assign(new Error(`${name} (fake)`), {
    name,
    ...(code === undefined ? {} : { Code: code }),
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

export const invalidParameterValue = (): Error => awsError('InvalidParameterValueException', 400, 'InvalidParameterValue');

/** The metric names of each call's data. */
export const names = (calls: readonly PutMetricDataCommandInput[]): string[][] => calls.map((c) => (c.MetricData ?? []).map((d) => d.MetricName ?? ''));

/** Sample count, sum, minimum, maximum and the value → count histogram of a set of observations. */
export interface Stats {
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
  /** Every value with its total count (only for plain values: statistic sets have no histogram). */
  histogram: Map<number, number>;
}

const emptyStats = (): Stats => ({ sampleCount: 0, sum: 0, minimum: Infinity, maximum: -Infinity, histogram: new Map() });

function observe(stats: Stats, value: number, count: number): void {
  stats.sampleCount += count;
  stats.sum += value * count;
  stats.minimum = Math.min(stats.minimum, value);
  stats.maximum = Math.max(stats.maximum, value);
  stats.histogram.set(value, (stats.histogram.get(value) ?? 0) + count);
}

function observeSet(stats: Stats, set: { sampleCount: number; sum: number; minimum: number; maximum: number }): void {
  stats.sampleCount += set.sampleCount;
  stats.sum += set.sum;
  stats.minimum = Math.min(stats.minimum, set.minimum);
  stats.maximum = Math.max(stats.maximum, set.maximum);
}

/** A series key: metric name, unit, resolution, dimensions in name order, and the time bucket. */
export function seriesKey(metricName: string, dimensions: ReadonlyArray<{ name: string; value: string }>, unit: string | undefined, resolution: number | undefined, timestampMs: number): string {
  const dims = [...dimensions].sort((a, b) => (a.name < b.name ? -1 : 1)).map((d) => `${d.name}=${d.value}`);
  const bucket = Math.floor(timestampMs / ((resolution ?? 60) === 1 ? 1000 : 60_000));
  return [metricName, unit ?? 'None', resolution ?? 60, bucket, ...dims].join('|');
}

function add(map: Map<string, Stats>, key: string): Stats {
  let stats = map.get(key);
  if (stats === undefined) map.set(key, (stats = emptyStats()));
  return stats;
}

/** What CloudWatch should compute per series and time bucket from the jobs added. */
export function statsOfJobs(jobs: readonly CloudWatchJob[]): Map<string, Stats> {
  const map = new Map<string, Stats>();
  for (const job of jobs) {
    const dims = job.dimensions === undefined ? [] : Array.isArray(job.dimensions) ? job.dimensions : Object.entries(job.dimensions).map(([name, value]) => ({ name, value: value as string }));
    const ts = job.timestamp instanceof Date ? job.timestamp.getTime() : (job.timestamp as number);
    const stats = add(map, seriesKey(job.metricName, dims as Array<{ name: string; value: string }>, job.unit, job.storageResolution, ts));
    if (job.value !== undefined) observe(stats, job.value, 1);
    else if (job.values !== undefined) job.values.forEach((v, i) => observe(stats, v, job.counts?.[i] ?? 1));
    else if (job.statisticValues !== undefined) observeSet(stats, job.statisticValues);
  }
  return map;
}

/** What CloudWatch computes per series and time bucket from data as sent (SDK shape). */
export function statsOfData(data: readonly MetricDatum[]): Map<string, Stats> {
  return statsOfRecorded(
    data.map((d) => ({
      metricName: d.MetricName ?? '',
      dimensions: (d.Dimensions ?? []).map((x) => ({ name: x.Name ?? '', value: x.Value ?? '' })),
      unit: d.Unit ?? 'None',
      storageResolution: d.StorageResolution ?? 60,
      timestamp: d.Timestamp as Date,
      ...(d.Value === undefined ? {} : { value: d.Value }),
      ...(d.Values === undefined ? {} : { values: d.Values }),
      ...(d.Counts === undefined ? {} : { counts: d.Counts }),
      ...(d.StatisticValues === undefined
        ? {}
        : {
            statisticValues: {
              sampleCount: d.StatisticValues.SampleCount ?? 0,
              sum: d.StatisticValues.Sum ?? 0,
              minimum: d.StatisticValues.Minimum ?? 0,
              maximum: d.StatisticValues.Maximum ?? 0,
            },
          }),
    })),
  );
}

/** The recorded-datum shape of @batch/local-aws. */
export interface RecordedLike {
  readonly metricName: string;
  readonly dimensions: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly unit: string;
  readonly storageResolution: number;
  readonly timestamp: Date;
  readonly value?: number;
  readonly values?: readonly number[];
  readonly counts?: readonly number[];
  readonly statisticValues?: { readonly sampleCount: number; readonly sum: number; readonly minimum: number; readonly maximum: number };
}

/** What CloudWatch computes per series and time bucket from the data the endpoint recorded. */
export function statsOfRecorded(data: readonly RecordedLike[]): Map<string, Stats> {
  const map = new Map<string, Stats>();
  for (const d of data) {
    const stats = add(map, seriesKey(d.metricName, d.dimensions, d.unit, d.storageResolution, d.timestamp.getTime()));
    if (d.value !== undefined) observe(stats, d.value, 1);
    else if (d.values !== undefined) d.values.forEach((v, i) => observe(stats, v, d.counts?.[i] ?? 1));
    else if (d.statisticValues !== undefined) observeSet(stats, d.statisticValues);
  }
  return map;
}

/**
 * Asserts two statistics maps are the same: same series, exact sample counts, minima, maxima
 * and histograms; sums equal up to the rounding of adding in another order.
 */
export function expectSameStats(actual: Map<string, Stats>, expected: Map<string, Stats>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, want] of expected) {
    const got = actual.get(key) as Stats;
    expect({ key, sampleCount: got.sampleCount, minimum: got.minimum, maximum: got.maximum, histogram: [...got.histogram].sort((a, b) => a[0] - b[0]) }).toEqual({
      key,
      sampleCount: want.sampleCount,
      minimum: want.minimum,
      maximum: want.maximum,
      histogram: [...want.histogram].sort((a, b) => a[0] - b[0]),
    });
    expect(Math.abs(got.sum - want.sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want.sum)));
  }
}
