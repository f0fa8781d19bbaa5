import { InvalidOptionError } from '@batch/core';
import { DYNAMODB_LIMITS, dynamoDbSink } from '@batch/sink-dynamodb';
import { fakeClient } from './fakeClient.js';

describe('dynamoDbSink options', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['options', { options: null }, 'Expected `options` to be an object, got `null`'],
    ['client', { client: {} }, 'Expected `client` to be an AWS SDK v3 DynamoDB client (an object with `send`), got `object`'],
    ['tableName', { tableName: undefined }, 'Expected `tableName` to be a table name of 3 to 255 characters [a-zA-Z0-9_.-], or a table ARN, got `undefined`'],
    ['tableName', { tableName: 'ab' }, 'Expected `tableName` to be a table name of 3 to 255 characters [a-zA-Z0-9_.-], or a table ARN, got `"ab"`'],
    ['tableName', { tableName: 'orders table' }, 'got `"orders table"`'],
    ['keyAttributes', { keyAttributes: [] }, "Expected `keyAttributes` to be one or two key attributes (names, or `{ name, type }` with type 'S', 'N' or 'B'), partition key first, got `array`"],
    ['keyAttributes', { keyAttributes: ['a', 'b', 'c'] }, 'Expected `keyAttributes` to be one or two key attributes'],
    ['keyAttributes', { keyAttributes: 'pk' }, 'Expected `keyAttributes` to be one or two key attributes'],
    ['keyAttributes', { keyAttributes: ['pk', 'pk'] }, 'Expected `keyAttributes` to be two different attribute names, got `array`'],
    ['keyAttributes[0]', { keyAttributes: [''] }, "Expected `keyAttributes[0]` to be a name of 1 to 255 bytes, or `{ name, type }` with type 'S', 'N' or 'B', got `\"\"`"],
    ['keyAttributes[1]', { keyAttributes: ['pk', 'x'.repeat(256)] }, 'Expected `keyAttributes[1]` to be a name of 1 to 255 bytes'],
    ['keyAttributes[0]', { keyAttributes: [{ name: 'pk', type: 'BOOL' }] }, 'Expected `keyAttributes[0]` to be a name of 1 to 255 bytes, or `{ name, type }`'],
    ['keyAttributes[0]', { keyAttributes: [{ name: 'pk' }] }, 'Expected `keyAttributes[0]` to be a name of 1 to 255 bytes, or `{ name, type }`'],
    ['keyAttributes[0]', { keyAttributes: [7] }, 'got `7`'],
    ['marshalled', { marshalled: 'yes' }, 'Expected `marshalled` to be a boolean, got `"yes"`'],
    ['marshallOptions', { marshallOptions: 'x' }, 'Expected `marshallOptions` to be an object, got `"x"`'],
    ['marshallOptions', { marshalled: true, marshallOptions: {} }, 'Expected `marshallOptions` to be undefined when `marshalled` is true (items are not marshalled), got `object`'],
    [
      'marshallOptions.convertTopLevelContainer',
      { marshallOptions: { convertTopLevelContainer: true } },
      'Expected `marshallOptions.convertTopLevelContainer` to be undefined (known: convertEmptyValues, removeUndefinedValues, convertClassInstanceToMap, allowImpreciseNumbers), got `true`',
    ],
    ['marshallOptions.removeUndefinedValues', { marshallOptions: { removeUndefinedValues: 1 } }, 'Expected `marshallOptions.removeUndefinedValues` to be a boolean, got `1`'],
    ['coalesce', { coalesce: 1 }, 'Expected `coalesce` to be a boolean, got `1`'],
    ['maxItemSize', { maxItemSize: 409_601 }, 'Expected `maxItemSize` to be an integer between 1 and 409600, got `409601`'],
    ['maxItemSize', { maxItemSize: 0 }, 'got `0`'],
    ['maxItemSize', { maxItemSize: 1.5 }, 'got `1.5`'],
    ['maxRequestBytes', { maxRequestBytes: 16 * 1024 * 1024 + 1 }, 'Expected `maxRequestBytes` to be an integer between `maxItemSize` (409600) and 16777216, got `16777217`'],
    ['maxRequestBytes', { maxItemSize: 1000, maxRequestBytes: 999 }, 'Expected `maxRequestBytes` to be an integer between `maxItemSize` (1000) and 16777216, got `999`'],
  ])('validates %s: %j', (_option, override, message) => {
    const { client } = fakeClient();
    const options = 'options' in override ? override.options : { client, tableName: 'orders', keyAttributes: ['pk'], ...override };
    let error: unknown;
    try {
      dynamoDbSink(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toContain(message);
  });

  it('accepts table ARNs, typed keys and every documented marshall option', () => {
    const { client } = fakeClient();
    const sink = dynamoDbSink({
      client,
      tableName: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
      keyAttributes: [{ name: 'pk', type: 'B' }, 'sk'],
      marshallOptions: { convertEmptyValues: false, removeUndefinedValues: true, convertClassInstanceToMap: true, allowImpreciseNumbers: false },
      coalesce: true,
      maxItemSize: 1,
      maxRequestBytes: 1,
    });
    expect(sink).toMatchObject({ maxBatchSize: 25, oneJobPerKeyPerBatch: false, hardLimits: { maxBatchSize: 25 } });
  });

  it('defaults to every AWS limit', () => {
    const { client } = fakeClient();
    const sink = dynamoDbSink({ client, tableName: 'orders' });
    expect(DYNAMODB_LIMITS).toMatchObject({ maxWritesPerRequest: 25, maxRequestBytes: 16_777_216, maxItemSize: 409_600 });
    // 16 MB less `{"RequestItems":{"orders":[` and `]}}`, plus the comma the last write does not need.
    expect(sink).toMatchObject({ maxBatchSize: 25, maxBatchBytes: 16_777_216 - 30 + 1, oneJobPerKeyPerBatch: true });
  });
});
