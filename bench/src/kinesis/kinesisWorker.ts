/**
 * Client child of the kinesis suite: sends one workload with one contender to kinesalite (which
 * runs in another process, so its CPU is not counted here) and prints what it measured; or
 * runs the packing sweep (packing.ts).
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import type { PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';

import { countCalls } from '../lib/countCalls.js';
import type { CallSize } from '../lib/countCalls.js';
import { requireGc, workerMain } from '../lib/workerMain.js';
import { timed as timeRun } from '../lib/timed.js';
import { CONTENDERS } from './contenders.js';
import { packing } from './packing.js';
import type { ClientResult, ClientTask, PackingResult, WorkerTask } from './protocol.js';
import { buildPayloads, PARTITION_KEY_BYTES } from './workload.js';
import { benchClientConfig } from '../lib/benchClientConfig.js';

// Set before the first client is built: Node 20 would print the SDK's Node-version warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Records and bytes (data + partition keys) of a PutRecords or PutRecord call. */
function measure(input: unknown): CallSize {
  const { Records, Data, PartitionKey } = input as { Records?: readonly PutRecordsRequestEntry[]; Data?: Uint8Array; PartitionKey?: string };
  if (Records !== undefined) {
    let bytes = 0;
    for (const record of Records) bytes += (record.Data?.byteLength ?? 0) + Buffer.byteLength(record.PartitionKey ?? '');
    return { entries: Records.length, bytes };
  }
  if (Data !== undefined) return { entries: 1, bytes: Data.byteLength + Buffer.byteLength(PartitionKey ?? '') };
  return { entries: 0, bytes: 0 };
}

async function send(task: ClientTask): Promise<ClientResult> {
  const gc = requireGc();
  const contender = CONTENDERS[task.contender];
  // Built before the clock starts, like the client: not part of what is measured.
  const payloads = buildPayloads(task.workload, Math.max(task.records, task.warmupRecords));
  const timed = payloads.slice(0, task.records);
  let bytes = 0;
  for (const payload of timed) bytes += payload.byteLength + PARTITION_KEY_BYTES;

  const client = new KinesisClient(benchClientConfig(task.endpoint));
  const count = countCalls(client, measure);
  try {
    // Warm-up on a stream of its own, same contender and client: JIT, keep-alive connections,
    // the SDK's lazy set-up (endpoint rules, credentials). Then a clean heap for the timed run.
    await contender(client, task.warmupStream, payloads.slice(0, task.warmupRecords), task.settings);
    gc();
    count.reset();

    const { ms, cpuMicros, mainThreadCpuMicros } = await timeRun(() => contender(client, task.stream, timed, task.settings));
    return {
      records: timed.length,
      bytes,
      calls: count.calls,
      recordsSent: count.entries,
      largestCallRecords: count.largestEntries,
      largestCallBytes: count.largestBytes,
      ms,
      recordsPerSecond: (timed.length / ms) * 1000,
      cpuMicros,
      cpuMicrosPerRecord: cpuMicros / timed.length,
      ...(mainThreadCpuMicros === undefined ? {} : { mainThreadCpuMicrosPerRecord: mainThreadCpuMicros / timed.length }),
    };
  } finally {
    client.destroy();
  }
}

workerMain<WorkerTask, ClientResult | PackingResult>((task) => (task.kind === 'send' ? send(task) : packing(task)));
