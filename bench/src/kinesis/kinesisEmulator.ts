/**
 * Emulator child of the kinesis suite: kinesalite in a process of its own, so the client
 * children's CPU readings never include it. Prints one `EmulatorReady` line with kinesalite's
 * direct endpoint (no fault proxy: it would parse and re-chunk every request), then answers one
 * JSON command per stdin line (see protocol.ts) until stdin closes.
 */
import { DeleteStreamCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { KinesisClient, PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { startLocalAws } from '@batch/local-aws';
import type { LocalAws } from '@batch/local-aws';

import { collectGarbage, emulatorMain } from '../lib/emulatorMain.js';
import type { EmulatorCommand, LimitProbe, Verification } from './protocol.js';
import { buildPayloads, PARTITION_KEY_BYTES, payloadIndex } from './workload.js';

/**
 * Reads the stream back and checks that records `0 … records-1` of the workload each landed
 * exactly once, byte for byte, and that nothing else did.
 */
async function verify(aws: LocalAws, command: Extract<EmulatorCommand, { op: 'verify' }>): Promise<Verification> {
  const expected = buildPayloads(command.workload, command.records);
  const seen = new Uint32Array(expected.length);
  const landed = await aws.kinesis.readAll(command.stream);
  let corrupt = 0;
  for (const record of landed) {
    const index = payloadIndex(record.data);
    const payload = index >= 0 && index < expected.length ? expected[index] : undefined;
    if (payload === undefined || Buffer.compare(payload, record.data) !== 0 || Buffer.byteLength(record.partitionKey) !== PARTITION_KEY_BYTES) {
      corrupt += 1;
    } else {
      seen[index] = (seen[index] as number) + 1;
    }
  }
  let exactlyOnce = 0;
  let missing = 0;
  let duplicates = 0;
  for (const times of seen) {
    if (times === 1) exactlyOnce += 1;
    else if (times === 0) missing += 1;
    else duplicates += times - 1;
  }
  return { expected: expected.length, read: landed.length, exactlyOnce, missing, duplicates, corrupt };
}

/**
 * Confirms the request limit against kinesalite (it refuses request bodies over 7 MiB of JSON,
 * about 5.25 MiB of data, with a bare 413): requests of exactly `limit` bytes (data + keys) with
 * 10 and with 500 records (the most JSON per byte) must be accepted, and one 5% above refused.
 */
async function probeLimit(aws: LocalAws, client: KinesisClient, limit: number): Promise<LimitProbe> {
  const stream = `probe-${process.pid}-${Date.now()}`;
  await aws.kinesis.createStream(stream, { shardCount: 1 });
  const key = 'k'.repeat(PARTITION_KEY_BYTES);
  const request = (bytes: number, count: number): PutRecordsRequestEntry[] => {
    const records: PutRecordsRequestEntry[] = [];
    let left = bytes;
    for (let i = 0; i < count; i++) {
      const size = i === count - 1 ? left : Math.floor(bytes / count);
      records.push({ Data: new Uint8Array(size - PARTITION_KEY_BYTES).fill(0x61 + (i % 26)), PartitionKey: key });
      left -= size;
    }
    return records;
  };
  const accepted: number[] = [];
  for (const count of [10, 500]) {
    const output = await client.send(new PutRecordsCommand({ StreamName: stream, Records: request(limit, count) }));
    if (output.FailedRecordCount !== 0) throw new Error(`kinesalite failed records of a ${limit}-byte request`);
    accepted.push(count);
  }
  const above = Math.ceil(limit * 1.05);
  let status: number | string = 'accepted';
  try {
    await client.send(new PutRecordsCommand({ StreamName: stream, Records: request(above, 10) }));
  } catch (error) {
    status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? String(error);
  }
  await client.send(new DeleteStreamCommand({ StreamName: stream }));
  return { limit, acceptedRecordCounts: accepted, aboveLimitBytes: above, aboveLimitStatus: status };
}

emulatorMain<EmulatorCommand>(async () => {
  const aws = await startLocalAws({ services: ['kinesis'] });
  const client = aws.kinesis.directClient({ maxAttempts: 1 });
  return {
    endpoint: aws.kinesis.directEndpoint,
    async handle(command) {
      switch (command.op) {
        case 'createStream':
          return aws.kinesis.createStream(command.stream, { shardCount: command.shards });
        case 'deleteStream':
          // Frees the stream's records: a round writes a few hundred MB into kinesalite's memory.
          // Collect them now, so that this process's GC does not compete with the next client child.
          await client.send(new DeleteStreamCommand({ StreamName: command.stream }));
          collectGarbage();
          return null;
        case 'verify':
          return verify(aws, command);
        case 'probeLimit':
          return probeLimit(aws, client, command.limit);
      }
    },
    async stop() {
      client.destroy();
      await aws.stop();
    },
  };
});
