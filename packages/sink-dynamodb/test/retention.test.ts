import { setImmediate as nextMacrotask } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Batcher } from '@batch/core';
import { dynamoDbSink } from '@batch/sink-dynamodb';
import { LazyKeySchema } from '../src/LazyKeySchema.js';
import { DynamoRecord } from '../src/DynamoRecord.js';
import { schemaFromNames } from '../src/keySchema.js';
import { awsError, fakeClient } from './fakeClient.js';

/*
 * What the lazy key schema keeps alive. Jobs added before DescribeTable answered are tracked until
 * the sink sees them settle; one the batcher gives up on must not be kept forever (a DescribeTable
 * that keeps failing would otherwise make every job ever added pile up). Checked with weak
 * references and a full GC (`--expose-gc` turned on for a fresh context).
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Full GCs after the current job ends, then a turn for finalizers to run. */
async function collect(): Promise<void> {
  await nextMacrotask();
  gc();
  gc();
  await nextMacrotask();
}

const SETTINGS = { marshalled: false, marshallOptions: {} };

it('lets jobs that failed while DescribeTable kept failing be collected, with their items', async () => {
  const fake = fakeClient({ describe: () => awsError('AccessDeniedException', 400) });
  const batcher = new Batcher({ ...dynamoDbSink({ client: fake.client, tableName: 'orders' }), maxBatchDelay: 0, concurrency: 4 });
  const refs: Array<WeakRef<object>> = [];
  // The errors stay inside: an error's captured stack can hold the batch it was raised for.
  const rejected = async (): Promise<number> => {
    const jobs = Array.from({ length: 200 }, (_, i) => {
      const item = { pk: `k${i}`, note: 'x'.repeat(1000) };
      refs.push(new WeakRef(item));
      return batcher.add({ put: item });
    });
    const settled = await Promise.allSettled(jobs);
    return settled.filter((s) => s.status === 'rejected').length;
  };
  expect(await rejected()).toBe(200);
  await collect();
  expect(refs.filter((ref) => ref.deref() === undefined)).toHaveLength(200);
  expect(fake.calls).toHaveLength(0);
});

describe('LazyKeySchema', () => {
  const schema = schemaFromNames([{ name: 'pk', type: 'S' }]);
  const record = (pk: string): DynamoRecord => DynamoRecord.from({ put: { pk } }, SETTINGS, undefined);

  it('stops holding a key for a pending job the batcher let go of, once it is collected', async () => {
    const lazy = new LazyKeySchema(() => Promise.resolve(schema));
    let early: DynamoRecord | undefined = record('a');
    expect(lazy.orderingKey(early)).toBe('\u0001pending-key-schema');
    await lazy.load();
    // Its key is known now and held: a later write to `a` queues behind it, `b` does not.
    expect(early.key).toBeDefined();
    expect(lazy.orderingKey(DynamoRecord.from({ put: { pk: 'a' } }, SETTINGS, schema))).toBe('\u0001pending-key-schema');
    expect(lazy.orderingKey(DynamoRecord.from({ put: { pk: 'b' } }, SETTINGS, schema))).toBe(early.key?.replace('"a"', '"b"'));
    expect(lazy.pendingCount).toBe(2);
    // The batcher gives up on both pending writes to `a` (never seen to settle) and drops them.
    early = undefined;
    await collect();
    expect(lazy.pendingCount).toBe(0);
    const again = DynamoRecord.from({ put: { pk: 'a' } }, SETTINGS, schema);
    expect(lazy.orderingKey(again)).toBe(again.key);
  });

  it('stops holding a key once the sink sees its pending job settle', async () => {
    const lazy = new LazyKeySchema(() => Promise.resolve(schema));
    const early = record('a');
    lazy.orderingKey(early);
    await lazy.load();
    lazy.settled(early);
    lazy.settled(early);
    expect(lazy.pendingCount).toBe(0);
    const again = DynamoRecord.from({ put: { pk: 'a' } }, SETTINGS, schema);
    expect(lazy.orderingKey(again)).toBe(again.key);
  });
});
