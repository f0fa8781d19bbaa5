import { Batcher, JobTooLargeError } from '@batch/core';
import { startLocalAws } from '@batch/local-aws';
import type { LocalAws } from '@batch/local-aws';
import { InvalidExplicitHashKeyError, InvalidPartitionKeyError, kinesisSink } from '@batch/sink-kinesis';
import type { KinesisResult } from '@batch/sink-kinesis';

/*
 * Against kinesalite through the fault proxy, with the real SDK client. Clients use
 * maxAttempts 1 so that every retry seen here is the sink's own. kinesalite answers requests
 * above ~5 MiB with a bare 413, so requests are capped at 5 MiB.
 */
let aws: LocalAws;
let streamCounter = 0;

beforeAll(async () => {
  aws = await startLocalAws({ services: ['kinesis'] });
});
afterAll(async () => {
  await aws.stop();
});
afterEach(() => {
  aws.kinesis.faults.clear();
  aws.kinesis.faults.clearLog();
});

async function newStream(shardCount: number): Promise<string> {
  const name = `stream-${process.pid}-${++streamCounter}`;
  await aws.kinesis.createStream(name, { shardCount });
  return name;
}

function sink(streamName: string, extra: { strictOrdering?: boolean } = {}) {
  return kinesisSink({ client: aws.kinesis.client({ maxAttempts: 1 }), streamName, maxRequestBytes: 5 * 1024 * 1024, ...extra });
}

const text = (data: Uint8Array): string => Buffer.from(data).toString('utf8');

it('lands 10,000 records exactly once, in order per key, with 30% of entries failing on early requests', async () => {
  const streamName = await newStream(4);
  aws.kinesis.faults.add({ operation: 'PutRecords', times: 100, failEntries: { ratio: 0.3 } });
  // While faults last a record fails 30% of its attempts: with the default 10 attempts one record in
  // 10,000 runs out about once in twenty runs (0.3^10 × 10,000); 40 make that negligible.
  const batcher = new Batcher({ ...sink(streamName, { strictOrdering: true }), maxBatchDelay: 5, concurrency: 4, retry: { baseDelay: 5, maxDelay: 50, maxAttempts: 40 } });
  const keys = 200;
  const results = await Promise.all(
    Array.from({ length: 10_000 }, (_, i) => batcher.add({ data: { i, key: `k${i % keys}` }, partitionKey: `k${i % keys}` })),
  );
  await batcher.shutdown();

  const landed = await aws.kinesis.readAll(streamName);
  const payloads = landed.map((r) => JSON.parse(text(r.data)) as { i: number; key: string });
  expect(payloads.map((p) => p.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  // Per key, the stream holds the records in add order (readAll is shard then sequence order).
  const perKey = new Map<string, number[]>();
  for (const p of payloads) perKey.set(p.key, [...(perKey.get(p.key) ?? []), p.i]);
  for (const [, seen] of perKey) expect(seen).toEqual([...seen].sort((a, b) => a - b));
  // Every promise resolved with the real location of its own record.
  const byLocation = new Map(landed.map((r) => [`${r.shardId}/${r.sequenceNumber}`, JSON.parse(text(r.data)) as { i: number }]));
  results.forEach((result: KinesisResult, i) => expect(byLocation.get(`${result.shardId}/${result.sequenceNumber}`)?.i).toBe(i));
  // Faults really happened, and only failed entries were re-sent.
  const failed = aws.kinesis.faults.log.reduce((sum, e) => sum + (e.failedIndices?.length ?? 0), 0);
  const sent = aws.kinesis.faults.log.reduce((sum, e) => sum + (e.entries ?? 0), 0);
  const faulted = aws.kinesis.faults.log.filter((e) => e.fault === 'failEntries');
  expect(faulted).toHaveLength(100);
  const faultedEntries = faulted.reduce((sum, e) => sum + (e.entries ?? 0), 0);
  expect(failed / faultedEntries).toBeGreaterThan(0.2); // ~30% of the entries in faulted requests
  expect(failed / faultedEntries).toBeLessThan(0.4);
  expect(sent).toBe(10_000 + failed);
}, 60_000);

it('lands records without partition keys exactly once with their own shard and sequence number', async () => {
  const streamName = await newStream(2);
  aws.kinesis.faults.add({ operation: 'PutRecords', times: 10, failEntries: { ratio: 0.3 } });
  const batcher = new Batcher({ ...sink(streamName), maxBatchDelay: 5, concurrency: 2, retry: { baseDelay: 5, maxDelay: 50, maxAttempts: 40 } });
  const results = await Promise.all(Array.from({ length: 2000 }, (_, i) => batcher.add({ data: `record-${i}` })));
  await batcher.shutdown();
  const landed = await aws.kinesis.readAll(streamName);
  expect(landed.map((r) => text(r.data)).sort()).toEqual(Array.from({ length: 2000 }, (_, i) => `record-${i}`).sort());
  expect(new Set(landed.map((r) => r.shardId)).size).toBe(2); // random keys reach both shards
  const byLocation = new Map(landed.map((r) => [`${r.shardId}/${r.sequenceNumber}`, text(r.data)]));
  results.forEach((result, i) => expect(byLocation.get(`${result.shardId}/${result.sequenceNumber}`)).toBe(`record-${i}`));
}, 30_000);

it('rejects oversize, empty-key, too-long-key and bad-hash-key jobs with typed errors while their batch-mates land', async () => {
  const streamName = await newStream(1);
  const batcher = new Batcher({
    ...kinesisSink({ client: aws.kinesis.client({ maxAttempts: 1 }), streamName, maxRecordSize: 1024 * 1024, maxRequestBytes: 5 * 1024 * 1024 }),
    maxBatchDelay: 20,
  });
  const good = [0, 1, 2].map((i) => batcher.add({ data: `good-${i}`, partitionKey: 'p' }));
  const bad = [
    batcher.add({ data: Buffer.alloc(1024 * 1024), partitionKey: 'p' }),
    batcher.add({ data: 'x', partitionKey: '' }),
    batcher.add({ data: 'x', partitionKey: 'k'.repeat(257) }),
    batcher.add({ data: 'x', partitionKey: 'p', explicitHashKey: '-1' }),
  ].map((p) => p.catch((e: unknown) => e));
  await Promise.all(good);
  const errors = await Promise.all(bad);
  expect(errors[0]).toBeInstanceOf(JobTooLargeError);
  expect(errors[0]).toMatchObject({ size: 1024 * 1024 + 1, max: 1024 * 1024, limit: 'maxRecordSize' });
  expect(errors[1]).toBeInstanceOf(InvalidPartitionKeyError);
  expect(errors[2]).toBeInstanceOf(InvalidPartitionKeyError);
  expect(errors[3]).toBeInstanceOf(InvalidExplicitHashKeyError);
  await batcher.shutdown();
  expect((await aws.kinesis.readAll(streamName)).map((r) => text(r.data))).toEqual(['good-0', 'good-1', 'good-2']);
  expect(aws.kinesis.faults.log.map((e) => e.entries)).toEqual([3]);
});

it('survives request-level throttles, 503s and a reset before forwarding, with no duplicates', async () => {
  const streamName = await newStream(1);
  aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, error: aws.kinesis.faults.throttlingError });
  aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, error: { status: 503, name: 'ServiceUnavailable' } });
  aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, error: { status: 400, name: 'KMSThrottlingException' } });
  aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, reset: 'before' });
  const batcher = new Batcher({ ...sink(streamName), maxBatchDelay: 5, retry: { baseDelay: 5 } });
  await Promise.all(Array.from({ length: 50 }, (_, i) => batcher.add({ data: `r${i}`, partitionKey: `k${i % 5}` })));
  await batcher.shutdown();
  const landed = (await aws.kinesis.readAll(streamName)).map((r) => text(r.data));
  expect(landed.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `r${i}`).sort());
  expect(aws.kinesis.faults.log.map((e) => e.fault ?? 'ok')).toEqual(['error', 'error', 'error', 'reset-before', 'ok']);
});

it('is at least once: a reset after Kinesis applied the request re-sends those records', async () => {
  const streamName = await newStream(1);
  aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, reset: 'after' });
  const batcher = new Batcher({ ...sink(streamName), maxBatchDelay: 5, retry: { baseDelay: 5 } });
  await Promise.all(Array.from({ length: 20 }, (_, i) => batcher.add({ data: `r${i}`, partitionKey: 'k' })));
  await batcher.shutdown();
  const landed = (await aws.kinesis.readAll(streamName)).map((r) => text(r.data));
  // Each record twice: once from the applied-then-reset request, once from the retry — in order.
  const expected = Array.from({ length: 20 }, (_, i) => `r${i}`);
  expect(landed).toEqual([...expected, ...expected]);
});

it('rejects with the AWS error as cause when the stream does not exist, without retrying', async () => {
  const batcher = new Batcher({ ...sink('no-such-stream'), maxBatchDelay: 0 });
  const error = (await batcher.add({ data: 'x', partitionKey: 'k' }).catch((e: unknown) => e)) as Error;
  expect(error).toMatchObject({ code: 'JOB_FAILED', attempts: 1 });
  expect(error.cause).toMatchObject({ name: 'ResourceNotFoundException' });
  expect(aws.kinesis.faults.log).toHaveLength(1);
});

describe('order within one request', () => {
  it('without strictOrdering, Kinesis itself reorders a failed record and a later accepted one of the same key', async () => {
    const streamName = await newStream(1);
    aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, failEntries: { indices: [0] } });
    const batcher = new Batcher({ ...sink(streamName), maxBatchDelay: 5, retry: { baseDelay: 1 } });
    await Promise.all([batcher.add({ data: 'first', partitionKey: 'k' }), batcher.add({ data: 'second', partitionKey: 'k' })]);
    await batcher.shutdown();
    expect((await aws.kinesis.readAll(streamName)).map((r) => text(r.data))).toEqual(['second', 'first']);
  });

  it('with strictOrdering, the same failure cannot reorder: one record per key per request', async () => {
    const streamName = await newStream(1);
    aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, failEntries: { indices: [0] } });
    const batcher = new Batcher({ ...sink(streamName, { strictOrdering: true }), maxBatchDelay: 5, retry: { baseDelay: 1 } });
    await Promise.all([batcher.add({ data: 'first', partitionKey: 'k' }), batcher.add({ data: 'second', partitionKey: 'k' })]);
    await batcher.shutdown();
    expect((await aws.kinesis.readAll(streamName)).map((r) => text(r.data))).toEqual(['first', 'second']);
    expect(aws.kinesis.faults.log.map((e) => [e.entries, e.failedIndices ?? []])).toEqual([
      [1, [0]],
      [1, []],
      [1, []],
    ]);
  });
});
