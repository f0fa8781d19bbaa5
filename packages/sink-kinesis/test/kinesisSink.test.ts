import { runInNewContext } from 'node:vm';
import type { PutRecordsCommand, PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { Batcher, InvalidOptionError, JobFailedError, JobTooLargeError, RetriesExhaustedError } from '@batch/core';
import { UnserializablePayloadError } from '@batch/sink-common';
import {
  InvalidExplicitHashKeyError,
  InvalidPartitionKeyError,
  KinesisRecordError,
  KinesisResponseError,
  kinesisSink,
  randomPartitionKey,
} from '@batch/sink-kinesis';
import type { KinesisClientLike } from '@batch/sink-kinesis';

interface SentRecord {
  readonly data: string;
  readonly key: string;
  readonly hash?: string | undefined;
}

/**
 * A fake Kinesis client: records every PutRecords input and answers each record with
 * `answer(record, callIndex)` (default: success with a sequence number).
 */
function fakeClient(answer: (record: SentRecord, call: number) => PutRecordsResultEntry | Error = () => ({})) {
  const calls: Array<{ input: PutRecordsCommand['input']; records: SentRecord[] }> = [];
  let sequence = 0;
  const client: KinesisClientLike = {
    send: async (command) => {
      const input = command.input;
      const records = (input.Records ?? []).map((r) => ({
        data: Buffer.from(r.Data ?? new Uint8Array()).toString('utf8'),
        key: r.PartitionKey ?? '',
        hash: r.ExplicitHashKey,
      }));
      calls.push({ input, records });
      const call = calls.length;
      const results: PutRecordsResultEntry[] = [];
      for (const record of records) {
        const entry = answer(record, call);
        if (entry instanceof Error) throw entry;
        results.push(entry.ErrorCode === undefined ? { ShardId: 'shardId-000000000000', SequenceNumber: `${++sequence}`, ...entry } : entry);
      }
      return { Records: results, FailedRecordCount: results.filter((r) => r.ErrorCode).length, $metadata: {} };
    },
  };
  return { client, calls };
}

const throttled: PutRecordsResultEntry = { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard' };

describe('kinesisSink: encoding and results', () => {
  it('serializes data once (bytes as is, strings as UTF-8, values as JSON) and resolves each job with its own shard and sequence number', async () => {
    const { client, calls } = fakeClient();
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 'events' }), maxBatchDelay: 0 });
    const results = await Promise.all([
      batcher.add({ data: new Uint8Array([104, 105]), partitionKey: 'a' }),
      batcher.add({ data: 'héllo', partitionKey: 'b' }),
      batcher.add({ data: { user: 42 }, partitionKey: 'c', explicitHashKey: '340282366920938463463374607431768211455' }),
    ]);
    expect(results).toEqual([
      { shardId: 'shardId-000000000000', sequenceNumber: '1' },
      { shardId: 'shardId-000000000000', sequenceNumber: '2' },
      { shardId: 'shardId-000000000000', sequenceNumber: '3' },
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.input.StreamName).toBe('events');
    expect(calls[0]?.records).toEqual([
      { data: 'hi', key: 'a', hash: undefined },
      { data: 'héllo', key: 'b', hash: undefined },
      { data: '{"user":42}', key: 'c', hash: '340282366920938463463374607431768211455' },
    ]);
  });

  it('sends the bytes of any binary value, from this realm or another, rather than their JSON', async () => {
    const { client, calls } = fakeClient();
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 'events' }), maxBatchDelay: 0 });
    const backing = new TextEncoder().encode('xxhiyy').buffer;
    await Promise.all([
      batcher.add({ data: runInNewContext('new Uint8Array([104, 105])'), partitionKey: 'a' }),
      batcher.add({ data: new DataView(backing, 2, 2), partitionKey: 'b' }),
      batcher.add({ data: new TextEncoder().encode('hi').buffer, partitionKey: 'c' }),
      batcher.add({ data: runInNewContext('new Uint8Array([104, 105]).buffer'), partitionKey: 'd' }),
    ]);
    expect(calls[0]?.records.map((r) => r.data)).toEqual(['hi', 'hi', 'hi', 'hi']);
  });

  it('sends StreamARN when given', async () => {
    const { client, calls } = fakeClient();
    const arn = 'arn:aws:kinesis:us-east-1:123456789012:stream/events';
    const batcher = new Batcher({ ...kinesisSink({ client, streamARN: arn }), maxBatchDelay: 0 });
    await batcher.add({ data: 'x', partitionKey: 'k' });
    expect(calls[0]?.input).toMatchObject({ StreamARN: arn });
    expect(calls[0]?.input.StreamName).toBeUndefined();
  });

  it('generates a random 32-hex-character partition key when none is given, and keeps it across retries', async () => {
    let first = true;
    const { client, calls } = fakeClient(() => {
      if (first) {
        first = false;
        return throttled;
      }
      return {};
    });
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    await batcher.add({ data: 'x' });
    const keys = calls.map((c) => c.records[0]?.key);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('spreads generated keys: 10,000 of them are distinct', () => {
    const keys = new Set(Array.from({ length: 10_000 }, () => randomPartitionKey()));
    expect(keys.size).toBe(10_000);
  });
});

describe('kinesisSink: limits enforced at add()', () => {
  it('rejects a record whose data + partition key exceed maxRecordSize, while its batch-mates land', async () => {
    const { client, calls } = fakeClient();
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's', maxRecordSize: 1024 }), maxBatchDelay: 0 });
    const ok = batcher.add({ data: Buffer.alloc(1020), partitionKey: 'abcd' });
    const tooBig = batcher.add({ data: Buffer.alloc(1020), partitionKey: 'abcde' });
    const error = (await tooBig.catch((e: unknown) => e)) as JobTooLargeError;
    expect(error).toBeInstanceOf(JobTooLargeError);
    expect(error).toMatchObject({ code: 'JOB_TOO_LARGE', limit: 'maxRecordSize', size: 1025, max: 1024 });
    expect(error.message).toBe('Job of 1025 bytes exceeds `maxRecordSize` of 1024 bytes (record data + partition key)');
    await expect(ok).resolves.toMatchObject({ sequenceNumber: '1' });
    expect(calls.flatMap((c) => c.records.map((r) => r.key))).toEqual(['abcd']);
  });

  it('counts the partition key in UTF-8 bytes', async () => {
    const { client } = fakeClient();
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's', maxRecordSize: 10 }), maxBatchDelay: 0 });
    await expect(batcher.add({ data: 'abcd', partitionKey: '€€' })).resolves.toBeDefined(); // 4 + 6 = 10
    await expect(batcher.add({ data: 'abcd', partitionKey: '€€a' })).rejects.toMatchObject({ size: 11 });
  });

  it.each([
    ['an empty partition key', { data: 'x', partitionKey: '' }, InvalidPartitionKeyError, 'Invalid partition key: 0 Unicode code points; Kinesis allows 1 to 256'],
    ['a 257-character partition key', { data: 'x', partitionKey: 'k'.repeat(257) }, InvalidPartitionKeyError, 'Invalid partition key: 257 Unicode code points; Kinesis allows 1 to 256'],
    ['a non-string partition key', { data: 'x', partitionKey: 7 as unknown as string }, InvalidPartitionKeyError, 'Invalid partition key: expected a string, got number'],
    ['a hash key above 2^128 - 1', { data: 'x', partitionKey: 'k', explicitHashKey: '340282366920938463463374607431768211456' }, InvalidExplicitHashKeyError, 'Invalid explicit hash key: expected a decimal integer from 0 to 2^128 - 1'],
    ['a non-decimal hash key', { data: 'x', partitionKey: 'k', explicitHashKey: '0x10' }, InvalidExplicitHashKeyError, 'Invalid explicit hash key: expected a decimal integer from 0 to 2^128 - 1'],
    ['a hash key with a leading zero', { data: 'x', partitionKey: 'k', explicitHashKey: '012' }, InvalidExplicitHashKeyError, 'Invalid explicit hash key: expected a decimal integer from 0 to 2^128 - 1'],
    ['unserializable data', { data: 10n, partitionKey: 'k' }, UnserializablePayloadError, 'Payload cannot be serialized: TypeError'],
  ])('rejects %s with a typed error and never sends it', async (_name, job, type, message) => {
    const { client, calls } = fakeClient();
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchDelay: 0 });
    const good = batcher.add({ data: 'fine', partitionKey: 'good' });
    const bad = batcher.add(job);
    await expect(bad).rejects.toBeInstanceOf(type);
    await expect(bad).rejects.toThrow(message);
    await good;
    expect(calls.flatMap((c) => c.records.map((r) => r.data))).toEqual(['fine']);
  });

  it('accepts a 256-code-point key made of astral characters', async () => {
    const { client } = fakeClient();
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchDelay: 0 });
    await expect(batcher.add({ data: 'x', partitionKey: '😀'.repeat(256) })).resolves.toBeDefined();
  });

  it('packs requests by bytes: never over maxRequestBytes nor 500 records', async () => {
    const { client, calls } = fakeClient();
    const sink = kinesisSink({ client, streamName: 's', maxRecordSize: 1000, maxRequestBytes: 2500 });
    const batcher = new Batcher({ ...sink, maxBatchDelay: 0 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.add({ data: Buffer.alloc(999), partitionKey: `${i}` })));
    expect(calls.map((c) => c.records.length)).toEqual([2, 2, 2, 2, 2]);
    const small = new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchDelay: 0 });
    calls.length = 0;
    await Promise.all(Array.from({ length: 1200 }, (_, i) => small.add({ data: 'x', partitionKey: `${i}` })));
    expect(calls.map((c) => c.records.length)).toEqual([500, 500, 200]);
  });

  it('refuses batcher options beyond PutRecords limits at construction', () => {
    const { client } = fakeClient();
    expect(() => new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchSize: 501 })).toThrow(
      'Expected `maxBatchSize` to be an integer between 1 and 500, got `501`',
    );
    expect(() => new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchBytes: 20 * 1024 * 1024 })).toThrow(InvalidOptionError);
  });

  it.each([
    [{ client: {} }, 'Expected `client` to be an AWS SDK v3 Kinesis client (an object with `send`), got `object`'],
    [{ streamName: undefined }, 'Expected `streamName` to be a stream name (or give `streamARN`), got `undefined`'],
    [{ streamName: 'bad name!' }, 'Expected `streamName` to be a stream name of 1 to 128 characters [a-zA-Z0-9_.-], got `"bad name!"`'],
    [{ streamARN: 'events' }, 'Expected `streamARN` to be a Kinesis stream ARN, got `"events"`'],
    [{ maxRecordSize: 11 * 1024 * 1024 }, 'Expected `maxRecordSize` to be an integer between 1 and 10485760, got `11534336`'],
    [{ maxRequestBytes: 100 }, 'Expected `maxRequestBytes` to be an integer between `maxRecordSize` (1048576) and 10485760, got `100`'],
    [{ strictOrdering: 'yes' }, 'Expected `strictOrdering` to be a boolean, got `"yes"`'],
  ])('validates options: %j', (override, message) => {
    const { client } = fakeClient();
    expect(() => kinesisSink({ client, streamName: 's', ...override } as never)).toThrow(message);
  });
});

describe('kinesisSink: failures', () => {
  it('retries only the throttled records, and maps each result back to its own job', async () => {
    const { client, calls } = fakeClient((record, call) => (call === 1 && record.data.endsWith('1') ? throttled : {}));
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    const results = await Promise.all(['r0', 'r1', 'r2', 'r11'].map((data, i) => batcher.add({ data, partitionKey: `k${i}` })));
    expect(calls.map((c) => c.records.map((r) => r.data))).toEqual([['r0', 'r1', 'r2', 'r11'], ['r1', 'r11']]);
    // Successes are numbered in the order Kinesis accepted them: r0, r2, then the retried r1, r11.
    expect(results.map((r) => r.sequenceNumber)).toEqual(['1', '3', '2', '4']);
  });

  it('retries InternalFailure records and rejects records with other error codes without retrying', async () => {
    const { client, calls } = fakeClient((record, call) => {
      if (record.data === 'internal' && call === 1) return { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' };
      if (record.data === 'kms') return { ErrorCode: 'KMSAccessDeniedException', ErrorMessage: 'denied' };
      return {};
    });
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    const internal = batcher.add({ data: 'internal', partitionKey: 'a' });
    const kms = batcher.add({ data: 'kms', partitionKey: 'b' }).catch((e: unknown) => e);
    await expect(internal).resolves.toBeDefined();
    // The sink's own typed error is the rejection itself, not wrapped.
    const error = (await kms) as KinesisRecordError;
    expect(error).toBeInstanceOf(KinesisRecordError);
    expect(error).toMatchObject({ code: 'KINESIS_RECORD_FAILED', errorCode: 'KMSAccessDeniedException', awsMessage: 'denied' });
    expect(calls).toHaveLength(2);
  });

  it('rejects with RetriesExhaustedError carrying the last KinesisRecordError when throttling persists', async () => {
    const { client } = fakeClient(() => throttled);
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchDelay: 0, retry: { maxAttempts: 3, baseDelay: 1 } });
    const error = (await batcher.add({ data: 'x', partitionKey: 'k' }).catch((e: unknown) => e)) as RetriesExhaustedError;
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error.attempts).toBe(3);
    expect(error.cause).toBeInstanceOf(KinesisRecordError);
  });

  it('retries request-level throttles and 5xx, including KMSThrottlingException', async () => {
    const failures = [
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }),
      Object.assign(new Error('KMS throttled'), { name: 'KMSThrottlingException', $metadata: { httpStatusCode: 400 } }),
      Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    const { client, calls } = fakeClient((_record, call) => failures[call - 1] ?? {});
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    await expect(batcher.add({ data: 'x', partitionKey: 'k' })).resolves.toMatchObject({ sequenceNumber: '1' });
    expect(calls).toHaveLength(5);
  });

  it.each(['ValidationException', 'ResourceNotFoundException', 'AccessDeniedException', 'KMSDisabledException'])(
    'rejects at once on %s, with the AWS error as cause',
    async (name) => {
      const awsError = Object.assign(new Error('no'), { name, $metadata: { httpStatusCode: 400 } });
      const { client, calls } = fakeClient(() => awsError);
      const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchDelay: 0 });
      const error = (await batcher.add({ data: 'x', partitionKey: 'k' }).catch((e: unknown) => e)) as JobFailedError;
      expect(error).toBeInstanceOf(JobFailedError);
      expect(error.cause).toBe(awsError);
      expect(calls).toHaveLength(1);
    },
  );

  it('fails the batch on a response with the wrong number of results', async () => {
    const client: KinesisClientLike = { send: async () => ({ Records: [], $metadata: {} }) };
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchDelay: 0 });
    const error = await batcher.add({ data: 'x', partitionKey: 'k' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KinesisResponseError);
    expect(error).toMatchObject({ code: 'KINESIS_BAD_RESPONSE', message: 'Malformed PutRecords response: 0 results for 1 records' });
  });
});

describe('kinesisSink: order per partition key', () => {
  it('re-sends a throttled record before any later record of its key, while other keys flow', async () => {
    const { client, calls } = fakeClient((record, call) => (call === 1 && record.data === 'a1' ? throttled : {}));
    // a1's retry is due 50 ms after its failure: well after a2 and b2 are added, whatever the load.
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's' }), maxBatchDelay: 0, concurrency: 2, retry: { baseDelay: 50, random: () => 1 } });
    const first = [batcher.add({ data: 'a1', partitionKey: 'a' }), batcher.add({ data: 'b1', partitionKey: 'b' })];
    await new Promise((resolve) => setImmediate(resolve));
    const later = [batcher.add({ data: 'a2', partitionKey: 'a' }), batcher.add({ data: 'b2', partitionKey: 'b' })];
    await Promise.all([...first, ...later]);
    const sentA = calls.flatMap((c) => c.records.filter((r) => r.key === 'a').map((r) => r.data));
    expect(sentA).toEqual(['a1', 'a1', 'a2']);
    const b2Call = calls.findIndex((c) => c.records.some((r) => r.data === 'b2'));
    const a1RetryCall = calls.findIndex((c, i) => i > 0 && c.records.some((r) => r.data === 'a1'));
    expect(b2Call).toBeLessThan(a1RetryCall);
  });

  it('puts at most one record per key in a request in strict mode', async () => {
    const { client, calls } = fakeClient();
    const batcher = new Batcher({ ...kinesisSink({ client, streamName: 's', strictOrdering: true }), maxBatchDelay: 0 });
    await Promise.all(['a', 'a', 'b', 'a', 'b'].map((key, i) => batcher.add({ data: `${key}${i}`, partitionKey: key })));
    expect(calls.map((c) => c.records.map((r) => r.data))).toEqual([['a0', 'b2'], ['a1', 'b4'], ['a3']]);
  });
});
