import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { isSendableNumber } from './isSendableNumber.js';
import { CLOUDWATCH_LIMITS } from './limits.js';
import type { MetricPoint } from './MetricPoint.js';
import { datumBytes } from './putMetricDataBody.js';

/** The data a group of points is sent as, and what they add to a request body. */
export interface FoldedGroup {
  /** Positions of the group's points (in the `points` array given). */
  readonly indices: readonly number[];
  readonly data: readonly MetricDatum[];
  /** Σ (datum JSON bytes + 1 separating comma). */
  readonly bytes: number;
}

/**
 * Groups points that CloudWatch stores in the same place — same metric name, dimensions (in
 * any order), unit, storage resolution and time bucket (the minute; the second at high
 * resolution) — and statistic sets apart from values. Groups come in the order of their
 * first point; each lists its points in order.
 */
export function groupPoints(points: readonly MetricPoint[], indices: readonly number[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const i of indices) {
    const point = points[i] as MetricPoint;
    const key = `${point.bucket}\n${point.series}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  }
  return [...groups.values()];
}

/**
 * Folds a group (from `groupPoints`, or a part of one) into as few data as CloudWatch computes
 * identical statistics from:
 *
 * - single values and `values`/`counts` become one `Values`/`Counts` list, a value seen several
 *   times once with its counts added, at most 150 distinct values per datum (the rest spill
 *   into further data); `Counts` is left out when every count is 1;
 * - statistic sets become one set (sample counts and sums added, minimum of minima, maximum of
 *   maxima). Statistic sets never mix with values: CloudWatch cannot turn them into values.
 *
 * The folded datum takes the earliest timestamp of its points (all in one bucket) and the
 * first point's dimension order, unit and resolution fields. The points are left as they were
 * when folding would not make them smaller, or would produce a number CloudWatch refuses
 * (counts or sums beyond 2^360): a group never has more data or bytes than its points.
 */
export function foldGroup(points: readonly MetricPoint[], indices: readonly number[]): FoldedGroup {
  const group = indices.map((i) => points[i] as MetricPoint);
  let own = 0;
  for (const point of group) own += point.size;
  const folded = group.length > 1 ? fold(group) : undefined;
  if (folded !== undefined) {
    let bytes = 0;
    for (const datum of folded) bytes += datumBytes(datum) + 1;
    if (bytes <= own) return { indices, data: folded, bytes };
  }
  return { indices, data: group.map((point) => point.datum), bytes: own };
}

/** The folded data of a group of two or more points, or undefined when a number would be refused. */
function fold(group: readonly MetricPoint[]): MetricDatum[] | undefined {
  const first = group[0] as MetricPoint;
  let earliest = first.timestamp;
  for (const point of group) if (point.timestamp < earliest) earliest = point.timestamp;
  const base = (): MetricDatum => {
    const datum: MetricDatum = { MetricName: first.metricName, Timestamp: new Date(earliest) };
    if (first.datum.Dimensions !== undefined) datum.Dimensions = first.datum.Dimensions;
    return datum;
  };
  const finish = (datum: MetricDatum): MetricDatum => {
    if (first.unit !== undefined) datum.Unit = first.unit;
    if (first.storageResolution !== undefined) datum.StorageResolution = first.storageResolution;
    return datum;
  };
  if (first.observed.kind === 'statistics') {
    let sampleCount = 0;
    let sum = 0;
    let minimum = Infinity;
    let maximum = -Infinity;
    for (const point of group) {
      if (point.observed.kind !== 'statistics') return undefined;
      const s = point.observed.statistics;
      sampleCount += s.sampleCount;
      sum += s.sum;
      if (s.minimum < minimum) minimum = s.minimum;
      if (s.maximum > maximum) maximum = s.maximum;
    }
    sum += 0; // -0 → 0
    if (!isSendableNumber(sampleCount) || !isSendableNumber(sum)) return undefined;
    const datum = base();
    datum.StatisticValues = { SampleCount: sampleCount, Sum: sum, Minimum: minimum, Maximum: maximum };
    return [finish(datum)];
  }
  // A Map keeps first-seen order and keys by SameValueZero (values are already free of -0).
  const counts = new Map<number, number>();
  const add = (value: number, count: number): void => {
    counts.set(value, (counts.get(value) ?? 0) + count);
  };
  for (const point of group) {
    const observed = point.observed;
    if (observed.kind === 'value') add(observed.value, 1);
    else if (observed.kind === 'values') {
      for (let i = 0; i < observed.values.length; i++) add(observed.values[i] as number, observed.counts?.[i] ?? 1);
    } else return undefined;
  }
  const data: MetricDatum[] = [];
  let values: number[] = [];
  let tallies: number[] = [];
  let allOnes = true;
  const flush = (): void => {
    const datum = base();
    datum.Values = values;
    if (!allOnes) datum.Counts = tallies;
    data.push(finish(datum));
    values = [];
    tallies = [];
    allOnes = true;
  };
  for (const [value, count] of counts) {
    if (!isSendableNumber(count)) return undefined;
    values.push(value);
    tallies.push(count);
    if (count !== 1) allOnes = false;
    if (values.length === CLOUDWATCH_LIMITS.maxValuesPerDatum) flush();
  }
  if (values.length > 0) flush();
  return data;
}
