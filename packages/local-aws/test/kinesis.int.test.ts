import {
  KinesisClient,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { fastRetryStrategy, startLocalAws, type LocalAws } from '@batch/local-aws';
import { caught, captureLogger, uniqueName } from './helpers.js';

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws({ seed: 1234, services: ['kinesis'] });
});

afterAll(async () => {
  await aws.stop();
});

afterEach(() => {
  aws.kinesis.faults.clear();
  aws.kinesis.faults.clearLog();
  aws.kinesis.faults.enforceLimits = false;
});

const records = (count: number, prefix = 'r'): PutRecordsRequestEntry[] =>
  Array.from({ length: count }, (_, i) => ({ Data: Buffer.from(`${prefix}${i}`), PartitionKey: `key-${i}` }));

const payloads = (read: { data: Uint8Array }[]): string[] => read.map((r) => Buffer.from(r.data).toString()).sort();

async function newStream(shardCount = 1): Promise<string> {
  const name = uniqueName('stream');
  await aws.kinesis.createStream(name, { shardCount });
  return name;
}

describe('emulator and read-back', () => {
  it('creates an ACTIVE stream and reads every shard back in shard then sequence order', async () => {
    const name = uniqueName('stream');
    const created = await aws.kinesis.createStream(name, { shardCount: 3 });
    expect(created).toEqual({
      streamName: name,
      streamArn: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`,
      shardCount: 3,
    });
    const client = aws.kinesis.client();
    for (let i = 0; i < 30; i += 1) {
      await client.send(new PutRecordCommand({ StreamName: name, Data: Buffer.from(`v${i}`), PartitionKey: `pk${i}` }));
    }
    const read = await aws.kinesis.readAll(name);
    expect(read).toHaveLength(30);
    expect(payloads(read)).toEqual(Array.from({ length: 30 }, (_, i) => `v${i}`).sort());
    const shardIds = read.map((r) => r.shardId);
    expect(shardIds).toEqual([...shardIds].sort());
    for (const shard of new Set(shardIds)) {
      const sequence = read.filter((r) => r.shardId === shard).map((r) => BigInt(r.sequenceNumber));
      expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    // Within one partition key, the put order survives.
    const client2 = aws.kinesis.client();
    const second = await newStream(2);
    for (let i = 0; i < 5; i += 1) {
      await client2.send(new PutRecordCommand({ StreamName: second, Data: Buffer.from(`s${i}`), PartitionKey: 'same' }));
    }
    expect((await aws.kinesis.readAll(second)).map((r) => Buffer.from(r.data).toString())).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });

  it('verifies the quirk: a Kinesis client with the default (HTTP/2) handler fails against kinesalite', async () => {
    const client = new KinesisClient({
      endpoint: aws.kinesis.directEndpoint,
      region: aws.region,
      credentials: { ...aws.credentials },
      maxAttempts: 1,
    });
    const error = await caught(client.send(new ListStreamsCommand({})));
    expect(error.message).toContain('Protocol error');
    client.destroy();
    // The package's clients carry a NodeHttpHandler and work.
    const ours = aws.kinesis.client();
    expect((await ours.send(new ListStreamsCommand({}))).StreamNames).toEqual(expect.any(Array));
  });

  it('translates StreamARN for kinesalite, which rejects it directly', async () => {
    const name = uniqueName('stream');
    const { streamArn } = await aws.kinesis.createStream(name);
    const direct = await caught(
      aws.kinesis.directClient({ maxAttempts: 1 }).send(
        new PutRecordsCommand({ StreamARN: streamArn, Records: records(1) }),
      ),
    );
    expect(direct).toMatchObject({ name: 'ValidationException', status: 400 });
    const out = await aws.kinesis.client().send(new PutRecordsCommand({ StreamARN: streamArn, Records: records(2) }));
    expect(out.FailedRecordCount).toBe(0);
    expect(payloads(await aws.kinesis.readAll(name))).toEqual(['r0', 'r1']);
  });
});

describe('partial failure of PutRecords', () => {
  it('fails the chosen indices in place and forwards only the others', async () => {
    const name = await newStream();
    const rule = aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, failEntries: { indices: [1, 3] } });
    const out = await aws.kinesis.client({ maxAttempts: 1 }).send(
      new PutRecordsCommand({ StreamName: name, Records: records(5) }),
    );
    expect(out.FailedRecordCount).toBe(2);
    expect(out.Records?.map((r) => r.ErrorCode ?? 'ok')).toEqual([
      'ok',
      'ProvisionedThroughputExceededException',
      'ok',
      'ProvisionedThroughputExceededException',
      'ok',
    ]);
    expect(out.Records?.[1]?.ErrorMessage).toBe(`Rate exceeded for shard in stream ${name} under account 000000000000.`);
    expect(out.Records?.[0]?.SequenceNumber).toMatch(/^\d+$/);
    expect(payloads(await aws.kinesis.readAll(name))).toEqual(['r0', 'r2', 'r4']);
    expect(rule.applied).toBe(1);
    expect(rule.remaining).toBe(0);
    expect(aws.kinesis.faults.log).toEqual([
      { seq: expect.any(Number) as number, operation: 'PutRecords', status: 200, entries: 5, ruleId: rule.id, failedIndices: [1, 3], fault: 'failEntries' },
    ]);
  });

  it('reports InternalFailure when asked to', async () => {
    const name = await newStream();
    aws.kinesis.faults.add({ failEntries: { indices: [0], errorCode: 'InternalFailure' } });
    const out = await aws.kinesis.client().send(new PutRecordsCommand({ StreamName: name, Records: records(2) }));
    expect(out.Records?.[0]).toEqual({ ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' });
    expect(payloads(await aws.kinesis.readAll(name))).toEqual(['r1']);
  });

  it('answers every record failed without calling kinesalite when all are chosen', async () => {
    const name = await newStream();
    aws.kinesis.faults.add({ failEntries: { ratio: 1 } });
    const out = await aws.kinesis.client().send(new PutRecordsCommand({ StreamName: name, Records: records(3) }));
    expect(out.FailedRecordCount).toBe(3);
    expect(out.EncryptionType).toBe('NONE');
    expect(await aws.kinesis.readAll(name)).toEqual([]);
  });

  it('picks the same failed entries for the same seed (replayable ratio)', async () => {
    const run = async (): Promise<number[][]> => {
      const local = await startLocalAws({ seed: 99, services: ['kinesis'] });
      try {
        const name = uniqueName('stream');
        await local.kinesis.createStream(name);
        local.kinesis.faults.add({ ratio: 0.5, failEntries: { ratio: 0.3 } });
        const client = local.kinesis.client();
        for (let i = 0; i < 6; i += 1) await client.send(new PutRecordsCommand({ StreamName: name, Records: records(10) }));
        return local.kinesis.faults.log.map((entry) => [...(entry.failedIndices ?? [-1])]);
      } finally {
        await local.stop();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    // The request ratio left some requests alone and the entry ratio failed a strict subset of others.
    expect(first.some((failed) => failed[0] === -1)).toBe(true);
    expect(first.some((failed) => failed[0] !== -1 && failed.length > 0 && failed.length < 10)).toBe(true);
  });
});

describe('whole-request faults', () => {
  it.each<[string, { status: number; name: string; message?: string }]>([
    ['throttling', { status: 400, name: 'ProvisionedThroughputExceededException' }],
    ['a 500', { status: 500, name: 'InternalFailure' }],
    ['a 503', { status: 503, name: 'ServiceUnavailable' }],
    ['a chosen error name', { status: 400, name: 'KMSThrottlingException', message: 'KMS says no' }],
  ])('answers %s that the SDK parses as the named exception', async (_label, error) => {
    const name = await newStream();
    aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, error });
    const failure = await caught(
      aws.kinesis.client({ maxAttempts: 1 }).send(new PutRecordsCommand({ StreamName: name, Records: records(2) })),
    );
    expect(failure).toMatchObject({ name: error.name, status: error.status });
    if (error.message !== undefined) expect(failure.message).toBe(error.message);
    expect(await aws.kinesis.readAll(name)).toEqual([]);
    expect(aws.kinesis.faults.log.filter((e) => e.operation === 'PutRecords')).toEqual([
      expect.objectContaining({ status: error.status, fault: 'error', errorName: error.name }),
    ]);
  });

  it('throttle() uses the service throttling error, and the SDK retries it', async () => {
    const name = await newStream();
    aws.kinesis.faults.throttle({ operation: 'PutRecords', times: 2 });
    const out = await aws.kinesis.client({ retryStrategy: fastRetryStrategy({ maxAttempts: 3 }) }).send(
      new PutRecordsCommand({ StreamName: name, Records: records(1) }),
    );
    expect(out.$metadata.attempts).toBe(3);
    expect(aws.kinesis.faults.log.map((e) => e.status)).toEqual([400, 400, 200]);
  });

  it('adds latency and records it in the log', async () => {
    const name = await newStream();
    aws.kinesis.faults.add({ operation: 'PutRecords', latencyMs: 40 });
    aws.kinesis.faults.add({ operation: 'PutRecords', latencyMs: 10 });
    await aws.kinesis.client().send(new PutRecordsCommand({ StreamName: name, Records: records(1) }));
    expect(aws.kinesis.faults.log).toEqual([
      expect.objectContaining({ operation: 'PutRecords', status: 200, fault: 'latency', latencyMs: 50 }),
    ]);
    expect(payloads(await aws.kinesis.readAll(name))).toEqual(['r0']);
  });

  it('stacks latency with a partial failure', async () => {
    const name = await newStream();
    aws.kinesis.faults.add({ latencyMs: 5 });
    aws.kinesis.faults.add({ failEntries: { indices: [0] } });
    await aws.kinesis.client().send(new PutRecordsCommand({ StreamName: name, Records: records(2) }));
    expect(aws.kinesis.faults.log).toEqual([
      expect.objectContaining({ fault: 'failEntries', latencyMs: 5, failedIndices: [0] }),
    ]);
  });

  it('resets the connection before forwarding: nothing is written, and the error keeps its name and code under Jest', async () => {
    const name = await newStream();
    aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, reset: 'before' });
    const failure = await caught(
      aws.kinesis.client({ maxAttempts: 1 }).send(new PutRecordsCommand({ StreamName: name, Records: records(2) })),
    );
    expect(failure).toMatchObject({ name: 'TimeoutError', errno: 'ECONNRESET' });
    expect(await aws.kinesis.readAll(name)).toEqual([]);
    expect(aws.kinesis.faults.log).toEqual([expect.objectContaining({ status: 0, fault: 'reset-before' })]);
  });

  it('lets the SDK retry a reset connection as a transient error', async () => {
    const name = await newStream();
    aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, reset: 'before' });
    const out = await aws.kinesis.client({ retryStrategy: fastRetryStrategy({ maxAttempts: 2 }) }).send(
      new PutRecordsCommand({ StreamName: name, Records: records(1) }),
    );
    expect(out.$metadata.attempts).toBe(2);
    expect(payloads(await aws.kinesis.readAll(name))).toEqual(['r0']);
  });

  it('resets the connection after the write was applied, so a retry duplicates it', async () => {
    const name = await newStream();
    aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, reset: 'after' });
    const client = aws.kinesis.client({ maxAttempts: 1 });
    const failure = await caught(client.send(new PutRecordsCommand({ StreamName: name, Records: records(2) })));
    expect(failure).toMatchObject({ name: 'TimeoutError', errno: 'ECONNRESET' });
    expect(payloads(await aws.kinesis.readAll(name))).toEqual(['r0', 'r1']);
    await client.send(new PutRecordsCommand({ StreamName: name, Records: records(2) }));
    expect(payloads(await aws.kinesis.readAll(name))).toEqual(['r0', 'r0', 'r1', 'r1']);
    expect(aws.kinesis.faults.log.map((e) => [e.status, e.fault, e.upstreamStatus])).toEqual([
      [0, 'reset-after', 200],
      [200, undefined, undefined],
    ]);
  });

  it('hangs until the client times out (requestTimeout made to throw)', async () => {
    const name = await newStream();
    aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, hang: true });
    const client = aws.kinesis.client({ maxAttempts: 1, requestHandler: { requestTimeout: 150 } });
    const failure = await caught(client.send(new PutRecordsCommand({ StreamName: name, Records: records(1) })));
    expect(failure).toMatchObject({ name: 'TimeoutError', errno: 'ETIMEDOUT' });
    expect(aws.kinesis.faults.log).toEqual([expect.objectContaining({ status: 0, fault: 'hang' })]);
    expect(await aws.kinesis.readAll(name)).toEqual([]);
  });

  it('verifies the quirk: requestTimeout alone only warns and keeps waiting', async () => {
    const name = await newStream();
    aws.kinesis.faults.add({ operation: 'PutRecords', hang: true });
    const { logger, warnings } = captureLogger();
    const client = aws.kinesis.client({
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ requestTimeout: 50, logger }),
    });
    const outcome = client.send(new PutRecordsCommand({ StreamName: name, Records: records(1) })).then(
      () => 'resolved',
      () => 'rejected',
    );
    const first = await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('pending'), 500))]);
    expect(first).toBe('pending');
    expect(warnings).toEqual([expect.stringContaining('throwOnRequestTimeout=true')]);
    client.destroy();
    expect(await outcome).toBe('rejected');
  });
});

describe('real limits', () => {
  it('verifies the quirk: kinesalite ignores the partition key in the record size; the proxy does not', async () => {
    const name = await newStream();
    const record = { Data: Buffer.alloc(1024 * 1024, 1), PartitionKey: 'k'.repeat(10) };
    const direct = await aws.kinesis.directClient().send(new PutRecordsCommand({ StreamName: name, Records: [record] }));
    expect(direct.FailedRecordCount).toBe(0);
    aws.kinesis.faults.enforceLimits = true;
    const failure = await caught(
      aws.kinesis.client({ maxAttempts: 1 }).send(new PutRecordsCommand({ StreamName: name, Records: [record] })),
    );
    expect(failure).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(failure.message).toContain('1048586 bytes');
    const single = await caught(
      aws.kinesis.client({ maxAttempts: 1 }).send(new PutRecordCommand({ StreamName: name, ...record })),
    );
    expect(single).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(aws.kinesis.faults.log.map((e) => [e.operation, e.fault, e.errorName])).toEqual([
      ['PutRecords', 'limit', 'ValidationException'],
      ['PutRecord', 'limit', 'ValidationException'],
    ]);
    expect(await aws.kinesis.readAll(name)).toHaveLength(1);
  });

  it('rejects PutRecords over 10 MiB including partition keys', async () => {
    const name = await newStream();
    aws.kinesis.faults.enforceLimits = true;
    const big = Array.from({ length: 10 }, (_, i) => ({ Data: Buffer.alloc(1024 * 1024 - 10, i), PartitionKey: `k${i}`.padEnd(10, 'x') }));
    const atLimit = await aws.kinesis.client().send(new PutRecordsCommand({ StreamName: name, Records: big }));
    expect(atLimit.FailedRecordCount).toBe(0);
    const failure = await caught(
      aws.kinesis.client({ maxAttempts: 1 }).send(
        new PutRecordsCommand({ StreamName: name, Records: [...big, { Data: Buffer.from('x'), PartitionKey: 'k' }] }),
      ),
    );
    expect(failure).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(failure.message).toContain('10485762 bytes');
  });

  it('verifies the quirk: kinesalite answers a bare 413 above 7 MiB of JSON; the proxy splits the forward', async () => {
    const name = await newStream(2);
    const big = Array.from({ length: 8 }, (_, i) => ({ Data: Buffer.alloc(1000 * 1000, i), PartitionKey: `key-${i}` }));
    const direct = await caught(
      aws.kinesis.directClient({ maxAttempts: 1 }).send(new PutRecordsCommand({ StreamName: name, Records: big })),
    );
    expect(direct.status).toBe(413);
    aws.kinesis.faults.add({ failEntries: { indices: [6] } });
    const out = await aws.kinesis.client().send(new PutRecordsCommand({ StreamName: name, Records: big }));
    expect(out.Records?.map((r) => r.ErrorCode ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ProvisionedThroughputExceededException', 'ok']);
    const read = await aws.kinesis.readAll(name);
    expect(read.map((r) => r.data[0]).sort()).toEqual([0, 1, 2, 3, 4, 5, 7]);
  });
});
