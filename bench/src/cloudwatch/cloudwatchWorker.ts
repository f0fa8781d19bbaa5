/**
 * Client child of the cloudwatch suite: sends the 100,000 points with one contender to the local
 * CloudWatch endpoint (which runs in another process, so its CPU is not counted here) and prints
 * what it measured, including the request bodies' bytes as they left the client.
 */
import { gunzipSync } from 'node:zlib';

import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';

import { countCalls } from '../lib/countCalls.js';
import type { CallSize } from '../lib/countCalls.js';
import { CountingHttpHandler } from '../lib/CountingHttpHandler.js';
import { timed } from '../lib/timed.js';
import { requireGc, workerMain } from '../lib/workerMain.js';
import { CONTENDERS } from './contenders.js';
import type { ClientResult, ClientTask } from './protocol.js';
import { buildPoints } from './workload.js';
import { benchClientConfig } from '../lib/benchClientConfig.js';

// Set before the first client is built: Node 20 would print the SDK's Node-version warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function measure(input: unknown): CallSize {
  return { entries: (input as Partial<PutMetricDataCommandInput>).MetricData?.length ?? 0, bytes: 0 };
}

async function send(task: ClientTask): Promise<ClientResult> {
  const gc = requireGc();
  const contender = CONTENDERS[task.contender];
  // Built before the clock starts, like the client: not part of what is measured.
  const points = buildPoints(task.workload, task.start);
  const handler = new CountingHttpHandler({ keepCompressed: true });
  const client = new CloudWatchClient(benchClientConfig(task.endpoint, handler));
  const count = countCalls(client, measure);
  try {
    // Warm-up to a namespace of its own, same contender and client. Then a clean heap.
    await contender(client, task.warmupNamespace, points.slice(0, task.warmupPoints), task.concurrency);
    gc();
    count.reset();
    handler.reset();
    const timing = await timed(() => contender(client, task.namespace, points, task.concurrency));
    let jsonBytes = handler.plainBytes;
    for (const body of handler.compressedBodies) jsonBytes += gunzipSync(body).byteLength;
    return {
      points: points.length,
      calls: count.calls,
      datums: count.entries,
      largestCallDatums: count.largestEntries,
      requests: handler.requests,
      gzippedRequests: handler.compressedRequests,
      wireBytes: handler.bodyBytes,
      jsonBytes,
      ms: timing.ms,
      pointsPerSecond: (points.length / timing.ms) * 1000,
      cpuMicros: timing.cpuMicros,
      cpuMicrosPerPoint: timing.cpuMicros / points.length,
    };
  } finally {
    client.destroy();
  }
}

workerMain<ClientTask, ClientResult>(send);
