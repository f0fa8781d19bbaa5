import fc from 'fast-check';
import { Batcher } from '@batch/core';
import { dynamoDbSink } from '@batch/sink-dynamodb';
import type { DynamoDbJob, DynamoDbResult } from '@batch/sink-dynamodb';
import { awsError, fakeClient } from './fakeClient.js';
import type { Answer, SentWrite } from './fakeClient.js';

const label = (write: SentWrite): string => `${write.kind === 'put' ? String(write.item.v) : 'del'}:${String(write.item.pk)}`;

describe('dynamoDbSink: one key never twice in a request, writes in add order per key', () => {
  it('sends a later write to a key in a later request, never dropping, merging or reordering it', async () => {
    const fake = fakeClient();
    const batcher = new Batcher({ ...dynamoDbSink({ client: fake.client, tableName: 'orders', keyAttributes: ['pk'] }), maxBatchDelay: 0 });
    const jobs: DynamoDbJob[] = [
      { put: { pk: 'a', v: 1 } },
      { put: { pk: 'a', v: 2 } },
      { put: { pk: 'b', v: 3 } },
      { delete: { pk: 'a' } },
      { put: { pk: 'b', v: 4 } },
      { put: { pk: 'a', v: 5 } },
    ];
    const results = await Promise.all(jobs.map((job) => batcher.add(job)));
    expect(fake.calls.map((call) => call.map(label))).toEqual([['1:a', '3:b'], ['2:a', '4:b'], ['del:a'], ['5:a']]);
    // Each job was cut into the batch it was sent with: none was held back by a failed attempt.
    expect(results).toEqual(jobs.map(() => ({ status: 'written', attempts: 1 })));
    expect([...fake.table.values()]).toEqual([{ pk: 'b', v: 4 }, { pk: 'a', v: 5 }]);
  });

  it('re-sends an unprocessed write before any later write of its key, while other keys flow', async () => {
    const fake = fakeClient({ answer: (writes, call) => (call === 1 ? { unprocessed: writes.flatMap((w, i) => (w.item.pk === 'a' ? [i] : [])) } : undefined) });
    const batcher = new Batcher({
      ...dynamoDbSink({ client: fake.client, tableName: 'orders', keyAttributes: ['pk'] }),
      maxBatchDelay: 0,
      concurrency: 2,
      retry: { baseDelay: 200, maxDelay: 200, random: () => 0.5 },
    });
    const first = [batcher.add({ put: { pk: 'a', v: 1 } }), batcher.add({ put: { pk: 'b', v: 1 } })];
    await new Promise((resolve) => setImmediate(resolve));
    const later = [batcher.add({ put: { pk: 'a', v: 2 } }), batcher.add({ put: { pk: 'b', v: 2 } })];
    await Promise.all([...first, ...later]);
    const calls = fake.calls.map((call) => call.map(label));
    const callOf = (write: string, from = 0): number => calls.findIndex((call, i) => i >= from && call.includes(write));
    // 2:b goes while 1:a backs off (100 ms); 1:a is re-sent before 2:a, never with it.
    expect(calls[0]).toEqual(['1:a', '1:b']);
    const retry = callOf('1:a', 1);
    expect(callOf('2:b')).toBeLessThan(retry);
    expect(retry).toBeLessThan(callOf('2:a'));
    expect(calls.flat().sort()).toEqual(['1:a', '1:a', '1:b', '2:a', '2:b']);
    expect(fake.applied.filter((w) => w.item.pk === 'a').map(label)).toEqual(['1:a', '2:a']);
  });

  it('with coalesce, merges writes to one key that meet in a batch: the last is sent, earlier ones resolve superseded', async () => {
    const fake = fakeClient();
    const batcher = new Batcher({ ...dynamoDbSink({ client: fake.client, tableName: 'orders', keyAttributes: ['pk'], coalesce: true }), maxBatchDelay: 0 });
    const results = await Promise.all([
      batcher.add({ put: { pk: 'a', v: 1 } }),
      batcher.add({ put: { pk: 'b', v: 1 } }),
      batcher.add({ delete: { pk: 'a' } }),
      batcher.add({ put: { pk: 'a', v: 3 } }),
    ]);
    expect(fake.calls.map((call) => call.map(label))).toEqual([['3:a', '1:b']]);
    expect(results.map((r) => r.status)).toEqual(['superseded', 'written', 'superseded', 'written']);
  });

  it('with coalesce, a superseded job settles with the write that replaced it, retried together', async () => {
    const fake = fakeClient({ answer: (_writes, call) => (call === 1 ? { unprocessed: [0] } : undefined) });
    const batcher = new Batcher({
      ...dynamoDbSink({ client: fake.client, tableName: 'orders', keyAttributes: ['pk'], coalesce: true }),
      maxBatchDelay: 0,
      retry: { baseDelay: 1 },
    });
    const results = await Promise.all([batcher.add({ put: { pk: 'a', v: 1 } }), batcher.add({ put: { pk: 'a', v: 2 } })]);
    expect(fake.calls.map((call) => call.map(label))).toEqual([['2:a'], ['2:a']]);
    expect(results).toEqual([
      { status: 'superseded', attempts: 2 },
      { status: 'written', attempts: 2 },
    ]);
  });

  it('defers a second write to a key in one batch when oneJobPerKeyPerBatch is overridden, so no request names a key twice', async () => {
    const fake = fakeClient();
    const batcher = new Batcher({
      ...dynamoDbSink({ client: fake.client, tableName: 'orders', keyAttributes: ['pk'] }),
      oneJobPerKeyPerBatch: false,
      maxBatchDelay: 0,
      retry: { baseDelay: 1 },
    });
    const results = await Promise.all([1, 2, 3].map((v) => batcher.add({ put: { pk: 'a', v } })));
    expect(fake.calls.map((call) => call.map(label))).toEqual([['1:a'], ['2:a'], ['3:a']]);
    expect(results.map((r) => r.attempts)).toEqual([1, 2, 3]);
  });
});

/*
 * Random streams of puts and deletes over a few keys, against a fake DynamoDB that returns a
 * random share of each early request's writes unprocessed and throttles some requests whole.
 */
type Op = { readonly key: number; readonly del: boolean };

const scenario = fc.record({
  ops: fc.array(fc.record({ key: fc.integer({ min: 0, max: 4 }), del: fc.boolean() }), { minLength: 1, maxLength: 60 }),
  concurrency: fc.integer({ min: 1, max: 3 }),
  failures: fc.array(fc.record({ throttle: fc.boolean(), mask: fc.nat({ max: 2 ** 25 - 1 }) }), { maxLength: 30 }),
  chunks: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 5 }),
});

function answerFrom(failures: readonly { throttle: boolean; mask: number }[]): Answer {
  return (writes, call) => {
    const failure = failures[call - 1];
    if (failure === undefined) return undefined;
    if (failure.throttle) return awsError('ProvisionedThroughputExceededException', 400);
    return { unprocessed: writes.flatMap((_w, i) => ((failure.mask >> i) & 1 ? [i] : [])) };
  };
}

async function run(ops: readonly Op[], chunks: readonly number[], batcher: Batcher<DynamoDbJob, DynamoDbResult>): Promise<DynamoDbResult[]> {
  // Jobs arrive in bursts of random size, so batches hold repeated keys.
  const promises: Promise<DynamoDbResult>[] = [];
  let next = 0;
  for (let c = 0; next < ops.length; c++) {
    const size = chunks[c % chunks.length] as number;
    for (const [i, op] of ops.slice(next, next + size).entries()) {
      const v = next + i;
      promises.push(batcher.add(op.del ? { delete: { pk: `k${op.key}` } } : { put: { pk: `k${op.key}`, v } }));
    }
    next += size;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Promise.all(promises);
}

function sequentialState(ops: readonly Op[]): Map<string, number> {
  const state = new Map<string, number>();
  ops.forEach((op, v) => (op.del ? state.delete(`k${op.key}`) : state.set(`k${op.key}`, v)));
  return state;
}

describe('dynamoDbSink: properties under random failures', () => {
  it('applies every write exactly once, in add order per key, and ends as a sequential writer would', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ ops, concurrency, failures, chunks }) => {
        const fake = fakeClient({ answer: answerFrom(failures) });
        const batcher = new Batcher({
          ...dynamoDbSink({ client: fake.client, tableName: 'orders', keyAttributes: ['pk'] }),
          maxBatchDelay: 0,
          concurrency,
          retry: { baseDelay: 0, maxDelay: 0, maxAttempts: 100 },
        });
        const results = await run(ops, chunks, batcher);
        await batcher.shutdown();
        expect(results.every((r) => r.status === 'written')).toBe(true);
        const expectedPerKey = new Map<string, string[]>();
        ops.forEach((op, v) => {
          const key = `k${op.key}`;
          expectedPerKey.set(key, [...(expectedPerKey.get(key) ?? []), op.del ? `del:${key}` : `${v}:${key}`]);
        });
        const appliedPerKey = new Map<string, string[]>();
        for (const write of fake.applied) {
          const key = String(write.item.pk);
          appliedPerKey.set(key, [...(appliedPerKey.get(key) ?? []), label(write)]);
        }
        expect(appliedPerKey).toEqual(expectedPerKey);
        const state = new Map([...fake.table.values()].map((item) => [String(item.pk), item.v as number]));
        expect(state).toEqual(sequentialState(ops));
      }),
      { numRuns: 60 },
    );
  });

  it('with coalesce, settles every job and ends as a sequential writer would', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ ops, concurrency, failures, chunks }) => {
        const fake = fakeClient({ answer: answerFrom(failures) });
        const batcher = new Batcher({
          ...dynamoDbSink({ client: fake.client, tableName: 'orders', keyAttributes: ['pk'], coalesce: true }),
          maxBatchDelay: 0,
          concurrency,
          retry: { baseDelay: 0, maxDelay: 0, maxAttempts: 100 },
        });
        const results = await run(ops, chunks, batcher);
        await batcher.shutdown();
        expect(results.filter((r) => r.status === 'written')).toHaveLength(fake.applied.length);
        const state = new Map([...fake.table.values()].map((item) => [String(item.pk), item.v as number]));
        expect(state).toEqual(sequentialState(ops));
      }),
      { numRuns: 60 },
    );
  });
});
