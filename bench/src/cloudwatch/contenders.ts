import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClient, MetricDatum } from '@aws-sdk/client-cloudwatch';
import { Batcher } from '@batch/core';
import { cloudWatchSink } from '@batch/sink-cloudwatch';
import type { CloudWatchJob, CloudWatchResult } from '@batch/sink-cloudwatch';

import type { ContenderName } from './protocol.js';

/** Sends `points` to `namespace`; resolves once every request carrying them is accepted. */
export type Contender = (client: CloudWatchClient, namespace: string, points: readonly CloudWatchJob[], concurrency: number) => Promise<void>;

/** PutMetricData's datum limit per request. */
export const MAX_DATUMS_PER_REQUEST = 1000;

/** The raised batch limits the sink's README gives for saving requests with folding. */
export const RAISED = { maxBatchSize: 10_000, maxBatchBytes: 10_000_000 } as const;

/**
 * The `@batch/sink-cloudwatch` sink in a Batcher: `maxBatchDelay` 0, the shared concurrency, and
 * `extra` on top. Points are added in one loop that waits for room when the queue is full (the
 * 100,000 points fit the default `maxQueueSize` exactly), every `add()` promise is awaited, then
 * `shutdown()`.
 */
function sinkWith(aggregate: boolean, extra: { readonly maxBatchSize?: number; readonly maxBatchBytes?: number }): Contender {
  return async (client, namespace, points, concurrency) => {
    const batcher = new Batcher({ ...cloudWatchSink({ client, namespace, aggregate }), maxBatchDelay: 0, concurrency, ...extra });
    const promises = new Array<Promise<CloudWatchResult>>(points.length);
    for (let i = 0; i < points.length; i++) {
      if (!batcher.hasRoom()) await batcher.waitForRoom();
      promises[i] = batcher.add(points[i] as CloudWatchJob);
    }
    const results = await Promise.all(promises);
    await batcher.shutdown();
    for (const result of results) {
      if (typeof result.requestId !== 'string') throw new Error('the sink resolved a point without a request id');
    }
  };
}

/** The raw loop's datum for one of the workload's points (a value, a dimensions record, epoch ms). */
export function toDatum(job: CloudWatchJob): MetricDatum {
  const point = job as CloudWatchJob & { value: number; timestamp: number; dimensions: Record<string, string> };
  return {
    MetricName: point.metricName,
    Dimensions: Object.entries(point.dimensions).map(([Name, Value]) => ({ Name, Value })),
    Timestamp: new Date(point.timestamp),
    Value: point.value,
    Unit: point.unit,
  };
}

/**
 * What a hand-written loop does: `concurrency` workers sharing one cursor; each turns the next
 * 1,000 points into one datum each (`MetricName`, `Dimensions`, `Timestamp`, `Value`, `Unit`)
 * and sends one PutMetricData. No folding, no validation (the points are valid).
 */
export const raw: Contender = async (client, namespace, points, concurrency) => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < points.length) {
      const data: MetricDatum[] = [];
      while (next < points.length && data.length < MAX_DATUMS_PER_REQUEST) data.push(toDatum(points[next++] as CloudWatchJob));
      await client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

export const CONTENDERS: Readonly<Record<ContenderName, Contender>> = {
  /** Folding on (the default), default limits: 1,000 points per batch. */
  folded: sinkWith(true, {}),
  /** Folding off: one datum per point. */
  plain: sinkWith(false, {}),
  /** Folding on, batches of up to 10,000 points packed into as few requests as the limits allow. */
  raised: sinkWith(true, RAISED),
  raw,
};
