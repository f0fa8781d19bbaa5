import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { InvalidJobError } from '@batch/core';
import { InvalidMetricNameError, InvalidStorageResolutionError, InvalidTimestampError, InvalidUnitError } from './errors.js';
import { CLOUDWATCH_LIMITS, METRIC_UNITS } from './limits.js';
import { nameProblem } from './names.js';
import { datumBytes } from './putMetricDataBody.js';
import { readDimensions } from './readDimensions.js';
import { readValues } from './readValues.js';
import type { PointValues } from './readValues.js';
import type { CloudWatchJob, MetricDimension, MetricStatistics, MetricUnit } from './types.js';

const UNITS: ReadonlySet<string> = new Set(METRIC_UNITS);

/** What checking a job depends on besides the job. */
export interface PointRules {
  readonly maxDimensions: number;
  /** Wall clock, epoch milliseconds. */
  readonly clock: () => number;
}

/**
 * A job as the sink keeps it after `prepare`: checked against every CloudWatch rule, values
 * normalized, timestamp settled (a job without one is stamped at `add()`), its datum built and
 * measured once.
 */
export class MetricPoint implements CloudWatchJob {
  /**
   * Kept alive so that V8 keeps the sink's optimized code through an idle garbage collection
   * (the reason is at `SettlementGroup.kept` in `@batch/core`). Built by the constructor
   * alone (an epoch time, as real points have), so nothing runs at import.
   */
  static readonly kept = new MetricPoint({ metricName: 'm' }, [], 1_700_000_000_000, { kind: 'value', value: 0 });
  readonly metricName: string;
  readonly dimensions: readonly MetricDimension[];
  readonly unit: MetricUnit | undefined;
  readonly storageResolution: 1 | 60 | undefined;
  /** Epoch milliseconds (whole, as a `Date` keeps them). */
  readonly timestamp: number;
  /** The value fields, normalized. */
  readonly observed: PointValues;
  /** The datum sent when the point is not folded with others. */
  readonly datum: MetricDatum;
  /** The datum's JSON bytes plus its separating comma: what it adds to a request. */
  readonly size: number;
  private seriesKey: string | undefined;

  private constructor(job: CloudWatchJob, dimensions: readonly MetricDimension[], timestamp: number, values: PointValues) {
    this.metricName = job.metricName;
    this.dimensions = dimensions;
    this.unit = job.unit;
    this.storageResolution = job.storageResolution;
    this.timestamp = timestamp;
    this.observed = values;
    const datum: MetricDatum = { MetricName: job.metricName, Timestamp: new Date(timestamp) };
    if (dimensions.length > 0) datum.Dimensions = dimensions.map((d) => ({ Name: d.name, Value: d.value }));
    if (values.kind === 'value') datum.Value = values.value;
    else if (values.kind === 'values') {
      datum.Values = values.values as number[];
      if (values.counts !== undefined) datum.Counts = values.counts as number[];
    } else datum.StatisticValues = statisticSet(values.statistics);
    if (job.unit !== undefined) datum.Unit = job.unit;
    if (job.storageResolution !== undefined) datum.StorageResolution = job.storageResolution;
    this.datum = datum;
    this.size = datumBytes(datum) + 1;
  }

  /**
   * What makes two points foldable into one datum, time aside: kind of values, metric name,
   * unit (omitted = `None`), storage resolution (omitted = 60) and dimensions in name order.
   * Every part is printable ASCII, so control characters separate them unambiguously.
   */
  get series(): string {
    if (this.seriesKey === undefined) {
      const dims = this.dimensions.length < 2 ? this.dimensions : [...this.dimensions].sort((a, b) => (a.name < b.name ? -1 : 1));
      let key = `${this.observed.kind === 'statistics' ? 's' : 'v'}\n${this.metricName}\n${this.unit ?? 'None'}\n${this.storageResolution ?? 60}`;
      for (const d of dims) key += `\n${d.name}\t${d.value}`;
      this.seriesKey = key;
    }
    return this.seriesKey;
  }

  /** The time bucket CloudWatch stores the point in: its second (high resolution) or minute. */
  get bucket(): number {
    return Math.floor(this.timestamp / (this.storageResolution === 1 ? 1000 : 60_000));
  }

  /** Checks and normalizes a user job. @throws a typed error naming the field and the rule. */
  static from(job: CloudWatchJob, rules: PointRules): MetricPoint {
    if (job instanceof MetricPoint) return job;
    if (job === null || typeof job !== 'object') throw new InvalidJobError('A CloudWatch job must be an object with `metricName` and a value');
    const nameIssue = nameProblem(job.metricName, CLOUDWATCH_LIMITS.maxNameLength);
    if (nameIssue !== undefined) throw new InvalidMetricNameError(nameIssue);
    const values = readValues(job);
    const dimensions = readDimensions(job.dimensions, rules.maxDimensions);
    if (job.unit !== undefined && (typeof job.unit !== 'string' || !UNITS.has(job.unit))) {
      throw new InvalidUnitError('not one of CloudWatch\'s standard units (`Count`, `Milliseconds`, `None`…)');
    }
    const resolution: unknown = job.storageResolution;
    if (resolution !== undefined && resolution !== 1 && resolution !== 60) throw new InvalidStorageResolutionError('CloudWatch accepts 1 or 60');
    const now = rules.clock();
    const timestamp = readTimestamp(job.timestamp, now);
    return new MetricPoint(job, dimensions, timestamp, values);
  }
}

function readTimestamp(input: unknown, now: number): number {
  if (input === undefined) return Math.trunc(now);
  // Not `instanceof Date`: a Date from another realm (a worker, a VM context) is still a Date.
  const ms = isDate(input) ? Date.prototype.getTime.call(input) : typeof input === 'number' ? input : NaN;
  if (!Number.isFinite(ms)) throw new InvalidTimestampError('expected a valid `Date` or epoch milliseconds');
  const whole = Math.trunc(ms);
  if (whole < now - CLOUDWATCH_LIMITS.maxPastMs) throw new InvalidTimestampError('more than two weeks in the past; CloudWatch refuses it');
  if (whole > now + CLOUDWATCH_LIMITS.maxFutureMs) throw new InvalidTimestampError('more than two hours in the future; CloudWatch refuses it');
  return whole;
}

function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

function statisticSet(s: MetricStatistics): NonNullable<MetricDatum['StatisticValues']> {
  return { SampleCount: s.sampleCount, Sum: s.sum, Minimum: s.minimum, Maximum: s.maximum };
}
