/**
 * Client child of the kinesis suite: sends one workload with one contender to kinesalite (which
 * runs in another process, so its CPU is not counted here) and prints what it measured; or
 * runs the packing sweep (packing.ts).
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import type { PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

import { requireGc, workerMain } from '../lib/workerMain.js';
import { CONTENDERS } from './contenders.js';
import { packing } from './packing.js';
import type { ClientResult, ClientTask, PackingResult, WorkerTask } from './protocol.js';
import { buildPayloads, PARTITION_KEY_BYTES } from './workload.js';

// Set before the first client is built: Node 20 would print the SDK's Node-version warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** What the counting middleware saw. */
interface CallCount {
  calls: number;
  records: number;
  largestRecords: number;
  largestBytes: number;
}

/**
 * Counts every call the client sends, with its records and bytes. With `maxAttempts: 1` the SDK
 * never retries, so one call is one HTTP request; a retry by the sink is a call of its own.
 */
function countCalls(client: KinesisClient): CallCount {
  const count: CallCount = { calls: 0, records: 0, largestRecords: 0, largestBytes: 0 };
  client.middlewareStack.add(
    (next) => (args) => {
      const input = args.input as { Records?: readonly PutRecordsRequestEntry[]; Data?: Uint8Array; PartitionKey?: string };
      let records = 0;
      let bytes = 0;
      if (input.Records !== undefined) {
        for (const record of input.Records) bytes += (record.Data?.byteLength ?? 0) + Buffer.byteLength(record.PartitionKey ?? '');
        records = input.Records.length;
      } else if (input.Data !== undefined) {
        bytes = input.Data.byteLength + Buffer.byteLength(input.PartitionKey ?? '');
        records = 1;
      }
      count.calls += 1;
      count.records += records;
      if (records > count.largestRecords) count.largestRecords = records;
      if (bytes > count.largestBytes) count.largestBytes = bytes;
      return next(args);
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  return count;
}

async function send(task: ClientTask): Promise<ClientResult> {
  const gc = requireGc();
  const contender = CONTENDERS[task.contender];
  // Built before the clock starts, like the client: not part of what is measured.
  const payloads = buildPayloads(task.workload, Math.max(task.records, task.warmupRecords));
  const timed = payloads.slice(0, task.records);
  let bytes = 0;
  for (const payload of timed) bytes += payload.byteLength + PARTITION_KEY_BYTES;

  const client = new KinesisClient({
    endpoint: task.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    // kinesalite speaks HTTP/1.1 only; the client's default handler would use HTTP/2.
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
  const count = countCalls(client);
  try {
    // Warm-up on a stream of its own, same contender and client: JIT, keep-alive connections,
    // the SDK's lazy set-up (endpoint rules, credentials). Then a clean heap for the timed run.
    await contender(client, task.warmupStream, payloads.slice(0, task.warmupRecords), task.settings);
    gc();
    count.calls = 0;
    count.records = 0;
    count.largestRecords = 0;
    count.largestBytes = 0;

    const cpu = process.cpuUsage();
    const started = performance.now();
    await contender(client, task.stream, timed, task.settings);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMicros = used.user + used.system;
    return {
      records: timed.length,
      bytes,
      calls: count.calls,
      recordsSent: count.records,
      largestCallRecords: count.largestRecords,
      largestCallBytes: count.largestBytes,
      ms,
      recordsPerSecond: (timed.length / ms) * 1000,
      cpuMicros,
      cpuMicrosPerRecord: cpuMicros / timed.length,
    };
  } finally {
    client.destroy();
  }
}

workerMain<WorkerTask, ClientResult | PackingResult>((task) => (task.kind === 'send' ? send(task) : packing(task)));
