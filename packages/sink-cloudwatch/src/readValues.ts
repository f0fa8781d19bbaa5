import { InvalidMetricValueError } from './errors.js';
import { isSendableNumber, numberProblem } from './isSendableNumber.js';
import { CLOUDWATCH_LIMITS } from './limits.js';
import type { CloudWatchJob, MetricStatistics } from './types.js';

/** A job's value fields, checked and normalized. */
export type PointValues =
  | { readonly kind: 'value'; readonly value: number }
  /** Distinct values in first-seen order; `counts` aligned, or undefined when every count is 1. */
  | { readonly kind: 'values'; readonly values: readonly number[]; readonly counts: readonly number[] | undefined }
  | { readonly kind: 'statistics'; readonly statistics: MetricStatistics };

/**
 * Checks a job's `value` / `values` + `counts` / `statisticValues` against CloudWatch's rules and
 * normalizes them: a value listed more than once is kept once with its counts added (what
 * CloudWatch computes from it is unchanged), and -0 becomes 0 (JSON sends both as `0`).
 * @throws InvalidMetricValueError naming the field and the rule.
 */
export function readValues(job: CloudWatchJob): PointValues {
  const { value, values, counts, statisticValues } = job;
  const given = (value !== undefined ? 1 : 0) + (values !== undefined ? 1 : 0) + (statisticValues !== undefined ? 1 : 0);
  if (given === 0) throw new InvalidMetricValueError('value', 'one of `value`, `values` or `statisticValues` is required');
  if (given > 1) throw new InvalidMetricValueError('value', '`value`, `values` and `statisticValues` are mutually exclusive');
  if (counts !== undefined && values === undefined) throw new InvalidMetricValueError('counts', '`counts` requires `values`');
  if (value !== undefined) return { kind: 'value', value: checked(value, 'value') + 0 };
  if (values !== undefined) return readValueList(values, counts);
  return { kind: 'statistics', statistics: readStatistics(statisticValues) };
}

function checked(n: unknown, field: string): number {
  if (!isSendableNumber(n)) throw new InvalidMetricValueError(field, numberProblem(n));
  return n;
}

function readValueList(values: unknown, counts: unknown): PointValues {
  if (!Array.isArray(values) || values.length === 0) throw new InvalidMetricValueError('values', 'expected a non-empty array of numbers');
  if (counts !== undefined && (!Array.isArray(counts) || counts.length !== values.length)) {
    throw new InvalidMetricValueError('counts', `expected an array of ${values.length} counts, one per value`);
  }
  const countList = counts as readonly unknown[] | undefined;
  // A Map keys by SameValueZero: -0 and 0 are one key, as they are one value on the wire.
  const folded = new Map<number, number>();
  let allOnes = true;
  for (let i = 0; i < values.length; i++) {
    const v = checked(values[i], `values[${i}]`);
    const c = countList === undefined ? 1 : checked(countList[i], `counts[${i}]`);
    if (c < 0) throw new InvalidMetricValueError(`counts[${i}]`, 'a count cannot be negative');
    const previous = folded.get(v);
    const total = previous === undefined ? c : previous + c;
    folded.set(v, total);
    if (total !== 1) allOnes = false;
  }
  if (folded.size > CLOUDWATCH_LIMITS.maxValuesPerDatum) {
    throw new InvalidMetricValueError('values', `${folded.size} distinct values; CloudWatch allows at most ${CLOUDWATCH_LIMITS.maxValuesPerDatum} per datum`);
  }
  const totals = [...folded.values()];
  for (const total of totals) if (!isSendableNumber(total)) throw new InvalidMetricValueError('counts', 'the counts of a repeated value add up beyond CloudWatch\'s range');
  return { kind: 'values', values: [...folded.keys()], counts: allOnes ? undefined : totals };
}

function readStatistics(statistics: unknown): MetricStatistics {
  if (statistics === null || typeof statistics !== 'object') throw new InvalidMetricValueError('statisticValues', 'expected an object');
  const set = statistics as Partial<Record<keyof MetricStatistics, unknown>>;
  const sampleCount = checked(set.sampleCount, 'statisticValues.sampleCount');
  const sum = checked(set.sum, 'statisticValues.sum') + 0;
  const minimum = checked(set.minimum, 'statisticValues.minimum') + 0;
  const maximum = checked(set.maximum, 'statisticValues.maximum') + 0;
  if (!(sampleCount > 0)) throw new InvalidMetricValueError('statisticValues.sampleCount', 'must be greater than 0');
  if (minimum > maximum) throw new InvalidMetricValueError('statisticValues.minimum', 'must not be greater than `maximum`');
  return { sampleCount, sum, minimum, maximum };
}
