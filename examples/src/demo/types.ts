// The AWS demo's domain and result types.

/** The five pipelines of the demo, one Batcher each, in display order. */
export const SINK_NAMES = ['kinesis', 'dynamodb', 'sqs', 'fifo', 'cloudwatch'] as const;

/** One of {@link SINK_NAMES}: `sqs` is the standard queue, `fifo` the FIFO queue. */
export type SinkName = (typeof SINK_NAMES)[number];

/** Routes of the simulated service; CloudWatch's latency metric has one dimension per route. */
export const ROUTES = ['/checkout', '/api/orders', '/mobile/orders'] as const;

/** A simulated order: what the service writes to every sink. */
export interface Order {
  /** `ord-000001`, … in add order. */
  readonly id: string;
  /** `cust-01` … : the Kinesis partition key and the FIFO message group. */
  readonly customerId: string;
  /** 1, 2, … per customer, in add order: what the FIFO check compares. */
  readonly customerSeq: number;
  readonly amountCents: number;
  /** Which route served it: the latency metric's dimension. */
  readonly route: (typeof ROUTES)[number];
  /** Simulated handling time, whole milliseconds: the latency metric's value. */
  readonly latencyMs: number;
  /** When it was placed (epoch ms): the metric's timestamp. */
  readonly placedAt: number;
  /** Whether a second write to the same DynamoDB key (status `paid`, version 2) follows the first. */
  readonly paid: boolean;
}

/** The Kinesis event of an order (the record's data, JSON). */
export interface OrderEvent {
  readonly type: 'OrderPlaced';
  readonly orderId: string;
  readonly customerId: string;
  readonly customerSeq: number;
  readonly amountCents: number;
}

/** The DynamoDB item of an order; `version` 2 is the second write of a paid order. */
export interface OrderItem {
  readonly pk: string;
  readonly customerId: string;
  readonly status: 'placed' | 'paid';
  readonly version: 1 | 2;
  readonly amountCents: number;
}

/** The standard queue's message body. */
export interface OrderMessage {
  readonly orderId: string;
  readonly customerId: string;
  readonly amountCents: number;
}

/** The FIFO queue's message body (its group is the customer). */
export interface CustomerMessage {
  readonly orderId: string;
  readonly customerId: string;
  readonly customerSeq: number;
}

/** How an accepted job ended: delivered, or failed with the `code` of its error. */
export type Settlement = { readonly delivered: true } | { readonly delivered: false; readonly code: string };

/** The read-back check of one sink. */
export interface SinkCheck {
  readonly sink: SinkName;
  readonly ok: boolean;
  /** What was verified, in one line (`4,000 records read back, each order exactly once`). */
  readonly verified: string;
  /** What went wrong; empty when `ok`. */
  readonly problems: readonly string[];
}

/** One sink's numbers. Counts come from the jobs' own promises; `retried` from `stats()`. */
export interface SinkSummary {
  readonly sink: SinkName;
  readonly api: string;
  readonly added: number;
  readonly delivered: number;
  readonly failed: number;
  /** Requeues after retryable failures (one job retried twice counts 2). */
  readonly retried: number;
  /** Batch-operation requests the proxy received, faulted ones included. */
  readonly apiCalls: number;
  /** Of `apiCalls`, those the proxy throttled or partially failed. */
  readonly faultedCalls: number;
  /** The fewest requests that could have carried the jobs added (see lowerBound.ts). */
  readonly lowerBound: number;
}

/** What a run did and found. */
export interface DemoSummary {
  readonly seed: number;
  /** `'duration'`, or the abort reason (e.g. `'SIGINT'`) when intake was stopped early. */
  readonly stoppedBy: string;
  readonly orders: number;
  readonly sinks: readonly SinkSummary[];
  readonly checks: readonly SinkCheck[];
  /** Every check passed. */
  readonly ok: boolean;
  readonly elapsedMs: number;
}
