import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import type { WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { Batcher, JobFailedError, JobTooLargeError } from '@batch/core';
import { mulberry32, startLocalAws } from '@batch/local-aws';
import type { LocalAws } from '@batch/local-aws';
import { InvalidItemError, InvalidKeyError, WriteRejectedError, dynamoDbSink, dynamoDbSinkForTable, itemSize } from '@batch/sink-dynamodb';
import type { DynamoDbJob, DynamoDbResult } from '@batch/sink-dynamodb';
import { appliedPerKey, expectNoOverlapPerKey, recordingClient } from './recordingClient.js';

/*
 * Against dynalite through the fault proxy, with the real SDK client. Clients use maxAttempts 1,
 * so every retry seen here is the sink's own. dynalite never returns UnprocessedItems: the proxy's
 * failEntries rules do, seeded. enforceLimits makes the proxy count 25 writes per request across
 * tables as AWS does (dynalite counts per table).
 */
let aws: LocalAws;
let tables = 0;

beforeAll(async () => {
  aws = await startLocalAws({ services: ['dynamodb'], enforceLimits: true });
});
afterAll(async () => {
  await aws.stop();
});
afterEach(() => {
  aws.dynamodb.faults.clear();
  aws.dynamodb.faults.clearLog();
});

async function newTable(sortKey?: { name: string; type: 'S' | 'N' }, partitionKey: { name: string; type: 'S' | 'N' } = { name: 'pk', type: 'S' }): Promise<string> {
  const name = `orders-${process.pid}-${++tables}`;
  await aws.dynamodb.createTable(name, { partitionKey, ...(sortKey === undefined ? {} : { sortKey }) });
  return name;
}

const byPk = (item: Record<string, unknown>): string => String(item.pk);
const byId = (item: Record<string, unknown>): string => String(item.id);
const byPkSk = (item: Record<string, unknown>): string => `${String(item.pk)}/${String(item.sk)}`;
const sortedBy = (keyOf: (item: Record<string, unknown>) => string) => (items: Record<string, unknown>[]) =>
  [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));

it('lands 10,000 puts exactly as last written, with 30% of writes unprocessed on early requests', async () => {
  const tableName = await newTable();
  aws.dynamodb.faults.add({ operation: 'BatchWriteItem', times: 150, failEntries: { ratio: 0.3 } });
  const recorder = recordingClient(aws.dynamodb.client({ maxAttempts: 1 }), byPk);
  const sink = dynamoDbSink({ client: recorder.client, tableName, keyAttributes: ['pk'] });
  // While faults last a record fails 30% of its attempts: with the default 10 attempts one record in
  // 10,000 runs out about once in twenty runs (0.3^10 × 10,000); 40 make that negligible.
  const batcher = new Batcher({ ...sink, maxBatchDelay: 5, concurrency: 4, retry: { baseDelay: 5, maxDelay: 50, maxAttempts: 40 } });
  // 2,500 orders written 4 times each; each round in a seeded random order.
  const random = mulberry32(aws.seed);
  const jobs: DynamoDbJob[] = [];
  for (let version = 0; version < 4; version++) {
    const keys = Array.from({ length: 2500 }, (_, i) => i);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [keys[i], keys[j]] = [keys[j] as number, keys[i] as number];
    }
    for (const k of keys) jobs.push({ put: { pk: `order#${k}`, version, total: k + version / 4, items: ['a', String(k)], note: `v${version}` } });
  }
  const results = await Promise.all(jobs.map((job) => batcher.add(job)));
  await batcher.shutdown();

  const expected = new Map(jobs.map((job) => [byPk(job.put as Record<string, unknown>), job.put]));
  const landed = await aws.dynamodb.scanAll(tableName);
  expect(sortedBy(byPk)(landed)).toEqual(sortedBy(byPk)([...expected.values()] as Record<string, unknown>[]));
  // Every write reached DynamoDB exactly once, in add order per key, one request per key at a time.
  const applied = appliedPerKey(recorder.requests, byPk);
  const versions = new Map([...applied].map(([key, writes]) => [key, writes.map((write) => (write === 'deleted' ? write : write.version))]));
  expect(versions).toEqual(new Map([...expected.keys()].map((key) => [key, [0, 1, 2, 3]])));
  expectNoOverlapPerKey(recorder.requests, byPk);
  // The faults really happened, and only unprocessed writes were sent again.
  const log = aws.dynamodb.faults.log;
  const faulted = log.filter((entry) => entry.fault === 'failEntries');
  const failed = faulted.reduce((sum, entry) => sum + (entry.failedIndices?.length ?? 0), 0);
  const inFaulted = faulted.reduce((sum, entry) => sum + (entry.entries ?? 0), 0);
  expect(faulted).toHaveLength(150);
  expect(failed / inFaulted).toBeGreaterThan(0.25);
  expect(failed / inFaulted).toBeLessThan(0.35);
  expect(log.reduce((sum, entry) => sum + (entry.entries ?? 0), 0)).toBe(10_000 + failed);
  expect(Math.max(...log.map((entry) => entry.entries ?? 0))).toBe(25);
  expect(log.every((entry) => entry.status === 200)).toBe(true);
  // Each job's own result counts its sends: one retry per time its write came back unprocessed.
  expect(results.reduce((sum, result) => sum + result.attempts - 1, 0)).toBe(failed);
}, 40_000);

it('ends a stream of repeating puts and deletes in exactly the state a sequential writer leaves, through unprocessed writes and throttles', async () => {
  const tableName = await newTable({ name: 'sk', type: 'N' });
  aws.dynamodb.faults.add({ operation: 'BatchWriteItem', ratio: 0.05, times: 10, error: aws.dynamodb.faults.throttlingError });
  aws.dynamodb.faults.add({ operation: 'BatchWriteItem', times: 100, failEntries: { ratio: 0.3 } });
  const recorder = recordingClient(aws.dynamodb.client({ maxAttempts: 1 }), byPkSk);
  const sink = dynamoDbSink({ client: recorder.client, tableName, keyAttributes: ['pk', { name: 'sk', type: 'N' }] });
  const batcher = new Batcher({ ...sink, maxBatchDelay: 2, concurrency: 4, retry: { baseDelay: 2, maxDelay: 20, maxAttempts: 40 } });
  const random = mulberry32(aws.seed + 1);
  const state = new Map<string, Record<string, unknown>>();
  const expectedPerKey = new Map<string, Array<Record<string, unknown> | 'deleted'>>();
  const promises: Promise<DynamoDbResult>[] = [];
  for (let i = 0; i < 3000; i++) {
    const key = { pk: `user#${Math.floor(random() * 8)}`, sk: Math.floor(random() * 5) };
    const id = byPkSk(key);
    if (random() < 0.3) {
      promises.push(batcher.add({ delete: key }));
      state.delete(id);
      expectedPerKey.set(id, [...(expectedPerKey.get(id) ?? []), 'deleted']);
    } else {
      const item = { ...key, seq: i, body: `write ${i}` };
      promises.push(batcher.add({ put: item }));
      state.set(id, item);
      expectedPerKey.set(id, [...(expectedPerKey.get(id) ?? []), item]);
    }
    if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve)); // a stream, not one burst
  }
  await Promise.all(promises);
  await batcher.shutdown();

  expect(sortedBy(byPkSk)(await aws.dynamodb.scanAll(tableName))).toEqual(sortedBy(byPkSk)([...state.values()]));
  expect(appliedPerKey(recorder.requests, byPkSk)).toEqual(expectedPerKey);
  expectNoOverlapPerKey(recorder.requests, byPkSk);
  const faults = aws.dynamodb.faults.log.map((entry) => entry.fault);
  expect(faults.filter((fault) => fault === 'error').length).toBeGreaterThan(0);
  expect(faults.filter((fault) => fault === 'failEntries')).toHaveLength(100);
}, 30_000);

it('without keyAttributes, reads the key schema and still lands a burst of repeating writes as a sequential writer would', async () => {
  const tableName = await newTable();
  aws.dynamodb.faults.add({ operation: 'BatchWriteItem', times: 30, failEntries: { ratio: 0.3 } });
  const recorder = recordingClient(aws.dynamodb.client({ maxAttempts: 1 }), byPk);
  const batcher = new Batcher({ ...dynamoDbSink({ client: recorder.client, tableName }), maxBatchDelay: 2, concurrency: 4, retry: { baseDelay: 2, maxDelay: 20, maxAttempts: 40 } });
  const random = mulberry32(aws.seed + 2);
  const state = new Map<string, Record<string, unknown>>();
  const jobs: DynamoDbJob[] = [];
  for (let i = 0; i < 300; i++) {
    const pk = `k${Math.floor(random() * 10)}`;
    if (random() < 0.3) {
      jobs.push({ delete: { pk } });
      state.delete(pk);
    } else {
      jobs.push({ put: { pk, seq: i } });
      state.set(pk, { pk, seq: i });
    }
  }
  const early = await Promise.all(jobs.map((job) => batcher.add(job)));
  // Added after the schema is known: checked at add().
  await expect(batcher.add({ put: { nopk: 1 } })).rejects.toBeInstanceOf(InvalidKeyError);
  await batcher.shutdown();
  expect(early).toHaveLength(300);
  expect(sortedBy(byPk)(await aws.dynamodb.scanAll(tableName))).toEqual(sortedBy(byPk)([...state.values()]));
  expectNoOverlapPerKey(recorder.requests, byPk);
  expect(aws.dynamodb.faults.log.filter((entry) => entry.operation === 'DescribeTable')).toHaveLength(1);
}, 30_000);

it('keeps several sinks in one process apart: each table holds exactly its own writes', async () => {
  // Sinks share their module's code; nothing of one sink's table, key schema or options may reach
  // another.
  const orders = await newTable({ name: 'sk', type: 'N' });
  const users = await newTable(undefined, { name: 'id', type: 'S' });
  const client = aws.dynamodb.client({ maxAttempts: 1 });
  const known = new Batcher({ ...dynamoDbSink({ client, tableName: orders, keyAttributes: ['pk', 'sk'] }), maxBatchDelay: 1 });
  // Reads its key schema with DescribeTable, and coalesces.
  const lazy = new Batcher({ ...dynamoDbSink({ client, tableName: users, coalesce: true }), maxBatchDelay: 1 });
  const added: Promise<DynamoDbResult>[] = [];
  try {
    for (let i = 0; i < 60; i++) {
      added.push(known.add({ put: { pk: `p${i % 7}`, sk: i, n: i } }));
      added.push(lazy.add({ put: { id: `u${i % 5}`, n: i } }));
    }
    // A user is no order (no sk), an order is no user (no id): each sink checks its own table's key.
    await expect(known.add({ put: { id: 'u1', n: 0 } })).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(lazy.add({ put: { pk: 'p1', sk: 1 } })).rejects.toBeInstanceOf(InvalidKeyError);
    const statuses = (await Promise.all(added)).map((result) => result.status);
    // Orders never repeat a key: every one written. Users coalesce: the last write of each id is
    // written, any earlier one either written or superseded by a later write in its batch.
    expect(statuses.filter((_, k) => k % 2 === 0)).toEqual(Array.from({ length: 60 }, () => 'written'));
    const userStatuses = statuses.filter((_, k) => k % 2 === 1);
    expect(userStatuses.slice(55)).toEqual(Array.from({ length: 5 }, () => 'written'));
    expect(userStatuses.every((status) => status === 'written' || status === 'superseded')).toBe(true);
  } finally {
    await Promise.all([known.shutdown(), lazy.shutdown()]);
  }
  expect(sortedBy(byPkSk)(await aws.dynamodb.scanAll(orders))).toEqual(
    sortedBy(byPkSk)(Array.from({ length: 60 }, (_, i) => ({ pk: `p${i % 7}`, sk: i, n: i }))),
  );
  // Last write per id wins, whether written or superseded on the way.
  expect(sortedBy(byId)(await aws.dynamodb.scanAll(users))).toEqual(
    Array.from({ length: 5 }, (_, k) => ({ id: `u${k}`, n: 55 + k })),
  );
});

describe('bad items', () => {
  it('verifies the premise: one bad write fails the whole BatchWriteItem request in the emulator', async () => {
    const tableName = await newTable({ name: 'sk', type: 'N' });
    const client = aws.dynamodb.client({ maxAttempts: 1 });
    const good: WriteRequest = { PutRequest: { Item: marshall({ pk: 'good', sk: 1 }) } };
    const bad: WriteRequest[] = [
      { PutRequest: { Item: marshall({ pk: 'big', sk: 1, body: 'x'.repeat(409_600) }) } },
      { PutRequest: { Item: marshall({ sk: 1 }) } },
      { PutRequest: { Item: marshall({ pk: '', sk: 1 }) } },
      { PutRequest: { Item: marshall({ pk: 'a', sk: 'one' }) } },
      { PutRequest: { Item: { pk: { S: 'a' }, sk: { N: '1' }, v: { N: '1e-200' } } } },
      { PutRequest: { Item: { pk: { S: 'a' }, sk: { N: '1' }, v: { SS: [] } } } },
    ];
    for (const request of bad) {
      const error = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: [good, request] } })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ValidationException' });
    }
    const duplicate = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: [good, good] } })).catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ name: 'ValidationException', message: 'Provided list of item keys contains duplicates' });
    expect(await aws.dynamodb.scanAll(tableName)).toEqual([]);
  });

  it('rejects each bad item at add() with a typed error while its batch-mates land', async () => {
    const tableName = await newTable({ name: 'sk', type: 'N' });
    const sink = await dynamoDbSinkForTable({ client: aws.dynamodb.client({ maxAttempts: 1 }), tableName });
    const batcher = new Batcher({ ...sink, maxBatchDelay: 20 });
    const deep = (depth: number): unknown => (depth === 0 ? 1 : [deep(depth - 1)]);
    const good = [0, 1, 2].map((sk) => batcher.add({ put: { pk: 'good', sk, body: `good-${sk}` } }));
    const bad = [
      batcher.add({ put: { pk: 'big', sk: 1, body: 'x'.repeat(409_600) } }),
      batcher.add({ put: { sk: 1 } }),
      batcher.add({ put: { pk: '', sk: 1 } }),
      batcher.add({ put: { pk: 'p'.repeat(2049), sk: 1 } }),
      batcher.add({ put: { pk: 'a', sk: 'one' } }),
      batcher.add({ put: { pk: 'a', sk: 1, v: 1e-200 } }),
      batcher.add({ put: { pk: 'a', sk: 1, v: NaN } }),
      batcher.add({ put: { pk: 'a', sk: 1, v: undefined } }),
      batcher.add({ put: { pk: 'a', sk: 1, v: new Set() } }),
      batcher.add({ put: { pk: 'a', sk: 1, v: deep(33) } }),
      batcher.add({ delete: { pk: 'a' } }),
    ].map((promise) => promise.catch((e: unknown) => e));
    const errors = await Promise.all(bad);
    await Promise.all(good);
    await batcher.shutdown();
    expect(errors.map((e) => (e as { code: string }).code)).toEqual([
      'JOB_TOO_LARGE',
      'DYNAMODB_INVALID_KEY',
      'DYNAMODB_INVALID_KEY',
      'DYNAMODB_INVALID_KEY',
      'DYNAMODB_INVALID_KEY',
      'DYNAMODB_INVALID_ITEM',
      'DYNAMODB_INVALID_ITEM',
      'DYNAMODB_INVALID_ITEM',
      'DYNAMODB_INVALID_ITEM',
      'DYNAMODB_INVALID_ITEM',
      'DYNAMODB_INVALID_KEY',
    ]);
    expect(errors[0]).toBeInstanceOf(JobTooLargeError);
    expect(errors[4]).toEqual(new InvalidKeyError('sk', 'expected type N, got S'));
    expect(errors[9]).toBeInstanceOf(InvalidItemError);
    expect(sortedBy(byPkSk)(await aws.dynamodb.scanAll(tableName))).toEqual([0, 1, 2].map((sk) => ({ pk: 'good', sk, body: `good-${sk}` })));
    expect(aws.dynamodb.faults.log.filter((entry) => entry.operation === 'BatchWriteItem').map((entry) => [entry.entries, entry.status])).toEqual([[3, 200]]);
  });

  it('sizes items as the emulator does: an item of exactly 400 KB lands, one byte more is refused by both', async () => {
    const tableName = await newTable();
    const batcher = new Batcher({ ...dynamoDbSink({ client: aws.dynamodb.client({ maxAttempts: 1 }), tableName, keyAttributes: ['pk'] }), maxBatchDelay: 0 });
    const base = { pk: 'edge', n1: 12.5, n2: -3, n3: 123456789, n4: 0.001, n5: 1.2, n6: -7.5, list: [1, 'ab', null, true, { x: 1.25 }], map: { a: { b: 'c' } }, ss: new Set(['x', 'yy']), ns: new Set([1, 22]) };
    const withPad = (pad: number) => ({ ...base, pad: 'x'.repeat(pad) });
    const pad = 409_600 - itemSize(marshall(withPad(0)));
    expect(itemSize(marshall(withPad(pad)))).toBe(409_600);
    await expect(batcher.add({ put: withPad(pad) })).resolves.toEqual({ status: 'written', attempts: 1 });
    await expect(batcher.add({ put: withPad(pad + 1) })).rejects.toMatchObject({ limit: 'maxItemSize', size: 409_601 });
    const direct = await aws.dynamodb
      .client({ maxAttempts: 1 })
      .send(new BatchWriteItemCommand({ RequestItems: { [tableName]: [{ PutRequest: { Item: marshall({ ...withPad(pad + 1), pk: 'over' }) } }] } }))
      .catch((e: unknown) => e);
    expect(direct).toMatchObject({ name: 'ValidationException', message: 'Item size has exceeded the maximum allowed size' });
    expect((await aws.dynamodb.scanAll(tableName)).map(byPk)).toEqual(['edge']);
  });

  it('treats 1 and 1.0 as one number key, as DynamoDB does: never in one request', async () => {
    const tableName = await newTable(undefined, { name: 'id', type: 'N' });
    const sink = dynamoDbSink({ client: aws.dynamodb.client({ maxAttempts: 1 }), tableName, keyAttributes: [{ name: 'id', type: 'N' }], marshalled: true });
    const batcher = new Batcher({ ...sink, maxBatchDelay: 0 });
    await Promise.all([batcher.add({ put: { id: { N: '1' }, v: { S: 'first' } } }), batcher.add({ put: { id: { N: '1.0' }, v: { S: 'second' } } })]);
    expect(await aws.dynamodb.scanAll(tableName)).toEqual([{ id: 1, v: 'second' }]);
    expect(aws.dynamodb.faults.log.map((entry) => [entry.entries, entry.status])).toEqual([
      [1, 200],
      [1, 200],
    ]);
  });
});

describe('writes DynamoDB refuses that add() could not check', () => {
  it('splits the refused request so that only the wrong-typed key fails, when keyAttributes names no types', async () => {
    const tableName = await newTable();
    const sink = dynamoDbSink({ client: aws.dynamodb.client({ maxAttempts: 1 }), tableName, keyAttributes: ['pk'] });
    const batcher = new Batcher({ ...sink, maxBatchDelay: 0 });
    // 24 good puts and one whose key is a number on a string-keyed table: add() cannot know.
    const jobs: DynamoDbJob[] = Array.from({ length: 25 }, (_, i) => ({ put: { pk: i === 11 ? 12345 : `k${i}`, i } }));
    const settled = await Promise.allSettled(jobs.map((job) => batcher.add(job)));
    await batcher.shutdown();
    const bad = settled[11];
    expect(bad?.status).toBe('rejected');
    const error = (bad as PromiseRejectedResult).reason as WriteRejectedError;
    expect(error).toBeInstanceOf(WriteRejectedError);
    expect(error).toMatchObject({ code: 'DYNAMODB_WRITE_REJECTED', awsError: 'ValidationException' });
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(24);
    const expected = jobs.filter((_, i) => i !== 11).map((job) => (job as { put: Record<string, unknown> }).put);
    expect(sortedBy(byPk)(await aws.dynamodb.scanAll(tableName))).toEqual(sortedBy(byPk)(expected));
    // The whole request, then halves down to the bad write: log2(25) levels, never all 25 alone.
    const log = aws.dynamodb.faults.log.map((entry) => [entry.entries, entry.status]);
    expect(log[0]).toEqual([25, 400]);
    expect(log.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(25)) + 1);
    expect(log.filter(([, status]) => status === 200).reduce((sum, [entries]) => sum + (entries as number), 0)).toBe(24);
  });
});

describe('whole-request failures', () => {
  it('survives throttles, 5xx and a reset before forwarding, writing everything once', async () => {
    const tableName = await newTable();
    const faults = aws.dynamodb.faults;
    faults.add({ operation: 'BatchWriteItem', times: 2, error: faults.throttlingError });
    faults.add({ operation: 'BatchWriteItem', times: 1, error: { status: 400, name: 'ThrottlingException' } });
    faults.add({ operation: 'BatchWriteItem', times: 1, error: { status: 400, name: 'RequestLimitExceeded' } });
    faults.add({ operation: 'BatchWriteItem', times: 1, error: faults.internalError });
    faults.add({ operation: 'BatchWriteItem', times: 1, error: faults.unavailableError });
    faults.add({ operation: 'BatchWriteItem', times: 1, reset: 'before' });
    const recorder = recordingClient(aws.dynamodb.client({ maxAttempts: 1 }), byPk);
    const batcher = new Batcher({ ...dynamoDbSink({ client: recorder.client, tableName, keyAttributes: ['pk'] }), maxBatchDelay: 5, retry: { baseDelay: 5 } });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => batcher.add({ put: { pk: `k${i % 10}`, seq: i } })));
    await batcher.shutdown();
    expect(sortedBy(byPk)(await aws.dynamodb.scanAll(tableName))).toEqual(Array.from({ length: 10 }, (_, k) => ({ pk: `k${k}`, seq: 40 + k })));
    expect(faults.log.map((entry) => entry.fault ?? 'ok').slice(0, 8)).toEqual(['error', 'error', 'error', 'error', 'error', 'error', 'reset-before', 'ok']);
    expect(faults.log.map((entry) => entry.errorName).filter(Boolean)).toEqual([
      'ProvisionedThroughputExceededException',
      'ProvisionedThroughputExceededException',
      'ThrottlingException',
      'RequestLimitExceeded',
      'InternalServerError',
      'ServiceUnavailable',
    ]);
    expect(results[0]).toEqual({ status: 'written', attempts: 8 });
    expect([...appliedPerKey(recorder.requests, byPk).values()].map((writes) => writes.length)).toEqual(Array.from({ length: 10 }, () => 5));
  });

  it('keeps order per key when a reset after DynamoDB applied a request makes the sink send it again', async () => {
    const tableName = await newTable();
    aws.dynamodb.faults.add({ operation: 'BatchWriteItem', times: 1, reset: 'after' });
    const batcher = new Batcher({ ...dynamoDbSink({ client: aws.dynamodb.client({ maxAttempts: 1 }), tableName, keyAttributes: ['pk'] }), maxBatchDelay: 5, retry: { baseDelay: 5 } });
    await Promise.all([batcher.add({ put: { pk: 'a', v: 1 } }), batcher.add({ put: { pk: 'a', v: 2 } })]);
    await batcher.shutdown();
    expect(await aws.dynamodb.scanAll(tableName)).toEqual([{ pk: 'a', v: 2 }]);
    // v1 was applied, reset, applied again; only then v2.
    expect(aws.dynamodb.faults.log.map((entry) => [entry.fault ?? 'ok', entry.entries])).toEqual([
      ['reset-after', 1],
      ['ok', 1],
      ['ok', 1],
    ]);
  });

  it('rejects with the AWS error as cause when the table does not exist, without retrying', async () => {
    const batcher = new Batcher({ ...dynamoDbSink({ client: aws.dynamodb.client({ maxAttempts: 1 }), tableName: 'no-such-table', keyAttributes: ['pk'] }), maxBatchDelay: 0 });
    const error = (await batcher.add({ put: { pk: 'a' } }).catch((e: unknown) => e)) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({ code: 'JOB_FAILED', attempts: 1 });
    expect(error.cause).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(aws.dynamodb.faults.log).toHaveLength(1);
  });
});
