import { StandardUnit } from '@aws-sdk/client-cloudwatch';
import { Batcher, InvalidJobError, JobTooLargeError } from '@batch/core';
import {
  cloudWatchSink,
  dimension,
  InvalidDimensionError,
  InvalidMetricError,
  InvalidMetricNameError,
  InvalidMetricValueError,
  InvalidStorageResolutionError,
  InvalidTimestampError,
  InvalidUnitError,
  METRIC_UNITS,
} from '@batch/sink-cloudwatch';
import type { CloudWatchJob } from '@batch/sink-cloudwatch';
import { DAY, HOUR, NOW, fakeClient, names } from './helpers.js';

const SECRET = 'SECRET-VALUE';
const job = (override: Record<string, unknown>): CloudWatchJob => ({ metricName: 'm', value: 1, ...override });
const dims = (count: number) => Array.from({ length: count }, (_, i) => dimension(`d${i}`, `v${i}`));
const distinct = (count: number) => Array.from({ length: count }, (_, i) => i);

describe('validation at add(): every bad input rejects at once with its typed error and is never sent', () => {
  it.each([
    ['a missing metric name', { metricName: undefined }, InvalidMetricNameError, 'CLOUDWATCH_INVALID_METRIC_NAME', 'Invalid `metricName`: expected a string, got undefined'],
    ['an empty metric name', { metricName: '' }, InvalidMetricNameError, 'CLOUDWATCH_INVALID_METRIC_NAME', 'Invalid `metricName`: 0 characters; CloudWatch allows 1 to 255'],
    ['a 256-character metric name', { metricName: 'm'.repeat(256) }, InvalidMetricNameError, 'CLOUDWATCH_INVALID_METRIC_NAME', 'Invalid `metricName`: 256 characters; CloudWatch allows 1 to 255'],
    ['a non-ASCII metric name', { metricName: `${SECRET}é` }, InvalidMetricNameError, 'CLOUDWATCH_INVALID_METRIC_NAME', 'Invalid `metricName`: CloudWatch allows only printable ASCII characters, not all spaces'],
    ['a metric name of spaces', { metricName: '   ' }, InvalidMetricNameError, 'CLOUDWATCH_INVALID_METRIC_NAME', 'Invalid `metricName`: CloudWatch allows only printable ASCII characters, not all spaces'],
    ['a metric name with a control character', { metricName: `${SECRET}\n` }, InvalidMetricNameError, 'CLOUDWATCH_INVALID_METRIC_NAME', 'Invalid `metricName`: CloudWatch allows only printable ASCII characters, not all spaces'],
    ['no value at all', { value: undefined }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `value`: one of `value`, `values` or `statisticValues` is required'],
    ['both value and values', { values: [1] }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `value`: `value`, `values` and `statisticValues` are mutually exclusive'],
    ['both value and a statistic set', { statisticValues: { sampleCount: 1, sum: 1, minimum: 1, maximum: 1 } }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `value`: `value`, `values` and `statisticValues` are mutually exclusive'],
    ['counts without values', { counts: [1] }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `counts`: `counts` requires `values`'],
    ['a NaN value', { value: NaN }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `value`: NaN and ±Infinity are not accepted by CloudWatch'],
    ['an infinite value', { value: Infinity }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `value`: NaN and ±Infinity are not accepted by CloudWatch'],
    ['a value of -Infinity', { value: -Infinity }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `value`: NaN and ±Infinity are not accepted by CloudWatch'],
    ['a value above 2^360', { value: 2 ** 361 }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', "Invalid `value`: out of CloudWatch's range: 0 or a magnitude from 2^-359 to 2^360"],
    ['a value below -2^360', { value: -(2 ** 361) }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', "Invalid `value`: out of CloudWatch's range: 0 or a magnitude from 2^-359 to 2^360"],
    ['a non-zero value below 2^-359', { value: 2 ** -360 }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', "Invalid `value`: out of CloudWatch's range: 0 or a magnitude from 2^-359 to 2^360"],
    ['a string value', { value: SECRET }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `value`: expected a number, got string'],
    ['empty values', { value: undefined, values: [] }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `values`: expected a non-empty array of numbers'],
    ['values that are not an array', { value: undefined, values: 3 }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `values`: expected a non-empty array of numbers'],
    ['a NaN among values', { value: undefined, values: [1, 2, 3, NaN] }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `values[3]`: NaN and ±Infinity are not accepted by CloudWatch'],
    ['counts of another length', { value: undefined, values: [1, 2], counts: [1] }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `counts`: expected an array of 2 counts, one per value'],
    ['a negative count', { value: undefined, values: [1, 2], counts: [1, -1] }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `counts[1]`: a count cannot be negative'],
    ['an infinite count', { value: undefined, values: [1], counts: [Infinity] }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `counts[0]`: NaN and ±Infinity are not accepted by CloudWatch'],
    ['counts of a repeated value adding up past 2^360', { value: undefined, values: [1, 1], counts: [2 ** 360, 2 ** 360] }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', "Invalid `counts`: the counts of a repeated value add up beyond CloudWatch's range"],
    ['151 distinct values', { value: undefined, values: distinct(151) }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `values`: 151 distinct values; CloudWatch allows at most 150 per datum'],
    ['a statistic set without a sum', { value: undefined, statisticValues: { sampleCount: 1, minimum: 1, maximum: 1 } }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `statisticValues.sum`: expected a number, got undefined'],
    ['a statistic set with no samples', { value: undefined, statisticValues: { sampleCount: 0, sum: 0, minimum: 0, maximum: 0 } }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `statisticValues.sampleCount`: must be greater than 0'],
    ['a statistic set with minimum above maximum', { value: undefined, statisticValues: { sampleCount: 2, sum: 3, minimum: 2, maximum: 1 } }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `statisticValues.minimum`: must not be greater than `maximum`'],
    ['a statistic set with an infinite maximum', { value: undefined, statisticValues: { sampleCount: 2, sum: 3, minimum: 2, maximum: Infinity } }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `statisticValues.maximum`: NaN and ±Infinity are not accepted by CloudWatch'],
    ['a statistic set that is not an object', { value: undefined, statisticValues: 5 }, InvalidMetricValueError, 'CLOUDWATCH_INVALID_VALUE', 'Invalid `statisticValues`: expected an object'],
    ['an unknown unit', { unit: 'Percents' }, InvalidUnitError, 'CLOUDWATCH_INVALID_UNIT', "Invalid `unit`: not one of CloudWatch's standard units (`Count`, `Milliseconds`, `None`…)"],
    ['a storage resolution of 30', { storageResolution: 30 }, InvalidStorageResolutionError, 'CLOUDWATCH_INVALID_STORAGE_RESOLUTION', 'Invalid `storageResolution`: CloudWatch accepts 1 or 60'],
    ['an invalid Date', { timestamp: new Date(NaN) }, InvalidTimestampError, 'CLOUDWATCH_INVALID_TIMESTAMP', 'Invalid `timestamp`: expected a valid `Date` or epoch milliseconds'],
    ['a timestamp string', { timestamp: '2026-11-20T12:00:00Z' }, InvalidTimestampError, 'CLOUDWATCH_INVALID_TIMESTAMP', 'Invalid `timestamp`: expected a valid `Date` or epoch milliseconds'],
    ['a timestamp over two weeks old', { timestamp: NOW - 14 * DAY - 1 }, InvalidTimestampError, 'CLOUDWATCH_INVALID_TIMESTAMP', 'Invalid `timestamp`: more than two weeks in the past; CloudWatch refuses it'],
    ['a timestamp over two hours ahead', { timestamp: new Date(NOW + 2 * HOUR + 1) }, InvalidTimestampError, 'CLOUDWATCH_INVALID_TIMESTAMP', 'Invalid `timestamp`: more than two hours in the future; CloudWatch refuses it'],
    ['31 dimensions', { dimensions: dims(31) }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions`: 31 dimensions; CloudWatch allows at most 30 per metric'],
    ['31 dimensions in a record', { dimensions: Object.fromEntries(distinct(31).map((i) => [`d${i}`, 'v'])) }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions`: 31 dimensions; CloudWatch allows at most 30 per metric'],
    ['an empty dimension name', { dimensions: { '': 'v' } }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions[0].name`: 0 characters; CloudWatch allows 1 to 255'],
    ['a dimension name starting with a colon', { dimensions: [dimension('a', 'b'), dimension(':x', 'b')] }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions[1].name`: a dimension name cannot start with `:`'],
    ['a 256-character dimension name', { dimensions: [dimension('n'.repeat(256), 'v')] }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions[0].name`: 256 characters; CloudWatch allows 1 to 255'],
    ['a 1025-character dimension value', { dimensions: { host: 'v'.repeat(1025) } }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions[0].value`: 1025 characters; CloudWatch allows 1 to 1024'],
    ['an empty dimension value', { dimensions: { host: '' } }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions[0].value`: 0 characters; CloudWatch allows 1 to 1024'],
    ['a non-ASCII dimension value', { dimensions: { host: `${SECRET}ü` } }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions[0].value`: CloudWatch allows only printable ASCII characters, not all spaces'],
    ['a dimension value that is not a string', { dimensions: { host: 42 } }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions[0].value`: expected a string, got number'],
    ['a repeated dimension name', { dimensions: [dimension('host', 'a'), dimension('host', 'b')] }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions[1].name`: repeats an earlier dimension name'],
    ['a dimension list item that is not an object', { dimensions: ['host=a'] }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions[0]`: expected `{ name, value }`; use `dimension(name, value)`'],
    ['dimensions that are neither a record nor a list', { dimensions: 'host=a' }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions`: expected a record or a list of dimensions'],
    ['dimensions in a Map', { dimensions: new Map([['host', 'a']]) }, InvalidDimensionError, 'CLOUDWATCH_INVALID_DIMENSION', 'Invalid `dimensions`: expected a record or a list of dimensions'],
  ])('rejects %s', async (_name, override, type, code, message) => {
    const { client, calls } = fakeClient();
    const metrics = new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop', clock: () => NOW }), maxBatchDelay: 0 });
    const good = metrics.add({ metricName: 'good', value: 1 });
    const bad = metrics.add(job(override)).catch((e: unknown) => e);
    const error = (await bad) as InvalidMetricError;
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(InvalidMetricError);
    expect(error).toMatchObject({ code, message });
    expect(error.message).not.toContain(SECRET);
    await good;
    expect(names(calls)).toEqual([['good']]);
    expect(metrics.stats()).toMatchObject({ added: 1, refused: 1 });
  });

  it.each([
    ['a 255-character metric name and 30 dimensions of the longest names and values', { metricName: 'm'.repeat(255), dimensions: distinct(30).map((i) => dimension(`${i}`.padEnd(255, 'n'), 'v'.repeat(1024))) }],
    ['150 distinct values listed 300 times', { value: undefined, values: [...distinct(150), ...distinct(150)] }],
    ['0, -0, ±2^360 and ±2^-359', { value: undefined, values: [0, -0, 2 ** 360, -(2 ** 360), 2 ** -359, -(2 ** -359)] }],
    ['a timestamp exactly two weeks old', { timestamp: NOW - 14 * DAY }],
    ['a timestamp exactly two hours ahead', { timestamp: new Date(NOW + 2 * HOUR) }],
    ['a statistic set with one sample', { value: undefined, statisticValues: { sampleCount: 1, sum: -5, minimum: -5, maximum: -5 } }],
    ['a zero count', { value: undefined, values: [1, 2], counts: [0, 3] }],
    ['a dimension value with spaces and symbols', { dimensions: { path: ' /a b?c=d&e ' } }],
    ['a unit with a slash', { unit: 'Count/Second' }],
    ['dimensions in a record without a prototype', { dimensions: Object.assign(Object.create(null) as object, { host: 'a' }) }],
  ])('accepts %s', async (_name, override) => {
    const { client, calls } = fakeClient();
    const metrics = new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop', clock: () => NOW }), maxBatchDelay: 0 });
    await expect(metrics.add(job(override))).resolves.toEqual({ requestId: 'request-1' });
    expect(calls).toHaveLength(1);
  });

  it("knows exactly the SDK model's standard units, and accepts each", async () => {
    expect([...METRIC_UNITS].sort()).toEqual(Object.values(StandardUnit).sort());
    const { client, calls } = fakeClient();
    const metrics = new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop', clock: () => NOW, aggregate: false }), maxBatchDelay: 0 });
    await Promise.all(METRIC_UNITS.map((unit) => metrics.add({ metricName: 'm', value: 1, unit })));
    expect(calls[0]?.MetricData?.map((d) => d.Unit)).toEqual([...METRIC_UNITS]);
  });

  it('rejects a job that is not an object with InvalidJobError', async () => {
    const { client } = fakeClient();
    const metrics = new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop' }), maxBatchDelay: 0 });
    await expect(metrics.add(null as unknown as CloudWatchJob)).rejects.toBeInstanceOf(InvalidJobError);
    await expect(metrics.add('m' as unknown as CloudWatchJob)).rejects.toThrow('A CloudWatch job must be an object with `metricName` and a value');
  });

  it('rejects a datum that cannot fit a request of maxRequestBytes with JobTooLargeError', async () => {
    const { client } = fakeClient();
    const metrics = new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop', clock: () => NOW, maxRequestBytes: 1024 }), maxBatchDelay: 0 });
    // The whole request body: {"Namespace":"Shop","MetricData":[{…1000-character dimension…}]}
    const error = (await metrics.add({ metricName: 'm', value: 1, dimensions: { host: 'h'.repeat(1000) } }).catch((e: unknown) => e)) as JobTooLargeError;
    expect(error).toBeInstanceOf(JobTooLargeError);
    expect(error).toMatchObject({ code: 'JOB_TOO_LARGE', limit: 'maxRequestBytes', max: 1024, size: 1129 });
    expect(error.message).toBe('Job of 1129 bytes exceeds `maxRequestBytes` of 1024 bytes (a request carrying only this datum)');
  });

  it('enforces a lower maxDimensions', async () => {
    const { client } = fakeClient();
    const metrics = new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop', maxDimensions: 10 }), maxBatchDelay: 0 });
    await expect(metrics.add({ metricName: 'm', value: 1, dimensions: dims(10) })).resolves.toBeDefined();
    await expect(metrics.add({ metricName: 'm', value: 1, dimensions: dims(11) })).rejects.toThrow('Invalid `dimensions`: 11 dimensions; CloudWatch allows at most 10 per metric');
  });
});

describe('options are validated when the sink is created', () => {
  it.each([
    [{ client: {} }, 'Expected `client` to be an AWS SDK v3 CloudWatch client (an object with `send`), got `object`'],
    [{ client: undefined }, 'Expected `client` to be an AWS SDK v3 CloudWatch client (an object with `send`), got `undefined`'],
    [{ namespace: undefined }, 'Expected `namespace` to be a namespace of 1 to 255 printable ASCII characters, not all spaces, not starting with `:` or `AWS/`, got `undefined`'],
    [{ namespace: '' }, 'Expected `namespace` to be a namespace of 1 to 255 printable ASCII characters, not all spaces, not starting with `:` or `AWS/`, got `""`'],
    [{ namespace: 'AWS/EC2' }, 'Expected `namespace` to be a namespace of 1 to 255 printable ASCII characters, not all spaces, not starting with `:` or `AWS/`, got `"AWS/EC2"`'],
    [{ namespace: ':Shop' }, 'Expected `namespace` to be a namespace of 1 to 255 printable ASCII characters, not all spaces, not starting with `:` or `AWS/`, got `":Shop"`'],
    [{ namespace: 'n'.repeat(256) }, `Expected \`namespace\` to be a namespace of 1 to 255 printable ASCII characters, not all spaces, not starting with \`:\` or \`AWS/\`, got \`"${'n'.repeat(256)}"\``],
    [{ namespace: 'Café' }, 'Expected `namespace` to be a namespace of 1 to 255 printable ASCII characters, not all spaces, not starting with `:` or `AWS/`, got `"Café"`'],
    [{ namespace: '  ' }, 'Expected `namespace` to be a namespace of 1 to 255 printable ASCII characters, not all spaces, not starting with `:` or `AWS/`, got `"  "`'],
    [{ aggregate: 'yes' }, 'Expected `aggregate` to be a boolean, got `"yes"`'],
    [{ maxDatumsPerRequest: 1001 }, 'Expected `maxDatumsPerRequest` to be an integer between 1 and 1000, got `1001`'],
    [{ maxDatumsPerRequest: 0 }, 'Expected `maxDatumsPerRequest` to be an integer between 1 and 1000, got `0`'],
    [{ maxRequestBytes: 1_048_577 }, 'Expected `maxRequestBytes` to be an integer between 1024 and 1048576, got `1048577`'],
    [{ maxRequestBytes: 1000.5 }, 'Expected `maxRequestBytes` to be an integer between 1024 and 1048576, got `1000.5`'],
    [{ maxDimensions: 31 }, 'Expected `maxDimensions` to be an integer between 0 and 30, got `31`'],
    [{ maxBisectionRequests: -1 }, 'Expected `maxBisectionRequests` to be an integer of at least 0, got `-1`'],
    [{ clock: 5 }, 'Expected `clock` to be a function returning epoch milliseconds, got `5`'],
  ])('refuses %j', (override, message) => {
    const { client } = fakeClient();
    expect(() => cloudWatchSink({ client, namespace: 'Shop', ...override } as never)).toThrow(message);
  });

  it('accepts namespaces with the characters AWS documents', () => {
    const { client } = fakeClient();
    expect(() => cloudWatchSink({ client, namespace: 'My App/prod.v2#1:x_y-z' })).not.toThrow();
    expect(() => cloudWatchSink({ client, namespace: 'AWSome/x' })).not.toThrow();
  });
});
