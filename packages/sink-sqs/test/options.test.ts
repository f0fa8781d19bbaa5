import { InvalidOptionError } from '@batch/core';
import { sqsSink, sqsSinkForQueue } from '@batch/sink-sqs';
import { STANDARD_URL, fakeClient } from './fakeSqsClient.js';

describe('sqsSink options', () => {
  it.each<[Record<string, unknown>, string]>([
    [{ client: undefined }, 'Expected `client` to be an AWS SDK v3 SQS client (an object with `send`), got `undefined`'],
    [{ client: {} }, 'Expected `client` to be an AWS SDK v3 SQS client (an object with `send`), got `object`'],
    [{ queueUrl: undefined }, 'Expected `queueUrl` to be an SQS queue URL (http(s)://host/account/queue-name), got `undefined`'],
    [{ queueUrl: 'orders' }, 'Expected `queueUrl` to be an SQS queue URL (http(s)://host/account/queue-name), got `"orders"`'],
    [{ queueUrl: 'ftp://sqs.example.com/1/orders' }, 'Expected `queueUrl` to be an SQS queue URL (http(s)://host/account/queue-name), got `"ftp://sqs.example.com/1/orders"`'],
    [{ queueUrl: 'https://sqs.example.com/1/bad name' }, 'Expected `queueUrl` to be an SQS queue URL (http(s)://host/account/queue-name), got `"https://sqs.example.com/1/bad name"`'],
    [{ queueUrl: 'https://sqs.example.com/1/orders/' }, 'Expected `queueUrl` to be an SQS queue URL (http(s)://host/account/queue-name), got `"https://sqs.example.com/1/orders/"`'],
    [{ maxMessageSize: 1023 }, 'Expected `maxMessageSize` to be an integer between 1024 and 1048576, got `1023`'],
    [{ maxMessageSize: 1048577 }, 'Expected `maxMessageSize` to be an integer between 1024 and 1048576, got `1048577`'],
    [{ maxMessageSize: '2048' }, 'Expected `maxMessageSize` to be an integer between 1024 and 1048576, got `"2048"`'],
    [{ maxRequestBytes: 1048577 }, 'Expected `maxRequestBytes` to be an integer between `maxMessageSize` (1048576) and 1048576, got `1048577`'],
    [{ maxMessageSize: 4096, maxRequestBytes: 4095 }, 'Expected `maxRequestBytes` to be an integer between `maxMessageSize` (4096) and 1048576, got `4095`'],
    [{ contentBasedDeduplication: 'true' }, 'Expected `contentBasedDeduplication` to be a boolean, got `"true"`'],
    [{ strictOrdering: 1 }, 'Expected `strictOrdering` to be a boolean, got `1`'],
    [{ deduplicationWindow: -1 }, 'Expected `deduplicationWindow` to be a number of milliseconds between 0 and 300000, got `-1`'],
    [{ deduplicationWindow: 300_001 }, 'Expected `deduplicationWindow` to be a number of milliseconds between 0 and 300000, got `300001`'],
    [{ deduplicationWindow: NaN }, 'Expected `deduplicationWindow` to be a number of milliseconds between 0 and 300000, got `NaN`'],
  ])('validates %j', (override, message) => {
    const { client } = fakeClient();
    const options = { client, queueUrl: STANDARD_URL, ...override } as never;
    expect(() => sqsSink(options)).toThrow(InvalidOptionError);
    expect(() => sqsSink(options)).toThrow(message);
  });

  it('rejects a non-object', () => {
    expect(() => sqsSink(null as never)).toThrow('Expected `options` to be an object, got `null`');
  });

  it('accepts local endpoints, 80-character names and the bounds', () => {
    const { client } = fakeClient();
    expect(() => sqsSink({ client, queueUrl: `http://127.0.0.1:4566/000000000000/${'q'.repeat(80)}.fifo` })).not.toThrow();
    expect(() => sqsSink({ client, queueUrl: STANDARD_URL, maxMessageSize: 1024, maxRequestBytes: 1024, deduplicationWindow: 0 })).not.toThrow();
    expect(sqsSink({ client, queueUrl: STANDARD_URL, maxRequestBytes: 262_144, maxMessageSize: 262_144 }).hardLimits).toEqual({ maxBatchSize: 10, maxBatchBytes: 262_144 });
  });

  it('validates before reading the queue', async () => {
    const { client, attributeCalls } = fakeClient();
    await expect(sqsSinkForQueue({ client, queueUrl: 'nope' })).rejects.toThrow('Expected `queueUrl` to be an SQS queue URL');
    expect(attributeCalls).toEqual([]);
  });
});
