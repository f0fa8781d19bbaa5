import type { SendMessageBatchCommand, SendMessageBatchCommandOutput } from '@aws-sdk/client-sqs';
import { Batcher } from '@batch/core';
import { sqsSink } from '@batch/sink-sqs';
import type { SqsClientLike } from '@batch/sink-sqs';

import type { PackingRow, PackingTask } from './protocol.js';
import { buildBodies, greedyCalls, lowerBound, MAX_REQUEST_BYTES, messageSizes, producerCalls, safeProducerBatchSize } from './workload.js';

/** The timed runs' concurrency and cut settings, which the packing does not depend on (see below). */
const CONCURRENCY = 4;

/**
 * A stand-in client that only counts: it answers each SendMessageBatch, on the next macrotask,
 * with one success per entry. The sink and the Batcher run unchanged; only the transport is
 * stubbed, so this measures how the sink packs, not how fast. (With every message queued before
 * the first cut and no failures, the cuts do not depend on when requests complete, so the timed
 * runs against local-aws-sqs pack the same workload identically.)
 */
function countingClient(): { readonly client: SqsClientLike; calls: number } {
  const state = {
    calls: 0,
    client: {
      send: (command: SendMessageBatchCommand): Promise<SendMessageBatchCommandOutput> => {
        state.calls += 1;
        const entries = command.input.Entries ?? [];
        return new Promise((resolve) =>
          setImmediate(() => resolve({ $metadata: {}, Successful: entries.map((e, i) => ({ Id: e.Id, MessageId: `${state.calls}-${i}`, MD5OfMessageBody: '' })), Failed: [] })),
        );
      },
    },
  };
  return state;
}

/** For each workload: the sink's calls through the real sink and Batcher (stubbed transport), the bound, and the other packers' counts. */
export async function packing(task: PackingTask): Promise<PackingRow[]> {
  const rows: PackingRow[] = [];
  for (const workload of task.workloads) {
    const bodies = buildBodies(workload);
    const sizes = messageSizes(workload);
    const bytes = sizes.reduce((sum, size) => sum + size, 0);
    const counter = countingClient();
    const batcher = new Batcher({ ...sqsSink({ client: counter.client, queueUrl: 'http://127.0.0.1:1/000000000000/packing', maxMessageSize: MAX_REQUEST_BYTES }), maxBatchDelay: 0, concurrency: CONCURRENCY });
    await Promise.all(bodies.map((body) => batcher.add({ body })));
    await batcher.shutdown();
    const producerBatchSize = safeProducerBatchSize(workload.maxSize);
    const producer = producerCalls(sizes, producerBatchSize, CONCURRENCY);
    rows.push({
      workload,
      bytes,
      bound: lowerBound(sizes.length, bytes),
      sink: counter.calls,
      greedy: greedyCalls(sizes),
      producer: producer.calls,
      producerOversized: producerCalls(sizes, 10, CONCURRENCY).oversized,
      producerBatchSize,
    });
  }
  return rows;
}
