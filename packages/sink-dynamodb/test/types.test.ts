import { expectTypeOf } from 'expect-type';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Batcher } from '@batch/core';
import { dynamoDbSink, dynamoDbSinkForTable } from '@batch/sink-dynamodb';
import type { DynamoDbJob, DynamoDbResult, DynamoDbSink } from '@batch/sink-dynamodb';

describe('public types', () => {
  it('types a batcher over the sink as Batcher<DynamoDbJob, DynamoDbResult>, and accepts a real SDK client', async () => {
    const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const batcher = new Batcher({ ...dynamoDbSink({ client, tableName: 'orders', keyAttributes: ['pk'] }), maxBatchDelay: 50 });
    expectTypeOf(batcher).toEqualTypeOf<Batcher<DynamoDbJob, DynamoDbResult>>();
    expectTypeOf(batcher.add).parameter(0).toEqualTypeOf<DynamoDbJob>();
    expectTypeOf(batcher.add).returns.toEqualTypeOf<Promise<DynamoDbResult>>();
    expectTypeOf(dynamoDbSinkForTable).returns.toEqualTypeOf<Promise<DynamoDbSink>>();
    // @ts-expect-error a job is a put or a delete
    const wrong: DynamoDbJob = { upsert: { pk: 'a' } };
    // @ts-expect-error not both
    const both: DynamoDbJob = { put: { pk: 'a' }, delete: { pk: 'a' } };
    expect([wrong, both]).toHaveLength(2);
    await batcher.shutdown();
    client.destroy();
  });
});
