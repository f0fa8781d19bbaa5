import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { Batcher, JobFailedError } from '@batch/core';
import { cloudWatchSink, MetricRejectedError } from '@batch/sink-cloudwatch';
import type { CloudWatchSinkOptions } from '@batch/sink-cloudwatch';
import { NOW, awsError, fakeClient, invalidParameterValue, names } from './helpers.js';

/*
 * CloudWatch refuses a whole request for one bad datum. These fake clients refuse any request
 * carrying a "poisoned" datum — one that passes the sink's validation — as CloudWatch would for
 * a rule the sink does not know.
 */
const poisoned = (input: PutMetricDataCommandInput, marker = 'poison'): boolean => (input.MetricData ?? []).some((d) => d.MetricName?.startsWith(marker));

function batcherFor(client: CloudWatchSinkOptions['client'], extra: Partial<Omit<CloudWatchSinkOptions, 'client'>> = {}) {
  return new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop', clock: () => NOW, aggregate: false, ...extra }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
}

const settle = (promise: Promise<unknown>): Promise<unknown> => promise.then((r) => r, (e: unknown) => e);

describe('cloudWatchSink: splitting a refused batch', () => {
  it('splits a refused batch in halves until only the poisoned job fails; the rest land', async () => {
    const { client, calls } = fakeClient((input) => (poisoned(input) ? invalidParameterValue() : undefined));
    const metrics = batcherFor(client);
    const jobNames = Array.from({ length: 16 }, (_, i) => (i === 5 ? 'poison' : `m${i}`));
    const results = await Promise.all(jobNames.map((metricName) => settle(metrics.add({ metricName, value: 1 }))));
    const error = results[5] as MetricRejectedError;
    expect(error).toBeInstanceOf(MetricRejectedError);
    expect(error).toMatchObject({ code: 'CLOUDWATCH_METRIC_REJECTED', errorCode: 'InvalidParameterValue', awsMessage: 'InvalidParameterValueException (fake)' });
    expect(error.message).toBe('CloudWatch rejected the metric: InvalidParameterValue');
    expect(error.cause).toMatchObject({ name: 'InvalidParameterValueException' });
    results.forEach((result, i) => {
      if (i !== 5) expect(result).toEqual({ requestId: expect.stringMatching(/^request-/) as string });
    });
    // 16 → 8 (bad) → 4 ok, 4 (bad) → 2 (bad) → 1 ok, 1 refused; 2 ok; then the other 8 ok.
    const m = (from: number, to: number): string[] => jobNames.slice(from, to + 1);
    expect(names(calls)).toEqual([m(0, 15), m(0, 7), m(0, 3), m(4, 7), m(4, 5), ['m4'], ['poison'], m(6, 7), m(8, 15)]);
  });

  it('isolates several poisoned jobs in one batch', async () => {
    const { client } = fakeClient((input) => (poisoned(input) ? invalidParameterValue() : undefined));
    const metrics = batcherFor(client);
    const jobNames = Array.from({ length: 40 }, (_, i) => (i % 13 === 7 ? `poison-${i}` : `m${i}`));
    const results = await Promise.all(jobNames.map((metricName) => settle(metrics.add({ metricName, value: 1 }))));
    const failed = jobNames.filter((_, i) => results[i] instanceof MetricRejectedError);
    expect(failed).toEqual(['poison-7', 'poison-20', 'poison-33']);
    expect(results.filter((r) => r instanceof Error)).toHaveLength(3);
  });

  it('isolates a poisoned point inside folded data, the points folded with it landing', async () => {
    const bad = 13.13;
    const { client, calls } = fakeClient((input) => ((input.MetricData ?? []).some((d) => d.Values?.includes(bad) === true || d.Value === bad) ? invalidParameterValue() : undefined));
    const metrics = batcherFor(client, { aggregate: true });
    const values = [1, 2, bad, 4, 5, 6, 7, 8];
    const results = await Promise.all(values.map((value) => settle(metrics.add({ metricName: 'latency', value }))));
    expect(results.map((r) => (r instanceof MetricRejectedError ? 'rejected' : 'ok'))).toEqual(['ok', 'ok', 'rejected', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(calls.map((c) => c.MetricData?.map((d) => d.Values ?? [d.Value]))).toEqual([
      [[1, 2, bad, 4, 5, 6, 7, 8]],
      [[1, 2, bad, 4]],
      [[1, 2]],
      [[bad, 4]],
      [[bad]],
      [[4]],
      [[5, 6, 7, 8]],
    ]);
  });

  it.each([
    ['InvalidParameterCombinationException', 'InvalidParameterCombination', 400],
    ['MissingRequiredParameterException', 'MissingParameter', 400],
    ['RequestEntityTooLarge', undefined, 413],
  ])('splits on %s as well', async (name, code, status) => {
    const { client } = fakeClient((input) => (poisoned(input) ? awsError(name, status, code) : undefined));
    const metrics = batcherFor(client);
    const results = await Promise.all(['a', 'poison', 'b'].map((metricName) => settle(metrics.add({ metricName, value: 1 }))));
    expect(results[1]).toMatchObject({ code: 'CLOUDWATCH_METRIC_REJECTED', errorCode: code ?? name });
    expect(results[0]).toEqual({ requestId: expect.any(String) as string });
    expect(results[2]).toEqual({ requestId: expect.any(String) as string });
  });

  it('stops splitting at maxBisectionRequests: jobs left undecided fail with the AWS error, not retried', async () => {
    const { client, calls } = fakeClient((input) => (poisoned(input) ? invalidParameterValue() : undefined));
    const metrics = batcherFor(client, { maxBisectionRequests: 5 });
    const jobNames = Array.from({ length: 16 }, (_, i) => (i === 15 ? 'poison' : `m${i}`));
    const results = await Promise.all(jobNames.map((metricName) => settle(metrics.add({ metricName, value: 1 }))));
    // 16 (bad) → 0–7 ok, 8–15 (bad) → 8–11 ok, 12–15 (bad) → 12–13 ok; five spent: 14–15 undecided.
    expect(calls.map((c) => c.MetricData?.length)).toEqual([16, 8, 8, 4, 4, 2]);
    expect(results.map((r) => (r instanceof JobFailedError ? 'failed' : r instanceof MetricRejectedError ? 'rejected' : 'ok'))).toEqual([
      ...Array.from({ length: 14 }, () => 'ok'),
      'failed',
      'failed',
    ]);
    expect(results[15]).toMatchObject({ attempts: 1, cause: { name: 'InvalidParameterValueException' } });
  });

  it('with maxBisectionRequests 0, a refused batch fails whole with the AWS error as cause', async () => {
    const { client, calls } = fakeClient((input) => (poisoned(input) ? invalidParameterValue() : undefined));
    const metrics = batcherFor(client, { maxBisectionRequests: 0 });
    const results = await Promise.all(['a', 'poison'].map((metricName) => settle(metrics.add({ metricName, value: 1 }))));
    expect(results).toEqual([expect.any(JobFailedError), expect.any(JobFailedError)]);
    expect(calls).toHaveLength(1);
  });

  it('retries only the half that was throttled while splitting', async () => {
    let throttledOnce = false;
    const { client, calls } = fakeClient((input) => {
      if (poisoned(input)) return invalidParameterValue();
      if (!throttledOnce && input.MetricData?.[0]?.MetricName === 'c') {
        throttledOnce = true;
        return awsError('Throttling', 400, 'Throttling');
      }
      return undefined;
    });
    const metrics = batcherFor(client);
    const results = await Promise.all(['poison', 'b', 'c', 'd'].map((metricName) => settle(metrics.add({ metricName, value: 1 }))));
    expect(results[0]).toBeInstanceOf(MetricRejectedError);
    expect(results.slice(1)).toEqual([{ requestId: expect.any(String) as string }, { requestId: 'request-6' }, { requestId: 'request-6' }]);
    expect(names(calls)).toEqual([['poison', 'b', 'c', 'd'], ['poison', 'b'], ['poison'], ['b'], ['c', 'd'], ['c', 'd']]);
  });
});
