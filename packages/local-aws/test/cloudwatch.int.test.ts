import {
  ListMetricsCommand,
  type MetricDatum,
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { InvalidOptionError, startLocalAws, type LocalAws } from '@batch/local-aws';
import { caught, uniqueName } from './helpers.js';

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws({ seed: 5, services: ['cloudwatch'] });
});

afterAll(async () => {
  await aws.stop();
});

afterEach(() => {
  aws.cloudwatch.faults.clear();
  aws.cloudwatch.faults.clearLog();
  aws.cloudwatch.clearRecorded();
});

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

async function put(input: PutMetricDataCommandInput): Promise<void> {
  await aws.cloudwatch.client({ maxAttempts: 1 }).send(new PutMetricDataCommand(input));
}

const one = (datum: Partial<MetricDatum> & Record<string, unknown>): PutMetricDataCommandInput =>
  ({ Namespace: 'App', MetricData: [{ MetricName: 'm', Value: 1, ...datum }] });

const dims = (count: number): { Name: string; Value: string }[] =>
  Array.from({ length: count }, (_, i) => ({ Name: `d${i}`, Value: `v${i}` }));

describe('recording', () => {
  it('records every field of accepted data, with CloudWatch defaults for omitted ones', async () => {
    const namespace = uniqueName('ns');
    const before = Date.now();
    const at = new Date(before - HOUR);
    await put({
      Namespace: namespace,
      MetricData: [
        { MetricName: 'latency', Dimensions: [{ Name: 'Service', Value: 'api' }], Timestamp: at, Unit: 'Milliseconds', StorageResolution: 1, Values: [1.5, 2], Counts: [3, 4] },
        { MetricName: 'requests', StatisticValues: { SampleCount: 2, Sum: 3, Minimum: 1, Maximum: 2 } },
        { MetricName: 'errors', Value: 0 },
      ],
    });
    const after = Date.now();
    const recorded = aws.cloudwatch.recorded({ namespace });
    expect(recorded.slice(0, 2)).toEqual([
      { namespace, metricName: 'latency', dimensions: [{ name: 'Service', value: 'api' }], unit: 'Milliseconds', values: [1.5, 2], counts: [3, 4], timestamp: at, storageResolution: 1 },
      {
        namespace,
        metricName: 'requests',
        dimensions: [],
        unit: 'None',
        statisticValues: { sampleCount: 2, sum: 3, minimum: 1, maximum: 2 },
        timestamp: expect.any(Date) as Date,
        storageResolution: 60,
      },
    ]);
    const received = recorded[1]?.timestamp.getTime() ?? 0;
    expect(received).toBeGreaterThanOrEqual(before);
    expect(received).toBeLessThanOrEqual(after);
    expect(aws.cloudwatch.recorded({ namespace, metricName: 'errors' })).toEqual([
      expect.objectContaining({ metricName: 'errors', value: 0 }),
    ]);
    expect(aws.cloudwatch.faults.log.map((e) => [e.operation, e.entries, e.status])).toEqual([['PutMetricData', 3, 200]]);
  });

  it('verifies the SDK speaks JSON 1.0 and gzips bodies from 10,240 bytes; the endpoint reads both', async () => {
    // The SDK serializes members in model order (MetricName before Value), as JSON.stringify does here.
    const sized = (bytes: number): PutMetricDataCommandInput => {
      const data: MetricDatum[] = [];
      const request = { Namespace: 'Sized', MetricData: data };
      while (JSON.stringify(request).length < bytes) data.push({ MetricName: `${data.length}`.padEnd(200, 'x'), Value: 1 });
      const last = data[data.length - 1] as MetricDatum;
      last.MetricName = (last.MetricName ?? '').slice(0, 200 - (JSON.stringify(request).length - bytes));
      expect(JSON.stringify(request).length).toBe(bytes);
      return request;
    };
    const seen: unknown[] = [];
    aws.cloudwatch.faults.add({
      hang: true,
      when: ({ headers }) => {
        seen.push([headers['content-type'], headers['x-amz-target']]);
        return false;
      },
    });
    await put(sized(10_239));
    await put(sized(10_240));
    expect(seen).toEqual([
      ['application/x-amz-json-1.0', 'GraniteServiceVersion20100801.PutMetricData'],
      ['application/x-amz-json-1.0', 'GraniteServiceVersion20100801.PutMetricData'],
    ]);
    expect(aws.cloudwatch.faults.log.map((e) => e.contentEncoding ?? 'identity')).toEqual(['identity', 'gzip']);
    expect(aws.cloudwatch.recorded({ namespace: 'Sized' })).toHaveLength(90);
  });
});

type Case = [label: string, input: PutMetricDataCommandInput, name: string, code: string, message: string];

const limitCases: Case[] = [
  ['1001 metrics', { Namespace: 'App', MetricData: Array.from({ length: 1001 }, () => ({ MetricName: 'm', Value: 1 })) },
    'InvalidParameterValueException', 'InvalidParameterValue', 'The collection MetricData must not have a size greater than 1000.'],
  ['no MetricData', { Namespace: 'App', MetricData: [] }, 'MissingRequiredParameterException', 'MissingParameter', 'The parameter MetricData is required.'],
  ['31 dimensions', one({ Dimensions: dims(31) }), 'InvalidParameterValueException', 'InvalidParameterValue',
    'The collection MetricData.member.1.Dimensions must not have a size greater than 30.'],
  ['151 values', one({ Value: undefined, Values: Array.from({ length: 151 }, (_, i) => i) }), 'InvalidParameterValueException', 'InvalidParameterValue',
    'The collection MetricData.member.1.Values must not have a size greater than 150.'],
  ['151 counts', one({ Value: undefined, Values: [1], Counts: Array.from({ length: 151 }, () => 1) }), 'InvalidParameterValueException', 'InvalidParameterValue',
    'The collection MetricData.member.1.Counts must not have a size greater than 150.'],
  ['Counts unlike Values', one({ Value: undefined, Values: [1, 2], Counts: [1] }), 'InvalidParameterValueException', 'InvalidParameterValue',
    'The parameters MetricData.member.1.Values and MetricData.member.1.Counts must have the same number of members.'],
  ['Counts without Values', one({ Counts: [1] }), 'InvalidParameterCombinationException', 'InvalidParameterCombination',
    'The parameter MetricData.member.1.Counts requires MetricData.member.1.Values.'],
  ['a NaN value', one({ Value: NaN }), 'InvalidParameterValueException', 'InvalidParameterValue', 'The value NaN for parameter MetricData.member.1.Value is invalid.'],
  ['an infinite value', one({ Value: Infinity }), 'InvalidParameterValueException', 'InvalidParameterValue',
    'The value Infinity for parameter MetricData.member.1.Value is invalid.'],
  ['a -Infinity in Values', one({ Value: undefined, Values: [1, -Infinity] }), 'InvalidParameterValueException', 'InvalidParameterValue',
    'The value -Infinity for parameter MetricData.member.1.Values.member.2 is invalid.'],
  ['a NaN statistic', one({ Value: undefined, StatisticValues: { SampleCount: 1, Sum: NaN, Minimum: 0, Maximum: 1 } }),
    'InvalidParameterValueException', 'InvalidParameterValue', 'The value NaN for parameter MetricData.member.1.StatisticValues.Sum is invalid.'],
  ['a value beyond 2^360', one({ Value: 2 ** 361 }), 'InvalidParameterValueException', 'InvalidParameterValue',
    `The value ${2 ** 361} for parameter MetricData.member.1.Value is invalid.`],
  ['a timestamp 15 days old', one({ Timestamp: new Date(Date.now() - 15 * DAY) }), 'InvalidParameterValueException', 'InvalidParameterValue',
    'The parameter MetricData.member.1.Timestamp must specify a time no more than two weeks in the past.'],
  ['a timestamp 3 hours ahead', one({ Timestamp: new Date(Date.now() + 3 * HOUR) }), 'InvalidParameterValueException', 'InvalidParameterValue',
    'The parameter MetricData.member.1.Timestamp must specify a time no more than two hours in the future.'],
  ['an AWS/ namespace', { Namespace: 'AWS/EC2', MetricData: [{ MetricName: 'm', Value: 1 }] }, 'InvalidParameterValueException', 'InvalidParameterValue',
    'The value AWS/EC2 for parameter Namespace is invalid: namespaces starting with AWS/ are reserved.'],
  ['a namespace starting with a colon', { Namespace: ':app', MetricData: [{ MetricName: 'm', Value: 1 }] }, 'InvalidParameterValueException',
    'InvalidParameterValue', 'The value :app for parameter Namespace contains characters that are not allowed.'],
  ['a non-ASCII namespace', { Namespace: 'Café', MetricData: [{ MetricName: 'm', Value: 1 }] }, 'InvalidParameterValueException',
    'InvalidParameterValue', 'The value Café for parameter Namespace contains characters that are not allowed.'],
  ['a control character in a namespace', { Namespace: 'a\tb', MetricData: [{ MetricName: 'm', Value: 1 }] }, 'InvalidParameterValueException',
    'InvalidParameterValue', 'The value a\tb for parameter Namespace contains characters that are not allowed.'],
  ['a 256-character namespace', { Namespace: 'n'.repeat(256), MetricData: [{ MetricName: 'm', Value: 1 }] }, 'InvalidParameterValueException',
    'InvalidParameterValue', 'The parameter Namespace must be between 1 and 255 characters long.'],
  ['no namespace', { MetricData: [{ MetricName: 'm', Value: 1 }] } as unknown as PutMetricDataCommandInput, 'MissingRequiredParameterException',
    'MissingParameter', 'The parameter Namespace is required.'],
  ['Value with StatisticValues', one({ StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }), 'InvalidParameterCombinationException',
    'InvalidParameterCombination',
    'The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.'],
  ['Value with Values', one({ Values: [1] }), 'InvalidParameterCombinationException', 'InvalidParameterCombination',
    'The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.'],
  ['Values with StatisticValues', one({ Value: undefined, Values: [1], StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }),
    'InvalidParameterCombinationException', 'InvalidParameterCombination',
    'The parameters MetricData.member.1.Values and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.'],
  ['an incomplete StatisticValues', one({ Value: undefined, StatisticValues: { SampleCount: 1, Minimum: 1, Maximum: 1 } as never }),
    'MissingRequiredParameterException', 'MissingParameter', 'The parameter MetricData.member.1.StatisticValues.Sum is required.'],
  ['no value at all', one({ Value: undefined }), 'MissingRequiredParameterException', 'MissingParameter', 'The parameter MetricData.member.1.Value is required.'],
  ['an unknown unit', one({ Unit: 'Parsecs' as never }), 'InvalidParameterValueException', 'InvalidParameterValue',
    'The value Parsecs for parameter MetricData.member.1.Unit is invalid.'],
  ['StorageResolution 30', one({ StorageResolution: 30 }), 'InvalidParameterValueException', 'InvalidParameterValue',
    'The value 30 for parameter MetricData.member.1.StorageResolution is invalid: use 1 or 60.'],
  ['no MetricName', one({ MetricName: undefined }), 'MissingRequiredParameterException', 'MissingParameter',
    'The parameter MetricData.member.1.MetricName is required.'],
  ['a 256-character MetricName', one({ MetricName: 'm'.repeat(256) }), 'InvalidParameterValueException', 'InvalidParameterValue',
    'The parameter MetricData.member.1.MetricName must be between 1 and 255 characters long.'],
  ['a 1025-character dimension value', one({ Dimensions: [{ Name: 'd', Value: 'v'.repeat(1025) }] }), 'InvalidParameterValueException',
    'InvalidParameterValue', 'The parameter MetricData.member.1.Dimensions.member.1.Value must be between 1 and 1024 characters long.'],
  ['an empty dimension name', one({ Dimensions: [{ Name: '', Value: 'v' }] }), 'InvalidParameterValueException', 'InvalidParameterValue',
    'The parameter MetricData.member.1.Dimensions.member.1.Name must be between 1 and 255 characters long.'],
  ['a dimension name starting with a colon', one({ Dimensions: [{ Name: ':d', Value: 'v' }] }), 'InvalidParameterValueException',
    'InvalidParameterValue', 'The value :d for parameter MetricData.member.1.Dimensions.member.1.Name contains characters that are not allowed.'],
  ['a whitespace-only dimension value', one({ Dimensions: [{ Name: 'd', Value: '   ' }] }), 'InvalidParameterValueException',
    'InvalidParameterValue', 'The value     for parameter MetricData.member.1.Dimensions.member.1.Value contains characters that are not allowed.'],
  ['a dimension without a value', one({ Dimensions: [{ Name: 'd' } as never] }), 'MissingRequiredParameterException', 'MissingParameter',
    'The parameter MetricData.member.1.Dimensions.member.1.Value is required.'],
  ['EntityMetricData', { Namespace: 'App', EntityMetricData: [{ MetricData: [{ MetricName: 'm', Value: 1 }] }] }, 'InvalidParameterValueException',
    'InvalidParameterValue', 'EntityMetricData is not emulated by @batch/local-aws.'],
];

describe('limits, each answered with the modeled error and nothing recorded', () => {
  it.each(limitCases)('rejects %s', async (_label, input, name, code, message) => {
    const failure = await caught(put(input));
    expect(failure).toEqual({ name, code, message, status: 400, errno: undefined, fault: 'client' });
    expect(aws.cloudwatch.recorded()).toEqual([]);
  });

  it('accepts the values at each limit', async () => {
    await put({ Namespace: 'n'.repeat(255), MetricData: Array.from({ length: 1000 }, () => ({ MetricName: 'm'.repeat(255), Value: 2 ** 360 })) });
    await put(one({ Dimensions: dims(30) }));
    await put(one({ Value: undefined, Values: Array.from({ length: 150 }, (_, i) => i), Counts: Array.from({ length: 150 }, () => 2) }));
    await put(one({ Timestamp: new Date(Date.now() - 13 * DAY) }));
    await put(one({ Timestamp: new Date(Date.now() + HOUR) }));
    await put(one({ StorageResolution: 1, Dimensions: [{ Name: 'd'.repeat(255), Value: 'v'.repeat(1024) }] }));
    expect(aws.cloudwatch.recorded()).toHaveLength(1005);
  });

  it('rejects the whole request when one datum of many is bad (all-or-nothing)', async () => {
    const failure = await caught(
      put({ Namespace: 'App', MetricData: [{ MetricName: 'ok', Value: 1 }, { MetricName: 'bad', Value: NaN }] }),
    );
    expect(failure.message).toBe('The value NaN for parameter MetricData.member.2.Value is invalid.');
    expect(aws.cloudwatch.recorded()).toEqual([]);
  });

  it('rejects a request over 1 MB (decoded) with 413, though it travelled gzipped', async () => {
    const wide = Array.from({ length: 30 }, (_, i) => ({ Name: `dimension-${i}`, Value: 'v'.repeat(1000) }));
    const data = (count: number): MetricDatum[] => Array.from({ length: count }, (_, i) => ({ MetricName: `m${i}`, Value: i, Dimensions: wide }));
    await put({ Namespace: 'Big', MetricData: data(30) });
    const failure = await caught(put({ Namespace: 'Big', MetricData: data(40) }));
    expect(failure).toMatchObject({ name: 'RequestEntityTooLarge', status: 413 });
    expect(failure.message).toMatch(/^Request size \d+ bytes exceeded 1048576 bytes\.$/);
    expect(aws.cloudwatch.faults.log.map((e) => [e.contentEncoding, e.status])).toEqual([
      ['gzip', 200],
      ['gzip', 413],
    ]);
    expect(aws.cloudwatch.recorded({ namespace: 'Big' })).toHaveLength(30);
  });

  it('answers operations other than PutMetricData with UnknownOperationException', async () => {
    const failure = await caught(aws.cloudwatch.client({ maxAttempts: 1 }).send(new ListMetricsCommand({})));
    expect(failure).toMatchObject({
      name: 'UnknownOperationException',
      status: 400,
      message: '@batch/local-aws emulates only AWS JSON 1.0 PutMetricData, got ListMetrics.',
    });
  });
});

describe('faults', () => {
  it.each([
    ['throttling', { status: 400, name: 'Throttling' }, 'Throttling'],
    ['a 500', { status: 500, name: 'InternalServiceFault' }, 'InternalServiceError'],
    ['a 503', { status: 503, name: 'ServiceUnavailable' }, 'ServiceUnavailable'],
    ['a chosen error name', { status: 400, name: 'InvalidParameterValueException' }, 'InvalidParameterValue'],
  ])('answers %s that the SDK parses as the named exception', async (_label, error, code) => {
    aws.cloudwatch.faults.add({ times: 1, error });
    const failure = await caught(put(one({})));
    expect(failure).toMatchObject({ name: error.name, status: error.status, code });
    expect(aws.cloudwatch.recorded()).toEqual([]);
  });

  it('throttle() uses Throttling', () => {
    const rule = aws.cloudwatch.faults.throttle({ times: 1 });
    expect(aws.cloudwatch.faults.throttlingError).toEqual({ status: 400, name: 'Throttling', message: 'Rate exceeded' });
    rule.remove();
  });

  it('refuses failEntries: PutMetricData is all-or-nothing', () => {
    expect(() => aws.cloudwatch.faults.add({ failEntries: { indices: [0] } })).toThrow(
      new InvalidOptionError('Expected no `failEntries` for cloudwatch: it has no partial-failure batch operation'),
    );
  });

  it('records data sent before a reset-after, though the client saw an error', async () => {
    aws.cloudwatch.faults.add({ times: 1, reset: 'after' });
    expect(await caught(put(one({ MetricName: 'lost-ack' })))).toMatchObject({ errno: 'ECONNRESET' });
    expect(aws.cloudwatch.recorded().map((d) => d.metricName)).toEqual(['lost-ack']);
  });

  it('resets before forwarding and hangs, recording nothing', async () => {
    aws.cloudwatch.faults.add({ times: 1, reset: 'before' });
    expect(await caught(put(one({})))).toMatchObject({ name: 'TimeoutError', errno: 'ECONNRESET' });
    aws.cloudwatch.faults.add({ times: 1, hang: true });
    const failure = await caught(
      aws.cloudwatch.client({ maxAttempts: 1, requestHandler: { requestTimeout: 100 } }).send(new PutMetricDataCommand(one({}))),
    );
    expect(failure).toMatchObject({ name: 'TimeoutError', errno: 'ETIMEDOUT' });
    expect(aws.cloudwatch.faults.log.map((e) => [e.status, e.fault])).toEqual([
      [0, 'reset-before'],
      [0, 'hang'],
    ]);
    expect(aws.cloudwatch.recorded()).toEqual([]);
  });

  it('passes gzipped bodies through a latency rule unchanged', async () => {
    aws.cloudwatch.faults.add({ latencyMs: 10 });
    await put({ Namespace: 'Zip', MetricData: Array.from({ length: 300 }, (_, i) => ({ MetricName: `metric-${i}`, Value: i })) });
    expect(aws.cloudwatch.faults.log).toEqual([
      expect.objectContaining({ contentEncoding: 'gzip', entries: 300, fault: 'latency', latencyMs: 10, status: 200 }),
    ]);
    expect(aws.cloudwatch.recorded({ namespace: 'Zip' })).toHaveLength(300);
  });
});
