import { Batcher, QueueFullError } from '@batch/core';
import { dynamoDbSink } from '@batch/sink-dynamodb';
import { fakeClient } from './fakeClient.js';
import type { SentWrite } from './fakeClient.js';

const label = (write: SentWrite): string => `${write.kind === 'put' ? String(write.item.v) : 'del'}:${String(write.item.pk)}`;

it('a write refused with QueueFullError while the table is being described does not slow its key down later', async () => {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const fake = fakeClient({ describeGate: gate });
  const batcher = new Batcher({ ...dynamoDbSink({ client: fake.client, tableName: 'orders' }), maxBatchDelay: 0, maxBatchSize: 2, maxQueueSize: 2 });
  const first = [batcher.add({ put: { pk: 'a', v: 1 } }), batcher.add({ put: { pk: 'b', v: 2 } })];
  await expect(batcher.add({ put: { pk: 'z', v: 3 } })).rejects.toBeInstanceOf(QueueFullError);
  await expect(batcher.add({ put: { pk: 'y', v: 4 } })).rejects.toBeInstanceOf(QueueFullError);
  release();
  await Promise.all(first);
  fake.calls.length = 0;
  await Promise.all([batcher.add({ put: { pk: 'z', v: 5 } }), batcher.add({ put: { pk: 'y', v: 6 } })]);
  // Two different keys, schema known, nothing pending: one request.
  expect(fake.calls.map((call) => call.map(label))).toEqual([['5:z', '6:y']]);
  await batcher.shutdown();
});
