import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { mulberry32 } from '@batch/local-aws';
import { buildPutMetricDataRequests, CLOUDWATCH_LIMITS, dimension, InvalidMetricValueError, putMetricDataBodyBytes } from '@batch/sink-cloudwatch';
import type { CloudWatchJob, MetricUnit } from '@batch/sink-cloudwatch';
import { NOW, expectSameStats, seriesKey, statsOfData, statsOfJobs } from './helpers.js';

const clock = (): number => NOW;
const totalBytes = (inputs: readonly PutMetricDataCommandInput[]): number => inputs.reduce((sum, input) => sum + putMetricDataBodyBytes(input), 0);
const allData = (inputs: readonly PutMetricDataCommandInput[]) => inputs.flatMap((input) => input.MetricData ?? []);

/** Random jobs over a few series and minutes: plain values (often repeated), value lists, statistic sets. */
function randomJobs(seed: number, count: number): CloudWatchJob[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const value = (): number => pick([1, 2, 2.5, 10, 12.3, -4, 0, 1e-3, 99_999]) * (random() < 0.5 ? 1 : pick([1, 3, 0.1]));
  return Array.from({ length: count }, (): CloudWatchJob => {
    const route = pick(['/buy', '/sell']);
    const dimensions = pick([{ route, region: 'eu' }, [dimension('region', 'eu'), dimension('route', route)], { route }, undefined]);
    const base = {
      metricName: pick(['Latency', 'Orders', 'Size']),
      unit: pick<MetricUnit | undefined>([undefined, 'None', 'Milliseconds']),
      storageResolution: pick<1 | 60 | undefined>([undefined, 60, 1]),
      // Two minutes; five distinct seconds (high-resolution points fold per second).
      timestamp: NOW - 30_000 + pick([0, 1500, 30_000, 61_000, 90_500]) + Math.floor(random() * 400),
      ...(dimensions === undefined ? {} : { dimensions }),
    };
    const kind = random();
    if (kind < 0.7) return { ...base, value: value() };
    if (kind < 0.9) {
      const values = Array.from({ length: 1 + Math.floor(random() * 20) }, value);
      return random() < 0.5 ? { ...base, values } : { ...base, values, counts: values.map(() => 1 + Math.floor(random() * 5)) };
    }
    const a = value();
    const b = value();
    return { ...base, statisticValues: { sampleCount: 2, sum: a + b, minimum: Math.min(a, b), maximum: Math.max(a, b) } };
  });
}

describe('buildPutMetricDataRequests', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('folds without changing what CloudWatch computes, and never sends more (seed %i)', (seed) => {
    const jobs = randomJobs(seed, 600);
    const folded = buildPutMetricDataRequests(jobs, { namespace: 'Shop', clock });
    const plain = buildPutMetricDataRequests(jobs, { namespace: 'Shop', clock, aggregate: false });
    const expected = statsOfJobs(jobs);
    expectSameStats(statsOfData(allData(folded)), expected);
    expectSameStats(statsOfData(allData(plain)), expected);
    expect(allData(plain)).toHaveLength(600);
    // One datum per place CloudWatch stores points in (statistic sets apart from values).
    const places = new Set(
      jobs.map((job) => {
        const dims = Array.isArray(job.dimensions) ? job.dimensions : Object.entries(job.dimensions ?? {}).map(([name, value]) => ({ name, value: value as string }));
        return `${job.statisticValues === undefined ? 'values' : 'set'}|${seriesKey(job.metricName, dims, job.unit, job.storageResolution, job.timestamp as number)}`;
      }),
    );
    expect(allData(folded)).toHaveLength(places.size);
    expect(places.size).toBeLessThan(250);
    expect(totalBytes(folded)).toBeLessThan(totalBytes(plain) / 2);
    for (const datum of allData(folded)) {
      expect(datum.Values === undefined || datum.Values.length <= 150).toBe(true);
      expect(datum.Counts === undefined || datum.Counts.length === datum.Values?.length).toBe(true);
    }
  });

  it('cuts to 1000 data per request without aggregation, each request within the byte limit', () => {
    const jobs = Array.from({ length: 2500 }, (_, i) => ({ metricName: `m${i}`, value: i }));
    const inputs = buildPutMetricDataRequests(jobs, { namespace: 'Shop', clock, aggregate: false });
    expect(inputs.map((input) => input.MetricData?.length)).toEqual([1000, 1000, 500]);
    expect(allData(inputs).map((d) => d.MetricName)).toEqual(jobs.map((j) => j.metricName));
  });

  it('cuts by bytes: data near the 1 MB limit spread over requests that each stay under it', () => {
    const jobs = Array.from({ length: 60 }, (_, i) => ({ metricName: `m${i}`, value: i, dimensions: Object.fromEntries(Array.from({ length: 30 }, (_, d) => [`dimension-${d}`, 'v'.repeat(1000)])) }));
    const inputs = buildPutMetricDataRequests(jobs, { namespace: 'Shop', clock });
    const sizes = inputs.map((input) => putMetricDataBodyBytes(input));
    expect(sizes.length).toBe(Math.ceil(totalBytes(inputs) / CLOUDWATCH_LIMITS.defaultMaxRequestBytes));
    for (const size of sizes) expect(size).toBeLessThanOrEqual(CLOUDWATCH_LIMITS.defaultMaxRequestBytes);
    expect(allData(inputs)).toHaveLength(60);
  });

  it('packs folded groups into as few requests as the limits allow', () => {
    const jobs = Array.from({ length: 30 }, (_, i) => ({ metricName: `m${i % 3}`, value: i }));
    const inputs = buildPutMetricDataRequests(jobs, { namespace: 'Shop', clock, maxDatumsPerRequest: 2 });
    const tens = (first: number): number[] => Array.from({ length: 10 }, (_, k) => first + 3 * k);
    expect(inputs.map((input) => input.MetricData?.map((d) => [d.MetricName, d.Values]))).toEqual([
      [['m0', tens(0)], ['m1', tens(1)]],
      [['m2', tens(2)]],
    ]);
  });

  it('cuts a group too large for one request into parts, each folded', () => {
    // 400 lists of 150 distinct values for one metric: 400 data even when folded, 1000 per request at most.
    const jobs = Array.from({ length: 400 }, (_, i) => ({ metricName: 'm', values: Array.from({ length: 150 }, (_, k) => i * 150 + k) }));
    const inputs = buildPutMetricDataRequests(jobs, { namespace: 'Shop', clock, maxDatumsPerRequest: 150 });
    expect(inputs.map((input) => input.MetricData?.length)).toEqual([133, 133, 134]);
    expect(allData(inputs).flatMap((d) => d.Values)).toEqual(jobs.flatMap((j) => j.values));
  });

  it('leaves points apart when folding them would produce a count or sum CloudWatch refuses', () => {
    const inputs = buildPutMetricDataRequests(
      [
        { metricName: 'v', values: [1], counts: [2 ** 360] },
        { metricName: 'v', values: [1], counts: [2 ** 360] },
        { metricName: 's', statisticValues: { sampleCount: 1, sum: 2 ** 360, minimum: 2 ** 360, maximum: 2 ** 360 } },
        { metricName: 's', statisticValues: { sampleCount: 1, sum: 2 ** 360, minimum: 2 ** 360, maximum: 2 ** 360 } },
        { metricName: 'ok', value: 1 },
        { metricName: 'ok', value: 1 },
      ],
      { namespace: 'Shop', clock },
    );
    expect(inputs[0]?.MetricData?.map((d) => d.MetricName)).toEqual(['v', 'v', 's', 's', 'ok']);
    expect(inputs[0]?.MetricData?.[4]).toMatchObject({ Values: [1], Counts: [2] });
  });

  it('leaves points apart when folding them would not make the request smaller', () => {
    // Two lists of 150 distinct values: folding makes two data again, and the second takes the
    // first's longer timestamp (epoch seconds with milliseconds): 4 bytes more. Kept as added.
    const list = (from: number): number[] => Array.from({ length: 150 }, (_, i) => from + i);
    const jobs: CloudWatchJob[] = [
      { metricName: 'm', values: list(0), timestamp: NOW - 29_999 },
      { metricName: 'm', values: list(1000), timestamp: NOW },
    ];
    const folded = buildPutMetricDataRequests(jobs, { namespace: 'Shop', clock });
    const plain = buildPutMetricDataRequests(jobs, { namespace: 'Shop', clock, aggregate: false });
    expect(folded).toEqual(plain);
  });

  it('throws the typed error add() would reject the first invalid job with', () => {
    expect(() => buildPutMetricDataRequests([{ metricName: 'm', value: 1 }, { metricName: 'm', value: NaN }], { namespace: 'Shop' })).toThrow(InvalidMetricValueError);
    expect(() => buildPutMetricDataRequests([], { namespace: 'AWS/EC2' })).toThrow('Expected `namespace`');
  });
});
