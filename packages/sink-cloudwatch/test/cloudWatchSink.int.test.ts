import { Batcher, JobTooLargeError } from '@batch/core';
import { mulberry32, startLocalAws } from '@batch/local-aws';
import type { LocalAws } from '@batch/local-aws';
import {
  cloudWatchSink,
  dimension,
  InvalidDimensionError,
  InvalidMetricNameError,
  InvalidMetricValueError,
  InvalidStorageResolutionError,
  InvalidTimestampError,
  InvalidUnitError,
  MetricRejectedError,
  putMetricDataBodyBytes,
} from '@batch/sink-cloudwatch';
import type { CloudWatchJob, CloudWatchSinkOptions, MetricUnit } from '@batch/sink-cloudwatch';
import { expectSameStats, statsOfJobs, statsOfRecorded } from './helpers.js';

/*
 * Against @batch/local-aws's CloudWatch endpoint (which validates every request as CloudWatch
 * documents, all or nothing, and records what it accepts) through the fault proxy, with the
 * real SDK client at maxAttempts 1, so every retry seen here is the sink's own.
 */
let aws: LocalAws;
let namespaceCounter = 0;

beforeAll(async () => {
  aws = await startLocalAws({ seed: 11, services: ['cloudwatch'] });
});
afterAll(async () => {
  await aws.stop();
});
afterEach(() => {
  aws.cloudwatch.faults.clear();
  aws.cloudwatch.faults.clearLog();
  aws.cloudwatch.clearRecorded();
});

const newNamespace = (): string => `Batch/Sink-${process.pid}-${++namespaceCounter}`;

function metricsFor(namespace: string, extra: Partial<Omit<CloudWatchSinkOptions, 'client' | 'namespace'>> = {}) {
  return new Batcher({
    ...cloudWatchSink({ client: aws.cloudwatch.client({ maxAttempts: 1 }), namespace, ...extra }),
    maxBatchDelay: 10,
    retry: { baseDelay: 5, maxDelay: 50 },
  });
}

/** Seeded jobs over a few series, the last ten seconds, both resolutions, all three value kinds. */
function randomJobs(seed: number, count: number): CloudWatchJob[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const now = Date.now();
  const value = (): number => pick([0, 1, 2.5, 7, 12.25, 100, -3, 0.001, 1e6]);
  return Array.from({ length: count }, (): CloudWatchJob => {
    const route = pick(['/buy', '/sell']);
    const metricName = pick(['Latency', 'Orders']);
    const base = {
      metricName,
      dimensions: pick([{ route, region: 'eu' }, [dimension('region', 'eu'), dimension('route', route)], { route }]),
      unit: pick<MetricUnit | undefined>(metricName === 'Latency' ? ['Milliseconds'] : [undefined, 'None', 'Count']),
      storageResolution: pick<1 | 60 | undefined>([undefined, 60, 1]),
      timestamp: now - Math.floor(random() * 10_000),
    };
    const kind = random();
    if (kind < 0.75) return { ...base, value: value() };
    if (kind < 0.92) {
      const values = Array.from({ length: 1 + Math.floor(random() * 8) }, value);
      return { ...base, values, counts: values.map(() => 1 + Math.floor(random() * 4)) };
    }
    const a = value();
    const b = value();
    return { ...base, statisticValues: { sampleCount: 2, sum: a + b, minimum: Math.min(a, b), maximum: Math.max(a, b) } };
  });
}

describe.each([
  ['on', true],
  ['off', false],
])('aggregation %s', (_label, aggregate) => {
  it('records every point with the statistics that were added: sums, counts, minima, maxima and values per metric', async () => {
    const namespace = newNamespace();
    const jobs = randomJobs(aws.seed, 3000);
    const metrics = metricsFor(namespace, { aggregate });
    const results = await Promise.all(jobs.map((job) => metrics.add(job)));
    await metrics.shutdown();
    expect(results.every((r) => typeof r.requestId === 'string')).toBe(true);

    const recorded = aws.cloudwatch.recorded({ namespace });
    expectSameStats(statsOfRecorded(recorded), statsOfJobs(jobs));
    const log = aws.cloudwatch.faults.log;
    expect(log.every((entry) => entry.status === 200 && entry.operation === 'PutMetricData')).toBe(true);
    expect(log.reduce((sum, entry) => sum + (entry.entries ?? 0), 0)).toBe(recorded.length);
    if (aggregate) expect(recorded.length).toBeLessThan(jobs.length / 4);
    else expect(recorded.length).toBe(jobs.length);
  });
});

it('stamps points without a timestamp when they are added', async () => {
  const namespace = newNamespace();
  const metrics = metricsFor(namespace);
  const before = Date.now();
  await Promise.all([metrics.add({ metricName: 'm', value: 1 }), metrics.add({ metricName: 'm', value: 2 })]);
  const after = Date.now();
  await metrics.shutdown();
  const [datum] = aws.cloudwatch.recorded({ namespace });
  expect(datum).toMatchObject({ metricName: 'm', values: [1, 2], unit: 'None', storageResolution: 60 });
  expect(datum?.timestamp.getTime()).toBeGreaterThanOrEqual(before);
  expect(datum?.timestamp.getTime()).toBeLessThanOrEqual(after);
});

it('survives throttles, 500s, 503s and a reset before forwarding, recording each point exactly once', async () => {
  const namespace = newNamespace();
  const { faults } = aws.cloudwatch;
  faults.add({ operation: 'PutMetricData', times: 2, error: faults.throttlingError });
  faults.add({ operation: 'PutMetricData', times: 1, error: faults.internalError });
  faults.add({ operation: 'PutMetricData', times: 1, error: faults.unavailableError });
  faults.add({ operation: 'PutMetricData', times: 1, reset: 'before' });
  const jobs = randomJobs(aws.seed + 1, 500);
  const metrics = metricsFor(namespace);
  await Promise.all(jobs.map((job) => metrics.add(job)));
  await metrics.shutdown();
  expectSameStats(statsOfRecorded(aws.cloudwatch.recorded({ namespace })), statsOfJobs(jobs));
  expect(faults.log.map((entry) => entry.fault ?? entry.status)).toEqual(['error', 'error', 'error', 'error', 'reset-before', 200]);
  expect(faults.log.map((entry) => entry.errorName).slice(0, 4)).toEqual(['Throttling', 'Throttling', 'InternalServiceFault', 'ServiceUnavailable']);
});

it('is at least once: a reset after the endpoint recorded a request makes the retry record it again', async () => {
  const namespace = newNamespace();
  aws.cloudwatch.faults.add({ operation: 'PutMetricData', times: 1, reset: 'after' });
  const metrics = metricsFor(namespace);
  await Promise.all([metrics.add({ metricName: 'm', value: 1 }), metrics.add({ metricName: 'm', value: 2 })]);
  await metrics.shutdown();
  expect(aws.cloudwatch.recorded({ namespace }).map((d) => d.values)).toEqual([[1, 2], [1, 2]]);
});

it('rejects every bad input at add() with its typed error while the rest land', async () => {
  const namespace = newNamespace();
  const metrics = metricsFor(namespace, { maxRequestBytes: 2048 });
  const good = [1, 2, 3].map((value) => metrics.add({ metricName: 'good', value, dimensions: { a: 'b' } }));
  const bad: Array<[CloudWatchJob, new (...args: never[]) => Error]> = [
    [{ metricName: '', value: 1 }, InvalidMetricNameError],
    [{ metricName: 'm', value: NaN }, InvalidMetricValueError],
    [{ metricName: 'm', value: 2 ** 361 }, InvalidMetricValueError],
    [{ metricName: 'm', values: Array.from({ length: 151 }, (_, i) => i) }, InvalidMetricValueError],
    [{ metricName: 'm', value: 1, statisticValues: { sampleCount: 1, sum: 1, minimum: 1, maximum: 1 } }, InvalidMetricValueError],
    [{ metricName: 'm', value: 1, dimensions: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`d${i}`, 'v'])) }, InvalidDimensionError],
    [{ metricName: 'm', value: 1, dimensions: [dimension(':d', 'v')] }, InvalidDimensionError],
    [{ metricName: 'm', value: 1, unit: 'Percents' as MetricUnit }, InvalidUnitError],
    [{ metricName: 'm', value: 1, storageResolution: 5 as 60 }, InvalidStorageResolutionError],
    [{ metricName: 'm', value: 1, timestamp: Date.now() - 15 * 24 * 3_600_000 }, InvalidTimestampError],
    [{ metricName: 'm', value: 1, timestamp: Date.now() + 3 * 3_600_000 }, InvalidTimestampError],
    [{ metricName: 'm', value: 1, dimensions: { d: 'v'.repeat(1024), e: 'v'.repeat(1000) } }, JobTooLargeError],
  ];
  const errors = await Promise.all(bad.map(([job]) => metrics.add(job).catch((e: unknown) => e)));
  errors.forEach((error, i) => expect(error).toBeInstanceOf((bad[i] as [CloudWatchJob, new () => Error])[1]));
  await Promise.all(good);
  await metrics.shutdown();
  expect(aws.cloudwatch.recorded({ namespace }).map((d) => [d.metricName, d.values])).toEqual([['good', [1, 2, 3]]]);
  expect(aws.cloudwatch.faults.log.map((entry) => [entry.entries, entry.status])).toEqual([[1, 200]]);
});

it('splits a batch the endpoint refuses for a reason validation missed, so only the bad job fails', async () => {
  // The sink's clock runs three hours ahead of the endpoint's: a point 2.5 hours ahead of the
  // endpoint passes validation at add() but the endpoint refuses it (more than two hours ahead).
  const namespace = newNamespace();
  const metrics = metricsFor(namespace, { aggregate: false, clock: () => Date.now() + 3 * 3_600_000 });
  const now = Date.now();
  const jobs = Array.from({ length: 16 }, (_, i) => ({ metricName: `m${i}`, value: i, timestamp: i === 11 ? now + 2.5 * 3_600_000 : now }));
  const results = await Promise.all(jobs.map((job) => metrics.add(job).catch((e: unknown) => e)));
  await metrics.shutdown();
  const error = results[11] as MetricRejectedError;
  expect(error).toBeInstanceOf(MetricRejectedError);
  expect(error).toMatchObject({ code: 'CLOUDWATCH_METRIC_REJECTED', errorCode: 'InvalidParameterValue' });
  expect(error.awsMessage).toContain('two hours in the future');
  expect(aws.cloudwatch.recorded({ namespace }).map((d) => d.metricName).sort()).toEqual(jobs.filter((_, i) => i !== 11).map((j) => j.metricName).sort());
  // 16 → 0–7 ok, 8–15 refused → 8–11 refused → 8–9 ok, 10–11 refused → 10 ok, 11 refused; 12–15 ok.
  expect(aws.cloudwatch.faults.log.map((entry) => [entry.entries, entry.status])).toEqual([
    [16, 400], [8, 200], [8, 400], [4, 400], [2, 200], [2, 400], [1, 200], [1, 400], [4, 200],
  ]);
});

it('fills requests up to 1,048,576 uncompressed bytes, gzipped by the SDK, without one being refused as too large', async () => {
  const namespace = newNamespace();
  const metrics = metricsFor(namespace, { aggregate: false, maxRequestBytes: 1_048_576 });
  const dims = Object.fromEntries(Array.from({ length: 30 }, (_, d) => [`dimension-${String(d).padStart(2, '0')}`, 'v'.repeat(1000)]));
  const timestamp = Date.now();
  const jobs = Array.from({ length: 100 }, (_, i) => ({ metricName: `metric-${String(i).padStart(3, '0')}`, value: i, dimensions: dims, timestamp }));
  await Promise.all(jobs.map((job) => metrics.add(job)));
  await metrics.shutdown();
  // Every datum has the same size: a request holds as many as fit in 1,048,576 bytes.
  const Dimensions = Object.entries(dims).map(([Name, Value]) => ({ Name, Value }));
  const one = putMetricDataBodyBytes({ Namespace: namespace, MetricData: [{ MetricName: 'metric-000', Value: 0, Dimensions, Timestamp: new Date(timestamp) }] });
  const envelope = putMetricDataBodyBytes({ Namespace: namespace, MetricData: [] });
  const perRequest = Math.floor((1_048_576 - envelope + 1) / (one - envelope + 1));
  const log = aws.cloudwatch.faults.log;
  expect(log.map((entry) => [entry.entries, entry.status, entry.contentEncoding])).toEqual(
    Array.from({ length: Math.ceil(100 / perRequest) }, (_, r) => [Math.min(perRequest, 100 - r * perRequest), 200, 'gzip']),
  );
  expect(aws.cloudwatch.recorded({ namespace })).toHaveLength(100);
});
