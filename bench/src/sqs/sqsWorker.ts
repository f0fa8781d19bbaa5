/**
 * Client child of the sqs suite: sends one workload with one contender to local-aws-sqs (which
 * runs in another process, so its CPU is not counted here) and prints what it measured; or runs
 * the packing sweep (packing.ts).
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SendMessageBatchCommandInput, SendMessageCommandInput } from '@aws-sdk/client-sqs';

import { countCalls } from '../lib/countCalls.js';
import type { CallSize } from '../lib/countCalls.js';
import { timed } from '../lib/timed.js';
import { requireGc, workerMain } from '../lib/workerMain.js';
import { CONTENDERS } from './contenders.js';
import { packing } from './packing.js';
import type { ClientResult, ClientTask, PackingRow, WorkerTask } from './protocol.js';
import { buildBodies } from './workload.js';
import { benchClientConfig } from '../lib/benchClientConfig.js';

// Set before the first client is built: Node 20 would print the SDK's Node-version warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Messages and body characters of a SendMessageBatch or SendMessage call (ASCII: characters are bytes). */
function measure(input: unknown): CallSize {
  const { Entries, MessageBody } = input as Partial<SendMessageBatchCommandInput & SendMessageCommandInput>;
  if (Entries !== undefined) {
    let bytes = 0;
    for (const entry of Entries) bytes += entry.MessageBody?.length ?? 0;
    return { entries: Entries.length, bytes };
  }
  return MessageBody === undefined ? { entries: 0, bytes: 0 } : { entries: 1, bytes: MessageBody.length };
}

async function send(task: ClientTask): Promise<ClientResult> {
  const gc = requireGc();
  const contender = CONTENDERS[task.contender];
  // Built before the clock starts, like the client: not part of what is measured.
  const all = buildBodies(task.workload, Math.max(task.messages, task.warmupMessages));
  const bodies = all.slice(0, task.messages);
  const bytes = bodies.reduce((sum, body) => sum + body.length, 0);
  const client = new SQSClient(benchClientConfig(task.endpoint));
  const count = countCalls(client, measure);
  const settings = { concurrency: task.concurrency, producerBatchSize: task.producerBatchSize };
  try {
    // Warm-up on a queue of its own, same contender and client. Then a clean heap for the timed run.
    await contender(client, task.warmupQueueUrl, all.slice(0, task.warmupMessages), settings);
    gc();
    count.reset();
    let retriedMessages = 0;
    const timing = await timed(async () => {
      retriedMessages = await contender(client, task.queueUrl, bodies, settings);
    });
    return {
      messages: bodies.length,
      bytes,
      calls: count.calls,
      messagesSent: count.entries,
      largestCallMessages: count.largestEntries,
      largestCallBytes: count.largestBytes,
      retriedMessages,
      ms: timing.ms,
      messagesPerSecond: (bodies.length / timing.ms) * 1000,
      cpuMicros: timing.cpuMicros,
      cpuMicrosPerMessage: timing.cpuMicros / bodies.length,
      ...(timing.mainThreadCpuMicros === undefined ? {} : { mainThreadCpuMicrosPerMessage: timing.mainThreadCpuMicros / bodies.length }),
    };
  } finally {
    client.destroy();
  }
}

workerMain<WorkerTask, ClientResult | PackingRow[]>((task) => (task.kind === 'send' ? send(task) : packing(task)));
