/**
 * Client child of the dynamodb suite: writes one workload with one contender to dynalite (which
 * runs in another process, so its CPU is not counted here) and prints what it measured.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PutItemCommandInput, BatchWriteItemCommandInput } from '@aws-sdk/client-dynamodb';

import { countCalls } from '../lib/countCalls.js';
import type { CallSize } from '../lib/countCalls.js';
import { timed } from '../lib/timed.js';
import { requireGc, workerMain } from '../lib/workerMain.js';
import { CONTENDERS } from './contenders.js';
import type { ClientResult, ClientTask } from './protocol.js';
import { buildItems } from './workload.js';
import { benchClientConfig } from '../lib/benchClientConfig.js';

// Set before the first client is built: Node 20 would print the SDK's Node-version warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Writes per call: the BatchWriteItem requests of every table, or one PutItem. Bytes are not counted (see the report). */
function measure(input: unknown): CallSize {
  const { RequestItems, Item } = input as Partial<BatchWriteItemCommandInput & PutItemCommandInput>;
  if (RequestItems !== undefined) {
    let entries = 0;
    for (const requests of Object.values(RequestItems)) entries += requests.length;
    return { entries, bytes: 0 };
  }
  return { entries: Item === undefined ? 0 : 1, bytes: 0 };
}

async function send(task: ClientTask): Promise<ClientResult> {
  const gc = requireGc();
  const contender = CONTENDERS[task.contender];
  // Built before the clock starts, like the client: not part of what is measured.
  const all = buildItems(task.workload, Math.max(task.items, task.warmupItems));
  const items = all.slice(0, task.items);
  const client = new DynamoDBClient(benchClientConfig(task.endpoint));
  const count = countCalls(client, measure);
  try {
    // Warm-up on a table of its own, same contender and client: JIT, keep-alive connections, the
    // SDK's lazy set-up. Then a clean heap for the timed run.
    const warmup = all.slice(0, task.warmupItems);
    for (let pass = 0; pass < task.warmupPasses; pass++) await contender(client, task.warmupTable, warmup, task.concurrency);
    gc();
    count.reset();
    let retriedItems = 0;
    const timing = await timed(async () => {
      ({ retriedItems } = await contender(client, task.table, items, task.concurrency));
    });
    return {
      items: items.length,
      calls: count.calls,
      byCommand: count.byCommand,
      itemsSent: count.entries,
      largestCallItems: count.largestEntries,
      retriedItems,
      ms: timing.ms,
      itemsPerSecond: (items.length / timing.ms) * 1000,
      cpuMicros: timing.cpuMicros,
      cpuMicrosPerItem: timing.cpuMicros / items.length,
      ...(timing.mainThreadCpuMicros === undefined ? {} : { mainThreadCpuMicrosPerItem: timing.mainThreadCpuMicros / items.length }),
    };
  } finally {
    client.destroy();
  }
}

workerMain<ClientTask, ClientResult>(send);
