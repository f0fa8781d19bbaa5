// The summary's numbers per sink: what the ledger says of the jobs, what the proxies logged,
// and each sink's request lower bound computed from the jobs it accepted.
import type { Ledger } from './Ledger.js';
import { cloudWatchLowerBound, dynamoDbLowerBound, kinesisLowerBound, sqsLowerBound } from './lowerBound.js';
import { fifoJob, kinesisJob, sqsJob } from './orders.js';
import { apiCalls } from './pipelines.js';
import type { Pipelines } from './pipelines.js';
import type { Order, SinkName, SinkSummary } from './types.js';

/** Per-sink numbers, with each sink's request lower bound computed from the jobs it accepted. */
export function summarize(p: Pipelines, ledger: Ledger): SinkSummary[] {
  const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
  const accepted = (sink: SinkName): Order[] => ledger.orders.filter((order) => ledger.settlement(sink, order.id) !== undefined);
  const kinesis = accepted('kinesis');
  const sqs = accepted('sqs');
  const fifo = accepted('fifo');
  const points = accepted('cloudwatch');
  const groups = new Map<string, Set<number>>();
  for (const order of points) {
    const key = `${order.route}|${Math.floor(order.placedAt / 60_000)}`;
    groups.set(key, (groups.get(key) ?? new Set()).add(order.latencyMs));
  }
  const writes = ledger.tally('dynamodb').added;
  const paid = ledger.orders.some((order) => order.paid && ledger.settlement('dynamodb', `${order.id}#2`) !== undefined);
  const bounds: Record<SinkName, number> = {
    kinesis: kinesisLowerBound(
      kinesis.length,
      sum(kinesis, (o) => bytes(kinesisJob(o).data as string) + bytes(o.customerId)),
      longest(kinesis),
    ),
    dynamodb: dynamoDbLowerBound(writes, writes === 0 ? 0 : paid ? 2 : 1),
    sqs: sqsLowerBound(sqs.length, sum(sqs, (o) => bytes(sqsJob(o).body as string))),
    fifo: sqsLowerBound(fifo.length, sum(fifo, (o) => bytes(fifoJob(o).body as string)), longest(fifo)),
    cloudwatch: cloudWatchLowerBound(points.length, [...groups.values()].map((values) => values.size)),
  };
  return p.views.map((view) => {
    const tally = ledger.tally(view.name);
    const { calls, faulted } = apiCalls(view);
    return {
      sink: view.name,
      api: view.api,
      added: tally.added,
      delivered: tally.delivered,
      failed: tally.failed,
      retried: view.batcher.stats().retried,
      apiCalls: calls,
      faultedCalls: faulted,
      lowerBound: bounds[view.name],
    };
  });
}

/** The most orders of one customer. */
function longest(orders: readonly Order[]): number {
  const counts = new Map<string, number>();
  for (const order of orders) counts.set(order.customerId, (counts.get(order.customerId) ?? 0) + 1);
  let most = 0;
  for (const count of counts.values()) most = Math.max(most, count);
  return most;
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += f(item);
  return total;
}
