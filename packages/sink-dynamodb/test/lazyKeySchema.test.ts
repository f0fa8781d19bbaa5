import { Batcher, JobFailedError } from '@batch/core';
import { InvalidItemError, InvalidKeyError, dynamoDbSink, dynamoDbSinkForTable } from '@batch/sink-dynamodb';
import type { DynamoDbJob } from '@batch/sink-dynamodb';
import { LazyKeySchema } from '../src/LazyKeySchema.js';
import { schemaFromNames } from '../src/keySchema.js';
import { awsError, fakeClient, tableDescription } from './fakeClient.js';
import type { FakeOptions, SentWrite } from './fakeClient.js';

const label = (write: SentWrite): string => `${write.kind === 'put' ? String(write.item.v) : 'del'}:${String(write.item.pk)}`;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A lazy sink whose DescribeTable answers only when `release()` is called. */
function gated(options: FakeOptions = {}, retry: { baseDelay: number; random?: () => number } = { baseDelay: 1 }) {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const fake = fakeClient({ ...options, describeGate: gate });
  const batcher = new Batcher({ ...dynamoDbSink({ client: fake.client, tableName: 'orders' }), maxBatchDelay: 0, retry });
  return { fake, batcher, release };
}

describe('dynamoDbSink without keyAttributes: the key schema read lazily', () => {
  it('reads the key schema once with DescribeTable, then checks keys at add()', async () => {
    const fake = fakeClient({ keys: ['pk', 'sk'] });
    const batcher = new Batcher({ ...dynamoDbSink({ client: fake.client, tableName: 'orders' }), maxBatchDelay: 0 });
    await expect(batcher.add({ put: { pk: 'order#1', sk: 'a', total: 12.5 } })).resolves.toEqual({ status: 'written', attempts: 1 });
    // Known now: a bad key rejects at add(), before any request.
    const calls = fake.calls.length;
    await expect(batcher.add({ put: { pk: 'order#2' } })).rejects.toThrow(new InvalidKeyError('sk', 'missing'));
    await expect(batcher.add({ put: { pk: 'order#2', sk: 5 } })).rejects.toThrow(new InvalidKeyError('sk', 'expected type S, got N'));
    await batcher.add({ delete: { pk: 'order#1', sk: 'a', total: 12.5 } });
    expect(fake.describes()).toBe(1);
    expect(fake.calls).toHaveLength(calls + 1);
    expect(fake.inputs.at(-1)?.RequestItems?.orders).toEqual([{ DeleteRequest: { Key: { pk: { S: 'order#1' }, sk: { S: 'a' } } } }]);
  });

  it('holds jobs added before DescribeTable answers in one line, then files them under their real keys; a bad key fails alone', async () => {
    const { fake, batcher, release } = gated();
    const jobs: DynamoDbJob[] = [
      { put: { pk: 'a', v: 1 } },
      { put: { nokey: true, v: 2 } },
      { put: { pk: 'b', v: 3 } },
      { put: { pk: 'a', v: 4 } },
      { delete: { pk: 'b', v: 5 } },
    ];
    const results = jobs.map((job) => batcher.add(job).catch((e: unknown) => e));
    await tick();
    expect(fake.calls).toHaveLength(0); // waiting for the key schema
    release();
    const settled = await Promise.all(results);
    expect(settled[1]).toBeInstanceOf(InvalidKeyError);
    expect(settled[1]).toMatchObject({ code: 'DYNAMODB_INVALID_KEY', attribute: 'pk', message: 'Invalid key attribute `pk`: missing' });
    // The first request waited for the schema; when it completed, the rest of the line moved to
    // real keys: b and a share a request, the second write to b waits for the first.
    expect(fake.calls.map((call) => call.map(label))).toEqual([['1:a'], ['3:b', '4:a'], ['del:b']]);
    expect(fake.describes()).toBe(1);
  });

  it('still rejects unmarshallable and oversized items at add() before the key schema is known', async () => {
    const { fake, batcher, release } = gated();
    await expect(batcher.add({ put: { pk: 'a', v: NaN } })).rejects.toBeInstanceOf(InvalidItemError);
    await expect(batcher.add({ put: { pk: 'a', v: 'x'.repeat(409_600) } })).rejects.toMatchObject({ limit: 'maxItemSize' });
    release();
    await batcher.shutdown();
    expect(fake.calls).toHaveLength(0);
  });

  it('queues a write added after the answer behind a still-pending earlier write to its key; other keys flow', async () => {
    let sends = 0;
    const { fake, batcher, release } = gated(
      {
        // The early write to `a` comes back unprocessed twice, so it stays pending a while (45 + 90 ms).
        answer: (writes) => ({ unprocessed: writes.flatMap((w, i) => (w.item.v === 1 && ++sends <= 2 ? [i] : [])) }),
      },
      { baseDelay: 50, random: () => 0.9 },
    );
    const early = batcher.add({ put: { pk: 'a', v: 1 } });
    await tick();
    release();
    await tick();
    const later = [batcher.add({ put: { pk: 'a', v: 2 } }), batcher.add({ put: { pk: 'c', v: 3 } }), batcher.add({ put: { pk: 'd', v: 4 } })];
    await Promise.all([early, ...later]);
    const sequence = fake.applied.map(label);
    expect(sequence.indexOf('1:a')).toBeLessThan(sequence.indexOf('2:a'));
    expect(sequence.indexOf('3:c')).toBeLessThan(sequence.indexOf('1:a')); // c and d did not wait for a
    expect(fake.calls.flat().filter((write) => write.item.pk === 'a').map(label)).toEqual(['1:a', '1:a', '1:a', '2:a']);
  });

  it('leaves the early line for good under steady writes to the same keys (it used to keep one write per request)', async () => {
    const { fake, batcher, release } = gated();
    const keys = Array.from({ length: 20 }, (_, k) => `k${k}`);
    let v = 0;
    const round = (): Array<Promise<unknown>> => [...keys, ...keys].map((pk) => batcher.add({ put: { pk, v: ++v } }));
    const results = round(); // 40 writes before the key schema is known
    await tick();
    release();
    // Four more rounds to the same keys, each added while earlier writes are still waiting.
    for (let r = 0; r < 4; r++) {
      await tick();
      results.push(...round());
    }
    await Promise.all(results);
    // Every write applied once, and each key's writes in the order added.
    const applied = fake.applied.map((write) => ({ pk: String(write.item.pk), v: Number(write.item.v) }));
    expect(applied.map((w) => w.v).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    for (const pk of keys) {
      const order = applied.filter((w) => w.pk === pk).map((w) => w.v);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    // Each key has 10 writes and a request holds one per key: at least 10 requests. One write per
    // request (the early line never emptying) would take 200.
    expect(fake.calls.length).toBeLessThanOrEqual(20);
    expect(Math.max(...fake.calls.map((call) => call.length))).toBe(20);
  });

  it('keeps add order for a key whose early write failed for good, while its later writes are retried (found in review)', async () => {
    let b2Sends = 0;
    const { fake, batcher, release } = gated(
      {
        answer: (writes) => {
          if (writes.some((w) => w.item.v === 'A')) return awsError('AccessDeniedException', 400);
          // B2 comes back unprocessed once; B3 is added while it backs off.
          return { unprocessed: writes.flatMap((w, i) => (w.item.v === 'B2' && ++b2Sends === 1 ? [i] : [])) };
        },
      },
      { baseDelay: 30, random: () => 0.9 },
    );
    const early = batcher.add({ put: { pk: 'K', v: 'A' } }).catch((e: unknown) => e);
    release();
    expect(await early).toMatchObject({ code: 'JOB_FAILED' });
    const later = [batcher.add({ put: { pk: 'K', v: 'B1' } }), batcher.add({ put: { pk: 'K', v: 'B2' } })];
    await new Promise((resolve) => setTimeout(resolve, 20));
    later.push(batcher.add({ put: { pk: 'K', v: 'B3' } }));
    await Promise.all(later);
    expect(fake.applied.map((w) => w.item.v)).toEqual(['B1', 'B2', 'B3']);
  });

  it('keeps add order for a key whose early write the batcher gave up on unseen by the sink (found in review)', async () => {
    let b2Sends = 0;
    const fake = fakeClient({
      // DescribeTable is throttled twice: the first job's batch runs out of attempts before any key is known.
      describe: (call) => (call <= 2 ? awsError('ThrottlingException', 400) : tableDescription(['pk'])),
      answer: (writes) => ({ unprocessed: writes.flatMap((w, i) => (w.item.v === 'B2' && ++b2Sends === 1 ? [i] : [])) }),
    });
    const batcher = new Batcher({
      ...dynamoDbSink({ client: fake.client, tableName: 'orders' }),
      maxBatchDelay: 0,
      retry: { baseDelay: 30, random: () => 0.9, maxAttempts: 2 },
    });
    // The sink never returns an outcome for A: its key stays held by A's record until collected.
    await expect(batcher.add({ put: { pk: 'K', v: 'A' } })).rejects.toMatchObject({ code: 'RETRIES_EXHAUSTED' });
    const later = [batcher.add({ put: { pk: 'K', v: 'B1' } })];
    await later[0];
    later.push(batcher.add({ put: { pk: 'K', v: 'B2' } }));
    await new Promise((resolve) => setTimeout(resolve, 15)); // B2 came back unprocessed and backs off
    later.push(batcher.add({ put: { pk: 'K', v: 'B3' } }));
    await Promise.all(later);
    expect(fake.applied.map((w) => w.item.v)).toEqual(['B1', 'B2', 'B3']);
    expect(fake.describes()).toBe(3);
  });

  it("keeps add order when the user's isRetryable retries an error the sink's classifier would not (found in review)", async () => {
    let failedA = false;
    const proxyError = Object.assign(new Error('socket hang up'), { name: 'MyProxyError' });
    const fake = fakeClient({
      answer: (writes) => {
        if (!failedA && writes.some((w) => w.item.v === 'A')) {
          failedA = true;
          return proxyError; // not retryable by isRetryableAwsError
        }
        return undefined;
      },
    });
    const sink = dynamoDbSink({ client: fake.client, tableName: 'orders' });
    const batcher = new Batcher({
      ...sink,
      isRetryable: (error) => sink.isRetryable(error) || error === proxyError,
      maxBatchDelay: 0,
      retry: { baseDelay: 30, maxDelay: 30, random: () => 1 },
    });
    await Promise.all([batcher.add({ put: { pk: 'K', v: 'A' } }), batcher.add({ put: { pk: 'K', v: 'B' } })]);
    expect(fake.applied.map((w) => w.item.v)).toEqual(['A', 'B']);
  });

  it('gives a key its own line again once its early writes have settled', async () => {
    const { fake, batcher, release } = gated();
    const early = [batcher.add({ put: { pk: 'a', v: 1 } }), batcher.add({ put: { pk: 'b', v: 2 } })];
    release();
    await Promise.all(early);
    // Both settled: a and b no longer wait in the early line, so they share a request.
    await Promise.all([batcher.add({ put: { pk: 'a', v: 3 } }), batcher.add({ put: { pk: 'b', v: 4 } })]);
    expect(fake.calls.map((call) => call.map(label))).toEqual([['1:a'], ['2:b'], ['3:a', '4:b']]);
  });

  it('tries DescribeTable again after a retryable failure', async () => {
    const fake = fakeClient({ describe: (call) => (call === 1 ? awsError('ThrottlingException', 400) : tableDescription(['pk'])) });
    const batcher = new Batcher({ ...dynamoDbSink({ client: fake.client, tableName: 'orders' }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    await expect(batcher.add({ put: { pk: 'a' } })).resolves.toEqual({ status: 'written', attempts: 2 });
    expect(fake.describes()).toBe(2);
  });

  it('rejects the jobs with the AWS error as cause when DescribeTable is denied', async () => {
    const denied = awsError('AccessDeniedException', 400);
    const fake = fakeClient({ describe: () => denied });
    const batcher = new Batcher({ ...dynamoDbSink({ client: fake.client, tableName: 'orders' }), maxBatchDelay: 0 });
    const error = (await batcher.add({ put: { pk: 'a' } }).catch((e: unknown) => e)) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.cause).toBe(denied);
    expect(fake.calls).toHaveLength(0);
  });

  it('stops a batch waiting for DescribeTable when its signal aborts, and the next batch still gets the answer', async () => {
    let release = (): void => undefined;
    const fake = fakeClient({ describeGate: new Promise<void>((resolve) => (release = resolve)) });
    const sink = dynamoDbSink({ client: fake.client, tableName: 'orders' });
    const job = sink.prepare({ put: { pk: 'a', v: 1 } });
    const controller = new AbortController();
    const waiting = sink.processBatch([job], { batchId: 1, attempts: [1], signal: controller.signal });
    await tick();
    const reason = new Error('shutdown timed out');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(fake.calls).toHaveLength(0);
    // The shared DescribeTable goes on: the next batch is answered once it is.
    const next = sink.processBatch([job], { batchId: 2, attempts: [1], signal: new AbortController().signal });
    release();
    await expect(next).resolves.toEqual([{ ok: true, value: { status: 'written', attempts: 1 } }]);
    expect(fake.describes()).toBe(1);
  });

  it('does not call DescribeTable before the first add()', () => {
    const fake = fakeClient();
    dynamoDbSink({ client: fake.client, tableName: 'orders' });
    expect(fake.describes()).toBe(0);
  });
});

describe('dynamoDbSinkForTable', () => {
  it('reads the key schema and index key types first, so every check happens at add()', async () => {
    const fake = fakeClient({
      keys: ['pk', 'sk'],
      describe: () => tableDescription([{ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' }], [{ name: 'gsi1', type: 'S' }, { name: 'gsi1sk', type: 'N', keyType: 'RANGE' }]),
    });
    const sink = await dynamoDbSinkForTable({ client: fake.client, tableName: 'orders' });
    expect(fake.describes()).toBe(1);
    const batcher = new Batcher({ ...sink, maxBatchDelay: 0 });
    await expect(batcher.add({ put: { pk: 'a', sk: '1' } })).rejects.toThrow('Invalid key attribute `sk`: expected type N, got S');
    await expect(batcher.add({ put: { pk: 'a', sk: 1, gsi1: 7 } })).rejects.toThrow(new InvalidKeyError('gsi1', 'expected type S, got N', true));
    await expect(batcher.add({ put: { pk: 'a', sk: 1, gsi1: '' } })).rejects.toThrow('Invalid index key attribute `gsi1`: an empty string');
    await expect(batcher.add({ put: { pk: 'a', sk: 1, gsi1: 'x'.repeat(2049) } })).rejects.toThrow(
      'Invalid index key attribute `gsi1`: 2049 bytes; DynamoDB allows at most 2048 for a partition key',
    );
    // Index keys are optional (sparse indexes) and deletes carry none.
    await expect(batcher.add({ put: { pk: 'a', sk: 1 } })).resolves.toEqual({ status: 'written', attempts: 1 });
    await expect(batcher.add({ put: { pk: 'b', sk: 1, gsi1: 'g', gsi1sk: 2 } })).resolves.toEqual({ status: 'written', attempts: 1 });
    await expect(batcher.add({ delete: { pk: 'a', sk: 1, gsi1: 7 } })).resolves.toEqual({ status: 'written', attempts: 1 });
    expect(fake.describes()).toBe(1);
  });

  it('skips DescribeTable when keyAttributes are given', async () => {
    const fake = fakeClient();
    await dynamoDbSinkForTable({ client: fake.client, tableName: 'orders', keyAttributes: ['pk'] });
    expect(fake.describes()).toBe(0);
  });

  it('rejects with the SDK error when DescribeTable fails, and with a typed error when it has no key schema', async () => {
    const missing = awsError('ResourceNotFoundException', 400);
    await expect(dynamoDbSinkForTable({ client: fakeClient({ describe: () => missing }).client, tableName: 'orders' })).rejects.toBe(missing);
    await expect(dynamoDbSinkForTable({ client: fakeClient({ describe: () => ({ TableName: 'orders' }) }).client, tableName: 'orders' })).rejects.toMatchObject({
      code: 'DYNAMODB_BAD_RESPONSE',
      message: 'Malformed DynamoDB response: DescribeTable returned no usable KeySchema and AttributeDefinitions',
    });
  });
});

describe('LazyKeySchema: DescribeTable refusals', () => {
  const schema = schemaFromNames([{ name: 'pk', type: 'S' }]);

  it('answers a DescribeTable refused for good from memory for a second, then asks again', async () => {
    let now = 0;
    let calls = 0;
    const denied = awsError('AccessDeniedException', 400);
    const lazy = new LazyKeySchema(() => {
      calls += 1;
      return Promise.reject(denied);
    }, () => now);
    await expect(lazy.load()).rejects.toBe(denied);
    now = 999;
    await expect(lazy.load()).rejects.toBe(denied);
    expect(calls).toBe(1);
    now = 1000;
    await expect(lazy.load()).rejects.toBe(denied);
    expect(calls).toBe(2);
  });

  it('answers an already aborted wait with the abort reason, leaving no rejection unhandled', async () => {
    const denied = awsError('AccessDeniedException', 400);
    const lazy = new LazyKeySchema(() => Promise.reject(denied), () => 0);
    await expect(lazy.load()).rejects.toBe(denied); // the refusal is remembered now
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const controller = new AbortController();
      const reason = new Error('gave up');
      controller.abort(reason);
      await expect(lazy.load(controller.signal)).rejects.toBe(reason);
      // A signal aborted with something other than an Error still ends the wait with an Error.
      const other = new AbortController();
      other.abort('stop');
      await expect(lazy.load(other.signal)).rejects.toMatchObject({ message: 'The batch was aborted', cause: 'stop' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('asks again at once after a failure retrying can fix', async () => {
    let calls = 0;
    const lazy = new LazyKeySchema(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(awsError('ThrottlingException', 400)) : Promise.resolve(schema);
    }, () => 0);
    await expect(lazy.load()).rejects.toMatchObject({ name: 'ThrottlingException' });
    await expect(lazy.load()).resolves.toBe(schema);
    expect(calls).toBe(2);
  });

  it('does not call DescribeTable once per job when it is refused for good', async () => {
    const fake = fakeClient({ describe: () => awsError('AccessDeniedException', 400) });
    const batcher = new Batcher({ ...dynamoDbSink({ client: fake.client, tableName: 'orders' }), maxBatchDelay: 0 });
    const settled = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => batcher.add({ put: { pk: `k${i}` } })));
    expect(settled.every((s) => s.status === 'rejected' && (s.reason as { code?: string }).code === 'JOB_FAILED')).toBe(true);
    // 50 jobs, one request each, back to back: one DescribeTable per second at most, not one per job.
    expect(fake.describes()).toBeLessThan(10);
  });
});
