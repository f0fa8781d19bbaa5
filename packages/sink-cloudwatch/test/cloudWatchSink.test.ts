import { runInNewContext } from 'node:vm';
import { Batcher, InvalidOptionError, RetriesExhaustedError } from '@batch/core';
import { cloudWatchSink, dimension, InvalidTimestampError, putMetricDataBodyBytes } from '@batch/sink-cloudwatch';
import type { CloudWatchJob, CloudWatchResult, CloudWatchSinkOptions } from '@batch/sink-cloudwatch';
import { DAY, MINUTE, NOW, awsError, fakeClient, names } from './helpers.js';

type Extra = Partial<Omit<CloudWatchSinkOptions, 'client'>>;

function batcherFor(client: CloudWatchSinkOptions['client'], extra: Extra = {}, batcher: { maxBatchSize?: number; maxBatchBytes?: number } = {}) {
  return new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop', clock: () => NOW, ...extra }), maxBatchDelay: 0, retry: { baseDelay: 1 }, ...batcher });
}

describe('cloudWatchSink: what is sent', () => {
  it('sends one datum per job as added, dimensions from a record or a list, and resolves each job with its request id', async () => {
    const { client, calls } = fakeClient();
    const metrics = batcherFor(client, { aggregate: false });
    const results = await Promise.all([
      metrics.add({ metricName: 'Latency', value: 12.3, unit: 'Milliseconds', dimensions: { route: '/buy' } }),
      metrics.add({ metricName: 'Orders', value: 1, unit: 'Count', dimensions: [dimension('region', 'eu')], timestamp: new Date(NOW - MINUTE) }),
      metrics.add({ metricName: 'Sizes', values: [1, 2], counts: [3, 4], storageResolution: 1, timestamp: NOW - 5 }),
      metrics.add({ metricName: 'Batch', statisticValues: { sampleCount: 2, sum: 3, minimum: 1, maximum: 2 } }),
    ]);
    expect(results).toEqual([{ requestId: 'request-1' }, { requestId: 'request-1' }, { requestId: 'request-1' }, { requestId: 'request-1' }]);
    expect(calls).toEqual([
      {
        Namespace: 'Shop',
        MetricData: [
          { MetricName: 'Latency', Timestamp: new Date(NOW), Dimensions: [{ Name: 'route', Value: '/buy' }], Value: 12.3, Unit: 'Milliseconds' },
          { MetricName: 'Orders', Timestamp: new Date(NOW - MINUTE), Dimensions: [{ Name: 'region', Value: 'eu' }], Value: 1, Unit: 'Count' },
          { MetricName: 'Sizes', Timestamp: new Date(NOW - 5), Values: [1, 2], Counts: [3, 4], StorageResolution: 1 },
          { MetricName: 'Batch', Timestamp: new Date(NOW), StatisticValues: { SampleCount: 2, Sum: 3, Minimum: 1, Maximum: 2 } },
        ],
      },
    ]);
  });

  it('stamps a job without a timestamp with the clock at add(), not at sending', async () => {
    const { client, calls } = fakeClient();
    let now = NOW;
    const metrics = new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop', clock: () => now }), maxBatchDelay: 0 });
    const added = metrics.add({ metricName: 'm', value: 1 });
    now += 5 * MINUTE;
    await added;
    expect(calls[0]?.MetricData?.[0]?.Timestamp).toEqual(new Date(NOW));
  });

  it('takes a Date from another realm as a Date', async () => {
    const { client, calls } = fakeClient();
    const foreign = runInNewContext(`new Date(${NOW - MINUTE})`) as Date;
    expect(foreign instanceof Date).toBe(false);
    await batcherFor(client).add({ metricName: 'm', value: 1, timestamp: foreign });
    expect(calls[0]?.MetricData?.[0]?.Timestamp).toEqual(new Date(NOW - MINUTE));
  });

  it('types add() as resolving with a CloudWatchResult and jobs as CloudWatchJob', async () => {
    const { client } = fakeClient();
    const metrics = batcherFor(client);
    const result: Promise<CloudWatchResult> = metrics.add({ metricName: 'm', value: 1, unit: 'Count' });
    // @ts-expect-error: not one of CloudWatch's units
    const badUnit = metrics.add({ metricName: 'm', value: 1, unit: 'Counts' }).catch((e: unknown) => e);
    // @ts-expect-error: a resolution of 5 seconds does not exist
    const badResolution = metrics.add({ metricName: 'm', value: 1, storageResolution: 5 }).catch((e: unknown) => e);
    await expect(result).resolves.toEqual({ requestId: 'request-1' });
    await expect(badUnit).resolves.toMatchObject({ code: 'CLOUDWATCH_INVALID_UNIT' });
    await expect(badResolution).resolves.toMatchObject({ code: 'CLOUDWATCH_INVALID_STORAGE_RESOLUTION' });
  });

  it('passes the batch signal to the client', async () => {
    const { client, signals } = fakeClient();
    await batcherFor(client).add({ metricName: 'm', value: 1 });
    expect(signals[0]).toBeInstanceOf(AbortSignal);
  });
});

describe('cloudWatchSink: aggregation', () => {
  it('folds the points of one metric, dimensions in any order, unit and minute into one Values/Counts datum', async () => {
    const { client, calls } = fakeClient();
    const metrics = batcherFor(client);
    const dims = { route: '/buy', region: 'eu' };
    const reversed = [dimension('region', 'eu'), dimension('route', '/buy')];
    const results = await Promise.all([
      metrics.add({ metricName: 'Latency', value: 12, unit: 'Milliseconds', dimensions: dims, timestamp: NOW + 10_000 }),
      metrics.add({ metricName: 'Latency', value: 15, unit: 'Milliseconds', dimensions: reversed, timestamp: NOW - 30_000 }),
      metrics.add({ metricName: 'Latency', values: [12, 20], counts: [2, 5], unit: 'Milliseconds', dimensions: dims, timestamp: NOW }),
      metrics.add({ metricName: 'Latency', value: -0, unit: 'Milliseconds', dimensions: dims, timestamp: NOW }),
    ]);
    expect(results.map((r) => r.requestId)).toEqual(['request-1', 'request-1', 'request-1', 'request-1']);
    expect(calls[0]?.MetricData).toEqual([
      {
        MetricName: 'Latency',
        Timestamp: new Date(NOW - 30_000), // the earliest point of the minute
        Dimensions: [{ Name: 'route', Value: '/buy' }, { Name: 'region', Value: 'eu' }], // the first point's order
        Values: [12, 15, 20, 0],
        Counts: [3, 1, 5, 1],
        Unit: 'Milliseconds',
      },
    ]);
  });

  it('leaves Counts out when every value was seen once', async () => {
    const { client, calls } = fakeClient();
    const metrics = batcherFor(client);
    await Promise.all([1, 2, 3].map((value) => metrics.add({ metricName: 'm', value })));
    expect(calls[0]?.MetricData).toEqual([{ MetricName: 'm', Timestamp: new Date(NOW), Values: [1, 2, 3] }]);
  });

  it('keeps apart other units, resolutions, minutes, dimensions and metrics, and statistic sets from values', async () => {
    const { client, calls } = fakeClient();
    const metrics = batcherFor(client);
    const minuteStart = NOW - 30_000;
    await Promise.all([
      metrics.add({ metricName: 'm', value: 1, timestamp: minuteStart }),
      metrics.add({ metricName: 'm', value: 2, unit: 'None', timestamp: minuteStart + 59_999 }), // None = omitted: folds
      metrics.add({ metricName: 'm', value: 3, unit: 'Count', timestamp: minuteStart }),
      metrics.add({ metricName: 'm', value: 4, storageResolution: 1, timestamp: minuteStart }),
      metrics.add({ metricName: 'm', value: 5, timestamp: minuteStart + 60_000 }),
      metrics.add({ metricName: 'm', value: 6, dimensions: { a: 'b' }, timestamp: minuteStart }),
      metrics.add({ metricName: 'n', value: 7, timestamp: minuteStart }),
      metrics.add({ metricName: 'm', statisticValues: { sampleCount: 1, sum: 8, minimum: 8, maximum: 8 }, timestamp: minuteStart }),
    ]);
    expect(calls[0]?.MetricData).toEqual([
      { MetricName: 'm', Timestamp: new Date(minuteStart), Values: [1, 2] },
      { MetricName: 'm', Timestamp: new Date(minuteStart), Value: 3, Unit: 'Count' },
      { MetricName: 'm', Timestamp: new Date(minuteStart), Value: 4, StorageResolution: 1 },
      { MetricName: 'm', Timestamp: new Date(minuteStart + 60_000), Value: 5 },
      { MetricName: 'm', Timestamp: new Date(minuteStart), Dimensions: [{ Name: 'a', Value: 'b' }], Value: 6 },
      { MetricName: 'n', Timestamp: new Date(minuteStart), Value: 7 },
      { MetricName: 'm', Timestamp: new Date(minuteStart), StatisticValues: { SampleCount: 1, Sum: 8, Minimum: 8, Maximum: 8 } },
    ]);
  });

  it('folds high-resolution points by the second', async () => {
    const { client, calls } = fakeClient();
    const metrics = batcherFor(client);
    await Promise.all([0, 999, 1000].map((offset, i) => metrics.add({ metricName: 'm', value: i, storageResolution: 1, timestamp: NOW + offset })));
    expect(calls[0]?.MetricData).toEqual([
      { MetricName: 'm', Timestamp: new Date(NOW), Values: [0, 1], StorageResolution: 1 },
      { MetricName: 'm', Timestamp: new Date(NOW + 1000), Value: 2, StorageResolution: 1 },
    ]);
  });

  it('folds statistic sets into one set', async () => {
    const { client, calls } = fakeClient();
    const metrics = batcherFor(client);
    await Promise.all([
      metrics.add({ metricName: 's', statisticValues: { sampleCount: 2, sum: 10, minimum: 4, maximum: 6 } }),
      metrics.add({ metricName: 's', statisticValues: { sampleCount: 3, sum: -3, minimum: -2, maximum: 1 } }),
    ]);
    expect(calls[0]?.MetricData).toEqual([{ MetricName: 's', Timestamp: new Date(NOW), StatisticValues: { SampleCount: 5, Sum: 7, Minimum: -2, Maximum: 6 } }]);
  });

  it('spills past 150 distinct values into a second datum', async () => {
    const { client, calls } = fakeClient();
    const metrics = batcherFor(client);
    await Promise.all(Array.from({ length: 160 }, (_, i) => metrics.add({ metricName: 'm', value: i % 155 })));
    const data = calls[0]?.MetricData ?? [];
    expect(data.map((d) => [d.Values?.length, d.Counts])).toEqual([
      [150, [...Array.from({ length: 5 }, () => 2), ...Array.from({ length: 145 }, () => 1)]],
      [5, undefined],
    ]);
    expect(data[1]?.Values).toEqual([150, 151, 152, 153, 154]);
  });

  it('sends a lone point exactly as added', async () => {
    const { client, calls } = fakeClient();
    await batcherFor(client).add({ metricName: 'm', value: 7, unit: 'Count' });
    expect(calls[0]?.MetricData).toEqual([{ MetricName: 'm', Timestamp: new Date(NOW), Value: 7, Unit: 'Count' }]);
  });

  it('resolves every folded job only when its request was accepted, after a retried throttle', async () => {
    const { client, calls } = fakeClient((_input, call) => (call === 1 ? awsError('Throttling', 400, 'Throttling') : undefined));
    const metrics = batcherFor(client);
    const settled: string[] = [];
    await Promise.all([1, 2, 3].map((value) => metrics.add({ metricName: 'm', value }).then((r) => settled.push(r.requestId ?? ''))));
    expect(settled).toEqual(['request-2', 'request-2', 'request-2']);
    expect(calls.map((c) => c.MetricData?.[0]?.Values)).toEqual([[1, 2, 3], [1, 2, 3]]);
  });
});

describe('cloudWatchSink: request limits', () => {
  it('packs batches by datum count and uncompressed bytes; every request stays within both', async () => {
    const { client, calls } = fakeClient();
    const metrics = batcherFor(client, { aggregate: false, maxDatumsPerRequest: 40, maxRequestBytes: 2000 });
    const jobs: CloudWatchJob[] = Array.from({ length: 300 }, (_, i) => ({ metricName: `metric-${i}`, value: i, dimensions: i % 3 === 0 ? { host: 'h'.repeat(i % 50 + 1) } : {} }));
    await Promise.all(jobs.map((job) => metrics.add(job)));
    // First-fit packing may let a small datum overtake a large one; each is sent exactly once.
    expect(names(calls).flat().sort()).toEqual(jobs.map((j) => j.metricName).sort());
    for (const input of calls) {
      expect(input.MetricData?.length).toBeLessThanOrEqual(40);
      expect(putMetricDataBodyBytes(input)).toBeLessThanOrEqual(2000);
    }
    // Byte packing fills requests: each but the last would overflow with the next datum.
    const sizes = calls.map((input) => putMetricDataBodyBytes(input));
    expect(Math.min(...sizes.slice(0, -1))).toBeGreaterThan(2000 - 80);
  });

  it('with aggregation, a raised maxBatchSize folds many points into fewer requests', async () => {
    const { client, calls } = fakeClient();
    const metrics = batcherFor(client, {}, { maxBatchSize: 5000, maxBatchBytes: 5_000_000 });
    await Promise.all(Array.from({ length: 5000 }, (_, i) => metrics.add({ metricName: `m${i % 5}`, value: i % 7 })));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.MetricData?.map((d) => [d.MetricName, d.Counts?.reduce((a, b) => a + b, 0)])).toEqual([
      ['m0', 1000],
      ['m1', 1000],
      ['m2', 1000],
      ['m3', 1000],
      ['m4', 1000],
    ]);
  });

  it('sends a folded batch that exceeds one request as several requests within the limits', async () => {
    const { client, calls } = fakeClient();
    const metrics = batcherFor(client, { maxDatumsPerRequest: 10 }, { maxBatchSize: 95 });
    const jobs = Array.from({ length: 95 }, (_, i) => ({ metricName: `m${i}`, value: 1 }));
    await Promise.all(jobs.map((job) => metrics.add(job)));
    expect(calls.map((c) => c.MetricData?.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 5]);
    expect(names(calls).flat()).toEqual(jobs.map((j) => j.metricName));
  });

  it('refuses batcher options beyond the request limits at construction', () => {
    const { client } = fakeClient();
    const plain = cloudWatchSink({ client, namespace: 'Shop', aggregate: false });
    expect(() => new Batcher({ ...plain, maxBatchSize: 1001 })).toThrow('Expected `maxBatchSize` to be an integer between 1 and 1000, got `1001`');
    expect(() => new Batcher({ ...plain, maxBatchBytes: 1_000_001 })).toThrow(InvalidOptionError);
    const folded = cloudWatchSink({ client, namespace: 'Shop' });
    expect(() => new Batcher({ ...folded, maxBatchSize: 10_001 })).toThrow('Expected `maxBatchSize` to be an integer between 1 and 10000, got `10001`');
    expect(new Batcher({ ...folded, maxBatchSize: 10_000 })).toBeInstanceOf(Batcher);
  });
});

describe('cloudWatchSink: failures', () => {
  it('retries the whole batch on Throttling, 500, 503, timeouts and resets', async () => {
    const failures = [
      awsError('Throttling', 400, 'Throttling'),
      awsError('InternalServiceFault', 500, 'InternalServiceError'),
      awsError('ServiceUnavailable', 503),
      Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }),
      Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }),
    ];
    const { client, calls } = fakeClient((_input, call) => failures[call - 1]);
    const metrics = batcherFor(client);
    await expect(Promise.all([metrics.add({ metricName: 'a', value: 1 }), metrics.add({ metricName: 'b', value: 2 })])).resolves.toEqual([
      { requestId: 'request-6' },
      { requestId: 'request-6' },
    ]);
    expect(names(calls)).toEqual(Array.from({ length: 6 }, () => ['a', 'b']));
  });

  it('rejects with RetriesExhaustedError carrying the last throttle when throttling persists', async () => {
    const { client } = fakeClient(() => awsError('Throttling', 400, 'Throttling'));
    const metrics = new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop' }), maxBatchDelay: 0, retry: { maxAttempts: 3, baseDelay: 1 } });
    const error = (await metrics.add({ metricName: 'm', value: 1 }).catch((e: unknown) => e)) as RetriesExhaustedError;
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error).toMatchObject({ attempts: 3, cause: { name: 'Throttling' } });
  });

  it.each([
    ['AccessDeniedException', 403],
    ['UnrecognizedClientException', 400],
    ['InvalidClientTokenId', 403],
  ])('rejects every job at once on %s, with the AWS error as cause and the batch failed whole', async (name, status) => {
    const failure = awsError(name, status);
    const { client, calls } = fakeClient(() => failure);
    const batchErrors: unknown[] = [];
    const metrics = new Batcher({
      ...cloudWatchSink({ client, namespace: 'Shop' }),
      maxBatchDelay: 0,
      hooks: { onBatch: (info) => batchErrors.push(info.error) },
    });
    const errors = await Promise.all([1, 2].map((value) => metrics.add({ metricName: `m${value}`, value }).catch((e: unknown) => e)));
    expect(errors).toEqual([expect.objectContaining({ code: 'JOB_FAILED', attempts: 1, cause: failure }), expect.objectContaining({ code: 'JOB_FAILED', cause: failure })]);
    expect(batchErrors).toEqual([failure]);
    expect(calls).toHaveLength(1);
  });

  it('fails a job that aged past two weeks while it waited, without sending it, while its batch-mates land', async () => {
    const { client, calls } = fakeClient();
    let now = NOW;
    const metrics = new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop', clock: () => now }), maxBatchDelay: 0 });
    const old = metrics.add({ metricName: 'old', value: 1, timestamp: NOW - 14 * DAY + 1000 }).catch((e: unknown) => e);
    const fresh = metrics.add({ metricName: 'fresh', value: 1 });
    now += 2000; // before the batch leaves
    await expect(fresh).resolves.toEqual({ requestId: 'request-1' });
    const error = await old;
    expect(error).toBeInstanceOf(InvalidTimestampError);
    expect(error).toMatchObject({ code: 'CLOUDWATCH_INVALID_TIMESTAMP', message: 'Invalid `timestamp`: grew more than two weeks old before it could be sent' });
    expect(names(calls)).toEqual([['fresh']]);
  });
});
