// The read-back verification: what each emulator holds after shutdown, compared with the
// ledger of what was added and delivered. Pure functions of the two, so a test can tamper with
// a read-back and watch the check fail.
import type { KinesisRecord, RecordedDatum, SqsMessage } from '@batch/local-aws';
import { formatCount } from '../support/format.js';
import type { Ledger, SinkTally } from './Ledger.js';
import { METRIC, orderItem } from './orders.js';
import type { CustomerMessage, OrderEvent, OrderItem, OrderMessage, SinkCheck, SinkName } from './types.js';

/** What was read back from each emulator, straight from the emulator (bypassing faults). */
export interface ReadBack {
  readonly kinesis: readonly Pick<KinesisRecord, 'partitionKey' | 'data'>[];
  readonly dynamodb: readonly Readonly<Record<string, unknown>>[];
  readonly sqs: readonly Pick<SqsMessage, 'body'>[];
  readonly fifo: readonly Pick<SqsMessage, 'body' | 'attributes'>[];
  readonly cloudwatch: readonly RecordedDatum[];
}

/** Checks every sink: its jobs all delivered, and its read-back exactly what was delivered. */
export function verifyRun(ledger: Ledger, readBack: ReadBack): SinkCheck[] {
  return [
    verifyKinesis(ledger, readBack.kinesis),
    verifyDynamoDb(ledger, readBack.dynamodb),
    verifySqs(ledger, readBack.sqs),
    verifyFifo(ledger, readBack.fifo),
    verifyCloudWatch(ledger, readBack.cloudwatch),
  ];
}

/** Kinesis: each delivered order's event exactly once, under its customer's partition key. */
export function verifyKinesis(ledger: Ledger, records: ReadBack['kinesis']): SinkCheck {
  const problems = settlementProblems(ledger.tally('kinesis'));
  const expected = deliveredIds(ledger, 'kinesis');
  const ids: string[] = [];
  const seqsByKey = new Map<string, number[]>();
  let unreadable = 0;
  let wrongKey = 0;
  for (const record of records) {
    const event = parse<OrderEvent>(Buffer.from(record.data).toString('utf8'));
    if (event?.type !== 'OrderPlaced' || typeof event.orderId !== 'string' || typeof event.customerSeq !== 'number') {
      unreadable += 1;
      continue;
    }
    ids.push(event.orderId);
    if (record.partitionKey !== event.customerId) wrongKey += 1;
    const seqs = seqsByKey.get(record.partitionKey) ?? [];
    seqs.push(event.customerSeq);
    seqsByKey.set(record.partitionKey, seqs);
  }
  if (unreadable > 0) problems.push(`${formatCount(unreadable)} records are not order events`);
  if (wrongKey > 0) problems.push(`${formatCount(wrongKey)} records under another customer's partition key`);
  problems.push(...exactlyOnce(expected, ids, 'events'));
  // readAll returns each shard in sequence order and a key lives in one shard: this is the order
  // Kinesis stored each customer's events in. The sink keeps it with strictOrdering (on here).
  const reordered = [...seqsByKey.values()].filter((seqs) => seqs.some((seq, i) => i > 0 && seq < (seqs[i - 1] ?? 0))).length;
  if (reordered > 0) problems.push(`${reordered} of ${seqsByKey.size} customers' events stored out of add order`);
  return check(
    'kinesis',
    problems,
    `${formatCount(records.length)} records read back: each delivered order's event exactly once, each customer's in add order`,
  );
}

/** DynamoDB: one item per delivered order, holding its last delivered write (version 2 if paid). */
export function verifyDynamoDb(ledger: Ledger, items: ReadBack['dynamodb']): SinkCheck {
  const problems = settlementProblems(ledger.tally('dynamodb'));
  const expected = new Map<string, OrderItem>();
  let paid = 0;
  for (const order of ledger.orders) {
    // Writes to one key land in add order, so the item holds the last delivered write.
    if (ledger.delivered('dynamodb', `${order.id}#1`)) expected.set(order.id, orderItem(order, 1));
    if (order.paid && ledger.delivered('dynamodb', `${order.id}#2`)) {
      expected.set(order.id, orderItem(order, 2));
      paid += 1;
    }
  }
  let missing = 0;
  let stale = 0;
  let wrong = 0;
  const seen = new Set<string>();
  for (const item of items) seen.add(String(item.pk));
  const unexpected = [...seen].filter((pk) => !expected.has(pk)).length;
  const byKey = new Map(items.map((item) => [String(item.pk), item]));
  for (const [pk, want] of expected) {
    const got = byKey.get(pk);
    if (got === undefined) missing += 1;
    else if (got.version !== want.version) stale += 1;
    else if (!sameFields(got, want)) wrong += 1;
  }
  if (missing > 0) problems.push(`${formatCount(missing)} orders missing from the table`);
  if (stale > 0) problems.push(`${formatCount(stale)} orders hold an earlier write than their last (same-key order broken)`);
  if (wrong > 0) problems.push(`${formatCount(wrong)} items differ from what was written`);
  if (unexpected > 0) problems.push(`${formatCount(unexpected)} items that were never delivered`);
  return check('dynamodb', problems, `${formatCount(items.length)} items scanned: each order's final state (${formatCount(paid)} paid orders show their second write)`);
}

/** Standard queue: each delivered order's message exactly once. */
export function verifySqs(ledger: Ledger, messages: ReadBack['sqs']): SinkCheck {
  const problems = settlementProblems(ledger.tally('sqs'));
  const ids: string[] = [];
  let unreadable = 0;
  for (const message of messages) {
    const body = parse<OrderMessage>(message.body);
    if (typeof body?.orderId === 'string') ids.push(body.orderId);
    else unreadable += 1;
  }
  if (unreadable > 0) problems.push(`${formatCount(unreadable)} messages are not order messages`);
  problems.push(...exactlyOnce(deliveredIds(ledger, 'sqs'), ids, 'messages'));
  return check('sqs', problems, `${formatCount(messages.length)} messages received: each delivered order's message exactly once`);
}

/** FIFO queue: each customer's group holds exactly its delivered messages, in add order, once each. */
export function verifyFifo(ledger: Ledger, messages: ReadBack['fifo']): SinkCheck {
  const problems = settlementProblems(ledger.tally('fifo'));
  const expected = new Map<string, number[]>();
  for (const order of ledger.orders) {
    if (!ledger.delivered('fifo', order.id)) continue;
    const seqs = expected.get(order.customerId) ?? [];
    seqs.push(order.customerSeq);
    expected.set(order.customerId, seqs);
  }
  const received = new Map<string, number[]>();
  let unreadable = 0;
  let wrongGroup = 0;
  for (const message of messages) {
    const body = parse<CustomerMessage>(message.body);
    const group = message.attributes.MessageGroupId ?? '';
    if (typeof body?.customerSeq !== 'number') {
      unreadable += 1;
      continue;
    }
    if (body.customerId !== group) wrongGroup += 1;
    const seqs = received.get(group) ?? [];
    seqs.push(body.customerSeq);
    received.set(group, seqs);
  }
  let duplicated = 0;
  let missing = 0;
  let outOfOrder = 0;
  for (const group of new Set([...expected.keys(), ...received.keys()])) {
    const want = expected.get(group) ?? [];
    const got = received.get(group) ?? [];
    const wanted = new Set(want);
    const counts = new Map<number, number>();
    for (const seq of got) counts.set(seq, (counts.get(seq) ?? 0) + 1);
    duplicated += [...counts.values()].filter((n) => n > 1).length;
    missing += want.filter((seq) => !counts.has(seq)).length;
    const firsts = got.filter((seq, i) => wanted.has(seq) && got.indexOf(seq) === i);
    if (firsts.some((seq, i) => i > 0 && seq < (firsts[i - 1] ?? 0))) outOfOrder += 1;
  }
  const unknown = [...received.entries()].reduce((sum, [group, got]) => {
    const wanted = new Set(expected.get(group) ?? []);
    return sum + got.filter((seq) => !wanted.has(seq)).length;
  }, 0);
  if (unreadable > 0) problems.push(`${formatCount(unreadable)} messages are not customer messages`);
  if (wrongGroup > 0) problems.push(`${formatCount(wrongGroup)} messages in another customer's group`);
  if (missing > 0) problems.push(`${formatCount(missing)} delivered messages missing`);
  if (duplicated > 0) problems.push(`${formatCount(duplicated)} messages received more than once`);
  if (unknown > 0) problems.push(`${formatCount(unknown)} messages that were never delivered`);
  if (outOfOrder > 0) problems.push(`${outOfOrder} of ${expected.size} groups out of add order`);
  return check('fifo', problems, `${formatCount(messages.length)} messages in ${received.size} groups: each group exactly its add order, no duplicates`);
}

/**
 * CloudWatch: the samples stored per route and minute (after folding into Values/Counts) are the
 * delivered points of that route and minute: their number, sum, minimum and maximum, in the unit
 * sent. Latencies are whole milliseconds, so sums are exact. A datum counts in the minute of its
 * timestamp, so points folded across minutes, or restamped, show up as a mismatch.
 */
export function verifyCloudWatch(ledger: Ledger, data: ReadBack['cloudwatch']): SinkCheck {
  const problems = settlementProblems(ledger.tally('cloudwatch'));
  const expected = new Map<string, Samples>();
  for (const order of ledger.orders) {
    if (ledger.delivered('cloudwatch', order.id)) add(expected, bucketKey(order.route, order.placedAt), pointSamples(order.latencyMs));
  }
  const stored = new Map<string, Samples>();
  let datums = 0;
  let wrongUnit = 0;
  for (const datum of data) {
    if (datum.namespace !== METRIC.namespace || datum.metricName !== METRIC.metricName) continue;
    datums += 1;
    if (datum.unit !== 'Milliseconds') wrongUnit += 1;
    const route = datum.dimensions.find((d) => d.name === 'route')?.value ?? '(no route)';
    add(stored, bucketKey(route, datum.timestamp.getTime()), samplesOf(datum));
  }
  if (wrongUnit > 0) problems.push(`${formatCount(wrongUnit)} datums stored in another unit than Milliseconds`);
  let mismatched = 0;
  for (const key of new Set([...expected.keys(), ...stored.keys()])) {
    const want = expected.get(key) ?? NO_SAMPLES;
    const got = stored.get(key) ?? NO_SAMPLES;
    if (got.count !== want.count || got.sum !== want.sum || got.min !== want.min || got.max !== want.max) {
      mismatched += 1;
      if (mismatched <= 3) {
        problems.push(`${key.replace('\n', ' at minute ')}: stored ${describe(got)}, delivered ${describe(want)}`);
      }
    }
  }
  if (mismatched > 3) problems.push(`… ${formatCount(mismatched - 3)} more route-minutes differ`);
  const samples = [...stored.values()].reduce((sum, s) => sum + s.count, 0);
  return check(
    'cloudwatch',
    problems,
    `${formatCount(samples)} samples in ${formatCount(datums)} datums: count, sum, min and max per route and minute equal the points delivered`,
  );
}

interface Samples {
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
}

const NO_SAMPLES: Samples = { count: 0, sum: 0, min: Infinity, max: -Infinity };

function bucketKey(route: string, timeMs: number): string {
  return `${route}\n${Math.floor(timeMs / 60_000)}`;
}

function pointSamples(value: number): Samples {
  return { count: 1, sum: value, min: value, max: value };
}

function describe(s: Samples): string {
  return s.count === 0 ? 'nothing' : `${formatCount(s.count)} samples, sum ${s.sum}, min ${s.min}, max ${s.max}`;
}

/** A datum's samples, whichever form it was sent in. */
function samplesOf(datum: RecordedDatum): Samples {
  const statistics = datum.statisticValues;
  if (statistics !== undefined) return { count: statistics.sampleCount, sum: statistics.sum, min: statistics.minimum, max: statistics.maximum };
  if (datum.values !== undefined) {
    let count = 0;
    let sum = 0;
    datum.values.forEach((value, i) => {
      const n = datum.counts?.[i] ?? 1;
      count += n;
      sum += value * n;
    });
    return { count, sum, min: Math.min(...datum.values), max: Math.max(...datum.values) };
  }
  return pointSamples(datum.value ?? 0);
}

function add(map: Map<string, Samples>, key: string, samples: Samples): void {
  const was = map.get(key) ?? NO_SAMPLES;
  map.set(key, { count: was.count + samples.count, sum: was.sum + samples.sum, min: Math.min(was.min, samples.min), max: Math.max(was.max, samples.max) });
}

/** Jobs that did not settle as delivered are failures of the run, whatever the read-back says. */
function settlementProblems(tally: SinkTally): string[] {
  if (tally.failed === 0) return [];
  const codes = Object.entries(tally.failures)
    .map(([code, n]) => `${code} ${formatCount(n)}`)
    .join(', ');
  return [`${formatCount(tally.failed)} of ${formatCount(tally.added)} jobs failed (${codes})`];
}

function deliveredIds(ledger: Ledger, sink: SinkName): Set<string> {
  return new Set(ledger.orders.filter((order) => ledger.delivered(sink, order.id)).map((order) => order.id));
}

/** Compares ids read back with the ids expected once each. */
function exactlyOnce(expected: ReadonlySet<string>, ids: readonly string[], noun: string): string[] {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  let missing = 0;
  for (const id of expected) if (!counts.has(id)) missing += 1;
  let duplicated = 0;
  let unexpected = 0;
  for (const [id, n] of counts) {
    if (!expected.has(id)) unexpected += 1;
    else if (n > 1) duplicated += 1;
  }
  const problems: string[] = [];
  if (missing > 0) problems.push(`${formatCount(missing)} delivered ${noun} missing`);
  if (duplicated > 0) problems.push(`${formatCount(duplicated)} ${noun} stored more than once`);
  if (unexpected > 0) problems.push(`${formatCount(unexpected)} ${noun} that were never delivered`);
  return problems;
}

function sameFields(got: Readonly<Record<string, unknown>>, want: OrderItem): boolean {
  const keys = Object.keys(want) as (keyof OrderItem)[];
  return Object.keys(got).length === keys.length && keys.every((key) => got[key] === want[key]);
}

function parse<T>(text: string): Partial<T> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

function check(sink: SinkName, problems: readonly string[], verified: string): SinkCheck {
  return { sink, ok: problems.length === 0, verified, problems };
}
