// The demo's workload: a seeded sequence of orders, and the jobs each sink gets for one.
import type { CloudWatchJob } from '@batch/sink-cloudwatch';
import type { DynamoDbJob, DynamoDbResult } from '@batch/sink-dynamodb';
import type { KinesisJob } from '@batch/sink-kinesis';
import type { SqsJob } from '@batch/sink-sqs';
import { mulberry32 } from '../support/random.js';
import { ROUTES } from './types.js';
import type { CustomerMessage, Order, OrderEvent, OrderItem, OrderMessage } from './types.js';

/** Median-ish handling time per route, ms: the latency metric has something to show. */
const BASE_LATENCY: Readonly<Record<Order['route'], number>> = { '/checkout': 60, '/api/orders': 25, '/mobile/orders': 40 };

/** The namespace and metric name of the latency metric. */
export const METRIC = { namespace: 'BatchDemo', metricName: 'OrderLatency' } as const;

/**
 * Seeded orders, in sequence: the same seed gives the same orders (customers, amounts, routes,
 * latencies, which get paid), whatever the timing. Only `placedAt` is the wall clock.
 */
export class OrderSource {
  private readonly random: () => number;
  private readonly seqs: number[];
  private count = 0;

  constructor(
    seed: number,
    private readonly customers: number,
    /** Share of orders that get a second DynamoDB write (status `paid`). */
    private readonly paidShare: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.random = mulberry32(seed);
    this.seqs = new Array<number>(customers).fill(0);
  }

  next(): Order {
    this.count += 1;
    const customer = Math.floor(this.random() * this.customers);
    const customerSeq = (this.seqs[customer] ?? 0) + 1;
    this.seqs[customer] = customerSeq;
    const route = ROUTES[Math.floor(this.random() * ROUTES.length)] ?? ROUTES[0];
    const base = BASE_LATENCY[route];
    // An exponential tail on top of the base: a few slow orders, as in real services.
    const latencyMs = Math.round(base + (-Math.log(1 - this.random()) * base) / 2);
    return {
      id: `ord-${String(this.count).padStart(6, '0')}`,
      customerId: `cust-${String(customer + 1).padStart(2, '0')}`,
      customerSeq,
      amountCents: 100 + Math.floor(this.random() * 20_000),
      route,
      latencyMs,
      placedAt: this.clock(),
      paid: this.random() < this.paidShare,
    };
  }
}

/** The Kinesis event: data sent as a JSON string (so its bytes are known), keyed by customer. */
export function kinesisJob(order: Order): KinesisJob {
  const event: OrderEvent = {
    type: 'OrderPlaced',
    orderId: order.id,
    customerId: order.customerId,
    customerSeq: order.customerSeq,
    amountCents: order.amountCents,
  };
  return { data: JSON.stringify(event), partitionKey: order.customerId };
}

/** The order's DynamoDB item: version 1 when placed, version 2 when paid. */
export function orderItem(order: Order, version: 1 | 2): OrderItem {
  return { pk: order.id, customerId: order.customerId, status: version === 1 ? 'placed' : 'paid', version, amountCents: order.amountCents };
}

/** A put of the order's item. */
export function dynamoDbJob(order: Order, version: 1 | 2): DynamoDbJob {
  return { put: { ...orderItem(order, version) } };
}

/** The standard queue's message. */
export function sqsJob(order: Order): SqsJob {
  const message: OrderMessage = { orderId: order.id, customerId: order.customerId, amountCents: order.amountCents };
  return { body: JSON.stringify(message) };
}

/** The FIFO queue's message, in the customer's group. */
export function fifoJob(order: Order): SqsJob {
  const message: CustomerMessage = { orderId: order.id, customerId: order.customerId, customerSeq: order.customerSeq };
  return { body: JSON.stringify(message), messageGroupId: order.customerId };
}

/** The latency point, with the route as its dimension and the order's time as its timestamp. */
export function cloudWatchJob(order: Order): CloudWatchJob {
  return {
    metricName: METRIC.metricName,
    value: order.latencyMs,
    unit: 'Milliseconds',
    dimensions: { route: order.route },
    timestamp: order.placedAt,
  };
}

/**
 * How the ledger judges a DynamoDB write's result: delivered only when written itself. The demo
 * does not coalesce, so a write resolved as `superseded` never reached the table, though the
 * item's final state would look right.
 */
export function writtenOrCode(result: DynamoDbResult): string | undefined {
  return result.status === 'written' ? undefined : `DYNAMODB_${result.status.toUpperCase()}`;
}
