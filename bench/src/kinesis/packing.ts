import type { PutRecordsCommand, PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import { Batcher } from '@batch/core';
import { kinesisSink } from '@batch/sink-kinesis';
import type { KinesisClientLike } from '@batch/sink-kinesis';

import type { PackingResult, PackingRow, PackingTask } from './protocol.js';
import { buildPayloads, greedyCalls, lowerBound, payloadSizes, recordBytes } from './workload.js';

/**
 * A stand-in client that only counts: it answers each PutRecords, on the next macrotask, with one
 * success per record. The sink and the Batcher run unchanged; only the transport is stubbed, so
 * this measures how the sink packs, not how fast. (Against kinesalite the timed runs pack the same
 * workloads identically: with every record queued before the first cut and no failures, the cuts
 * do not depend on when requests complete.)
 */
function countingClient(): { readonly client: KinesisClientLike; calls: number } {
  const state = {
    calls: 0,
    client: {
      send: (command: PutRecordsCommand): Promise<PutRecordsCommandOutput> => {
        state.calls += 1;
        const records = command.input.Records ?? [];
        return new Promise((resolve) =>
          setImmediate(() =>
            resolve({
              $metadata: {},
              FailedRecordCount: 0,
              Records: records.map((_, i) => ({ ShardId: 'shardId-000000000000', SequenceNumber: `${state.calls}-${i}` })),
            }),
          ),
        );
      },
    },
  };
  return state;
}

function bump(histogram: Record<string, number>, excess: number): void {
  histogram[excess] = (histogram[excess] ?? 0) + 1;
}

/**
 * Packing over many totals: for each seed, every prefix of `minRecords … maxRecords` records of
 * the mixed distribution goes through the sink (stubbed transport, the timed runs' settings);
 * its calls are compared with the lower bound and with the raw loop's greedy packing.
 */
export async function packing(task: PackingTask): Promise<PackingResult> {
  const rows: PackingRow[] = [];
  for (const seed of task.seeds) {
    const spec = { name: 'mixed' as const, records: task.maxRecords, minSize: task.minSize, maxSize: task.maxSize, seed };
    const payloads = buildPayloads(spec);
    const sizes = payloadSizes(spec);
    const sink: Record<string, number> = {};
    const greedy: Record<string, number> = {};
    let worstSink = 0;
    let worstGreedy = 0;
    for (let n = task.minRecords; n <= task.maxRecords; n++) {
      const counter = countingClient();
      const batcher = new Batcher({
        ...kinesisSink({ client: counter.client, streamName: 'packing', maxRequestBytes: task.settings.maxRequestBytes }),
        maxBatchDelay: task.settings.maxBatchDelay,
        concurrency: task.settings.concurrency,
      });
      await Promise.all(payloads.slice(0, n).map((data) => batcher.add({ data })));
      await batcher.shutdown();
      const bound = lowerBound(n, recordBytes(sizes, n), task.settings.maxRequestBytes);
      const greedyN = greedyCalls(sizes, task.settings.maxRequestBytes, n);
      bump(sink, counter.calls - bound);
      bump(greedy, greedyN - bound);
      worstSink = Math.max(worstSink, counter.calls / bound);
      worstGreedy = Math.max(worstGreedy, greedyN / bound);
    }
    rows.push({ seed, workloads: task.maxRecords - task.minRecords + 1, sink, greedy, worstSink, worstGreedy });
  }
  return { minRecords: task.minRecords, maxRecords: task.maxRecords, rows };
}
