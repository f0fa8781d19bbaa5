// The fewest requests that could carry the jobs a run added: what the API calls are compared
// with. Each bound counts only what the service's own limits force (entries and bytes per
// request, and the constraints the sinks keep for correctness), never the batcher's delay, so
// a run at a low rate, where maxBatchDelay cuts batches before they fill, lands well above it.
import { CLOUDWATCH_LIMITS } from '@batch/sink-cloudwatch';
import { DYNAMODB_LIMITS } from '@batch/sink-dynamodb';
import { KINESIS_LIMITS } from '@batch/sink-kinesis';
import { SQS_LIMITS } from '@batch/sink-sqs';

/** Most points one folded CloudWatch batch may hold: the sink's ceiling with aggregation on. */
export const CLOUDWATCH_FOLDED_BATCH = 10_000;

const ceilDiv = (a: number, b: number): number => (a === 0 ? 0 : Math.ceil(a / b));

/**
 * PutRecords: at most 500 records and 10 MiB (data + partition keys) per request. With
 * `strictOrdering` a request carries at most one record per partition key, so the busiest key's
 * record count is a bound too (pass 0 without it).
 * @example kinesisLowerBound(4000, 520_000, 230) // 230
 */
export function kinesisLowerBound(records: number, bytes: number, busiestKey = 0): number {
  return Math.max(ceilDiv(records, KINESIS_LIMITS.maxRecordsPerRequest), ceilDiv(bytes, KINESIS_LIMITS.maxRequestBytes), busiestKey);
}

/**
 * BatchWriteItem: at most 25 writes per request, and never two writes to one key in a request
 * (DynamoDB refuses it), so a key written `k` times needs `k` requests. The 16 MB request limit
 * is left out: the demo's items are about 100 bytes, 25 of them nowhere near it.
 */
export function dynamoDbLowerBound(writes: number, mostWritesToOneKey: number): number {
  return Math.max(ceilDiv(writes, DYNAMODB_LIMITS.maxWritesPerRequest), mostWritesToOneKey);
}

/**
 * SendMessageBatch: at most 10 messages and 1 MiB per request. On the FIFO queue the sink sends
 * at most one message per group per request (`strictOrdering`, its default), so the busiest
 * group's message count is a bound too (pass 0 for a standard queue).
 */
export function sqsLowerBound(messages: number, bytes: number, longestGroup = 0): number {
  return Math.max(ceilDiv(messages, SQS_LIMITS.maxEntriesPerRequest), ceilDiv(bytes, SQS_LIMITS.maxRequestBytes), longestGroup);
}

/**
 * PutMetricData with aggregation: points of one metric, dimensions, unit and minute fold into
 * one datum (≤ 150 distinct values each) and a request carries ≤ 1000 datums, so the requests
 * can be far fewer than ⌈points / 1000⌉. What is left: every folded batch is at least one request
 * and holds at most {@link CLOUDWATCH_FOLDED_BATCH} points, and no request carries more than 1000
 * of the fewest datums the points can fold into (`groups`: the distinct-value count of each
 * metric-dimensions-minute group).
 */
export function cloudWatchLowerBound(points: number, groups: Iterable<number>): number {
  let datums = 0;
  for (const distinctValues of groups) datums += ceilDiv(distinctValues, CLOUDWATCH_LIMITS.maxValuesPerDatum);
  return Math.max(ceilDiv(points, CLOUDWATCH_FOLDED_BATCH), ceilDiv(datums, CLOUDWATCH_LIMITS.maxDatumsPerRequest));
}
