// The demo's five pipelines: for each sink its AWS resource, its SDK client (through the fault
// proxy), its Batcher with settings chosen for its service, and the faults its proxy injects.
import { Batcher } from '@batch/core';
import type { BatcherStats, ShutdownOptions } from '@batch/core';
import type { FaultProxy, LocalAws } from '@batch/local-aws';
import { cloudWatchSink } from '@batch/sink-cloudwatch';
import type { CloudWatchJob, CloudWatchResult } from '@batch/sink-cloudwatch';
import { dynamoDbSink } from '@batch/sink-dynamodb';
import type { DynamoDbJob, DynamoDbResult } from '@batch/sink-dynamodb';
import { kinesisSink } from '@batch/sink-kinesis';
import type { KinesisJob, KinesisResult } from '@batch/sink-kinesis';
import { sqsSink } from '@batch/sink-sqs';
import type { SqsJob, SqsResult } from '@batch/sink-sqs';
import { formatPercent } from '../support/format.js';
import { mulberry32, unitHash } from '../support/random.js';
import { CLOUDWATCH_FOLDED_BATCH } from './lowerBound.js';
import { METRIC } from './orders.js';
import type { SinkName } from './types.js';

/** Share of a partially failed request's entries that fail. */
export const ENTRY_FAILURE_RATIO = 0.3;

/** The AWS resources the demo creates. */
export const RESOURCES = {
  streamName: 'order-events',
  shards: 4,
  tableName: 'orders',
  queueName: 'order-notifications',
  fifoQueueName: 'customer-updates.fifo',
} as const;

/**
 * Batcher settings per sink. `maxBatchSize` is left at each sink's own (the service's limit:
 * 500, 25, 10, 10) except for CloudWatch.
 * - Kinesis: a stream is read by consumers polling every second or so; 100 ms of batching costs
 *   them nothing. Two requests in flight, since a request carries one record per customer.
 * - DynamoDB and SQS: 25 and 10 entries fill quickly, so a short delay and a few requests in
 *   flight keep latency low. The FIFO queue needs the concurrency most: the sink sends one
 *   message per group per request, and a group is never in two requests at once.
 * - CloudWatch stores per minute: metrics are flushed every 10 s, and aggregation folds a
 *   batch's points per route and minute, so batches up to the sink's 10,000-point ceiling (bytes
 *   counted before folding, hence the large byte budget) cost one request each.
 */
export const SETTINGS: Readonly<Record<SinkName, { readonly maxBatchDelay: number; readonly concurrency: number }>> = {
  kinesis: { maxBatchDelay: 100, concurrency: 2 },
  dynamodb: { maxBatchDelay: 50, concurrency: 4 },
  sqs: { maxBatchDelay: 20, concurrency: 4 },
  fifo: { maxBatchDelay: 20, concurrency: 4 },
  cloudwatch: { maxBatchDelay: 10_000, concurrency: 1 },
};

/** Retries: the library's own (clients get `maxAttempts: 1`), quick enough for a 20 s run. */
const RETRY = { maxAttempts: 10, baseDelay: 50, maxDelay: 2000 } as const;

/** What the demo's loop, status line and summary need of each pipeline, whatever its job type. */
export interface PipelineView {
  readonly name: SinkName;
  /** The service and API, e.g. `Kinesis PutRecords`. */
  readonly api: string;
  /** The batch operation, as the proxy logs it. */
  readonly operation: string;
  readonly proxy: FaultProxy;
  readonly batcher: {
    stats(): BatcherStats;
    hasRoom(): boolean;
    waitForRoom(): Promise<void>;
    shutdown(options?: ShutdownOptions): Promise<void>;
  };
  /** The faults injected, in words. */
  readonly faults: string;
}

/** The five batchers, typed by their jobs, plus what the demo needs of each. */
export interface Pipelines {
  readonly kinesis: Batcher<KinesisJob, KinesisResult>;
  readonly dynamodb: Batcher<DynamoDbJob, DynamoDbResult>;
  readonly sqs: Batcher<SqsJob, SqsResult>;
  readonly fifo: Batcher<SqsJob, SqsResult>;
  readonly cloudwatch: Batcher<CloudWatchJob, CloudWatchResult>;
  readonly views: readonly PipelineView[];
  readonly queueUrl: string;
  readonly fifoQueueUrl: string;
  /** Destroys the SDK clients (their keep-alive sockets). */
  close(): void;
}

/**
 * Creates the resources, clients, batchers and fault rules. The FIFO queue lives in its own
 * local SQS (`fifoAws`) so that each queue's API calls are counted from its own proxy's log:
 * the log does not say which queue a request was for.
 */
export async function openPipelines(aws: LocalAws, fifoAws: LocalAws, seed: number, faultRate: number): Promise<Pipelines> {
  await aws.kinesis.createStream(RESOURCES.streamName, { shardCount: RESOURCES.shards });
  await aws.dynamodb.createTable(RESOURCES.tableName, { partitionKey: 'pk' });
  const queueUrl = await aws.sqs.createQueue(RESOURCES.queueName);
  const fifoQueueUrl = await fifoAws.sqs.createQueue(RESOURCES.fifoQueueName);

  // maxAttempts 1: the SDK does not retry, so every retry counted is the library's own.
  const clients = {
    kinesis: aws.kinesis.client({ maxAttempts: 1 }),
    dynamodb: aws.dynamodb.client({ maxAttempts: 1 }),
    sqs: aws.sqs.client({ maxAttempts: 1 }),
    fifo: fifoAws.sqs.client({ maxAttempts: 1 }),
    cloudwatch: aws.cloudwatch.client({ maxAttempts: 1 }),
  };
  const retry = (sink: SinkName) => ({ ...RETRY, random: mulberry32(Math.floor(unitHash(seed, 'retry', sink) * 2 ** 32)) });

  // strictOrdering: at most one record per customer per request, so a failed record can never be
  // overtaken by a later record of its customer that the same request stored (PutRecords does not
  // apply a request in order). Each customer's events then land in add order, which is checked.
  const kinesis = new Batcher({
    ...kinesisSink({ client: clients.kinesis, streamName: RESOURCES.streamName, strictOrdering: true }),
    ...SETTINGS.kinesis,
    retry: retry('kinesis'),
  });
  const dynamodb = new Batcher({
    ...dynamoDbSink({ client: clients.dynamodb, tableName: RESOURCES.tableName, keyAttributes: ['pk'] }),
    ...SETTINGS.dynamodb,
    retry: retry('dynamodb'),
  });
  const sqs = new Batcher({ ...sqsSink({ client: clients.sqs, queueUrl }), ...SETTINGS.sqs, retry: retry('sqs') });
  const fifo = new Batcher({ ...sqsSink({ client: clients.fifo, queueUrl: fifoQueueUrl }), ...SETTINGS.fifo, retry: retry('fifo') });
  const cloudwatch = new Batcher({
    ...cloudWatchSink({ client: clients.cloudwatch, namespace: METRIC.namespace }), // aggregate: true is the default
    ...SETTINGS.cloudwatch,
    maxBatchSize: CLOUDWATCH_FOLDED_BATCH,
    maxBatchBytes: 10_000_000,
    retry: retry('cloudwatch'),
  });

  const view = (name: SinkName, api: string, operation: string, proxy: FaultProxy, batcher: PipelineView['batcher'], partial = true): PipelineView => ({
    name,
    api,
    operation,
    proxy,
    batcher,
    faults: injectFaults(proxy, operation, faultRate, partial),
  });
  const views = [
    view('kinesis', 'Kinesis PutRecords', 'PutRecords', aws.kinesis.faults, kinesis),
    view('dynamodb', 'DynamoDB BatchWriteItem', 'BatchWriteItem', aws.dynamodb.faults, dynamodb),
    view('sqs', 'SQS SendMessageBatch', 'SendMessageBatch', aws.sqs.faults, sqs),
    view('fifo', 'SQS FIFO SendMessageBatch', 'SendMessageBatch', fifoAws.sqs.faults, fifo),
    // PutMetricData is all or nothing: no partial failures, only whole-request throttles.
    view('cloudwatch', 'CloudWatch PutMetricData', 'PutMetricData', aws.cloudwatch.faults, cloudwatch, false),
  ];
  return {
    kinesis,
    dynamodb,
    sqs,
    fifo,
    cloudwatch,
    views,
    queueUrl,
    fifoQueueUrl,
    close() {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}

/** Requests for the batch operation the proxy received, and how many it faulted. */
export function apiCalls(view: PipelineView): { calls: number; faulted: number } {
  let calls = 0;
  let faulted = 0;
  for (const entry of view.proxy.log) {
    if (entry.operation !== view.operation) continue;
    calls += 1;
    if (entry.fault !== undefined) faulted += 1;
  }
  return { calls, faulted };
}

/**
 * Adds the proxy's fault rules: `faultRate` of the batch requests fail, half throttled whole and
 * half (when the API has partial failures) with {@link ENTRY_FAILURE_RATIO} of their entries
 * failed. No resets: a reset after the service applied a request makes the retry write it again
 * (Kinesis, SQS standard and CloudWatch are at least once), and the demo checks exactly once.
 * Returns the rules in words.
 */
export function injectFaults(proxy: FaultProxy, operation: string, faultRate: number, partial: boolean): string {
  if (faultRate === 0) return 'none';
  if (!partial) {
    proxy.throttle({ operation, ratio: faultRate });
    return `${formatPercent(faultRate)} throttled`;
  }
  const half = faultRate / 2;
  proxy.throttle({ operation, ratio: half });
  // Rules are tried in order and a request the first one spared is drawn again by the second:
  // half / (1 - half) of the rest makes `half` of all requests.
  proxy.add({ operation, ratio: half / (1 - half), failEntries: { ratio: ENTRY_FAILURE_RATIO } });
  return `${formatPercent(half)} throttled, ${formatPercent(half)} with ${formatPercent(ENTRY_FAILURE_RATIO)} of entries failed`;
}
