import { RetriesExhaustedError } from '@batch/core';
import type { RecordedDatum } from '@batch/local-aws';
import { cli } from '../src/demo.js';
import { Ledger } from '../src/demo/Ledger.js';
import { cloudWatchLowerBound, dynamoDbLowerBound, kinesisLowerBound, sqsLowerBound } from '../src/demo/lowerBound.js';
import { METRIC, OrderSource, fifoJob, kinesisJob, orderItem, sqsJob, writtenOrCode } from '../src/demo/orders.js';
import { SINK_NAMES } from '../src/demo/types.js';
import type { Order } from '../src/demo/types.js';
import { verifyRun } from '../src/demo/verify.js';
import type { ReadBack } from '../src/demo/verify.js';
import { UsageError } from '../src/support/cli.js';
import { collect } from './collect.js';

/** 40 orders of 3 customers, half of them paid (written twice), every job delivered. */
async function deliveredRun(): Promise<Ledger> {
  const ledger = new Ledger();
  const source = new OrderSource(5, 3, 0.5, () => 1_700_000_000_000);
  for (let i = 0; i < 40; i++) {
    const order = source.next();
    ledger.orders.push(order);
    for (const sink of SINK_NAMES) {
      if (sink === 'dynamodb') {
        ledger.track(sink, `${order.id}#1`, Promise.resolve());
        if (order.paid) ledger.track(sink, `${order.id}#2`, Promise.resolve());
      } else ledger.track(sink, order.id, Promise.resolve());
    }
  }
  await ledger.settled();
  return ledger;
}

const datum = (order: Order): RecordedDatum => ({
  namespace: METRIC.namespace,
  metricName: METRIC.metricName,
  dimensions: [{ name: 'route', value: order.route }],
  unit: 'Milliseconds',
  value: order.latencyMs,
  timestamp: new Date(order.placedAt),
  storageResolution: 60,
});

/** What the emulators would hold after a perfect run, each in add order. */
function faithfulReadBack(orders: readonly Order[]): ReadBack {
  return {
    kinesis: orders.map((o) => ({ partitionKey: o.customerId, data: Buffer.from(kinesisJob(o).data as string) })),
    dynamodb: orders.map((o) => ({ ...orderItem(o, o.paid ? 2 : 1) })),
    sqs: orders.map((o) => ({ body: sqsJob(o).body as string })),
    fifo: orders.map((o) => ({ body: fifoJob(o).body as string, attributes: { MessageGroupId: o.customerId } })),
    cloudwatch: orders.map(datum),
  };
}

const problemsOf = (ledger: Ledger, readBack: ReadBack) => Object.fromEntries(verifyRun(ledger, readBack).map((c) => [c.sink, c.problems]));

/** Two orders of one customer, and their positions. */
function twoOfOneCustomer(orders: readonly Order[]): [number, number] {
  const first = orders.findIndex((o) => o.customerId === orders[0]?.customerId && o !== orders[0]);
  return [0, first];
}

describe('demo verification', () => {
  it('passes a faithful read-back, folded CloudWatch data included', async () => {
    const ledger = await deliveredRun();
    const readBack = faithfulReadBack(ledger.orders);
    expect(verifyRun(ledger, readBack).map((c) => [c.sink, c.ok, c.problems])).toEqual(SINK_NAMES.map((sink) => [sink, true, []]));

    // CloudWatch stores the points folded into Values/Counts: the same samples.
    const folded: RecordedDatum[] = ['/checkout', '/api/orders', '/mobile/orders'].map((route) => {
      const latencies = ledger.orders.filter((o) => o.route === route).map((o) => o.latencyMs);
      const values = [...new Set(latencies)];
      const { value: _single, ...rest } = datum(ledger.orders[0] as Order);
      return { ...rest, dimensions: [{ name: 'route', value: route }], values, counts: values.map((v) => latencies.filter((l) => l === v).length) };
    });
    expect(verifyRun(ledger, { ...readBack, cloudwatch: folded }).every((c) => c.ok)).toBe(true);
  });

  it('detects a lost, a duplicated and a foreign Kinesis event, and a customer out of add order', async () => {
    const ledger = await deliveredRun();
    const readBack = faithfulReadBack(ledger.orders);
    const kinesis = [...readBack.kinesis];
    const [a, b] = twoOfOneCustomer(ledger.orders);
    [kinesis[a], kinesis[b]] = [kinesis[b], kinesis[a]] as [ReadBack['kinesis'][number], ReadBack['kinesis'][number]];
    kinesis.splice(5, 1);
    kinesis.push(kinesis[7] as ReadBack['kinesis'][number], { partitionKey: 'cust-99', data: Buffer.from('{"type":"OrderPlaced","orderId":"ord-999999","customerId":"cust-99","customerSeq":1}') });
    expect(problemsOf(ledger, { ...readBack, kinesis }).kinesis).toEqual([
      '1 delivered events missing',
      '1 events stored more than once',
      '1 events that were never delivered',
      "2 of 4 customers' events stored out of add order",
    ]);
  });

  it('detects a DynamoDB item holding an earlier write than its last, a missing item and an unknown one', async () => {
    const ledger = await deliveredRun();
    const readBack = faithfulReadBack(ledger.orders);
    const paid = ledger.orders.findIndex((o) => o.paid);
    const dynamodb = readBack.dynamodb.map((item, i) => (i === paid ? { ...orderItem(ledger.orders[paid] as Order, 1) } : item)).slice(0, -1);
    expect(problemsOf(ledger, { ...readBack, dynamodb: [...dynamodb, { pk: 'ord-999999', version: 1 }] }).dynamodb).toEqual([
      '1 orders missing from the table',
      '1 orders hold an earlier write than their last (same-key order broken)',
      '1 items that were never delivered',
    ]);
  });

  it('detects lost and duplicated SQS messages', async () => {
    const ledger = await deliveredRun();
    const readBack = faithfulReadBack(ledger.orders);
    const sqs = [...readBack.sqs.slice(2), readBack.sqs[9] as { body: string }, { body: 'not json' }];
    expect(problemsOf(ledger, { ...readBack, sqs }).sqs).toEqual([
      '1 messages are not order messages',
      '2 delivered messages missing',
      '1 messages stored more than once',
    ]);
  });

  it('detects a FIFO group out of add order, a duplicate and a message in the wrong group', async () => {
    const ledger = await deliveredRun();
    const readBack = faithfulReadBack(ledger.orders);
    const [a, b] = twoOfOneCustomer(ledger.orders);
    const fifo = [...readBack.fifo];
    [fifo[a], fifo[b]] = [fifo[b], fifo[a]] as [ReadBack['fifo'][number], ReadBack['fifo'][number]];
    const reordered = problemsOf(ledger, { ...readBack, fifo }).fifo;
    expect(reordered).toEqual(['1 of 3 groups out of add order']);

    const duplicated = [...readBack.fifo, readBack.fifo[3] as ReadBack['fifo'][number]];
    expect(problemsOf(ledger, { ...readBack, fifo: duplicated }).fifo).toEqual(['1 messages received more than once']);

    const misfiled = readBack.fifo.map((m, i) => (i === 0 ? { ...m, attributes: { MessageGroupId: 'cust-99' } } : m));
    expect(problemsOf(ledger, { ...readBack, fifo: misfiled }).fifo).toEqual([
      "1 messages in another customer's group",
      '1 delivered messages missing',
      '1 messages that were never delivered',
    ]);
  });

  it('detects CloudWatch samples lost, changed, moved to another minute or stored in another unit', async () => {
    const ledger = await deliveredRun();
    const readBack = faithfulReadBack(ledger.orders);
    const first = ledger.orders[0] as Order;
    const minute = Math.floor(first.placedAt / 60_000);
    const mismatch = (route: string, at: number): RegExp =>
      new RegExp(`^${route} at minute ${at}: stored (nothing|\\d+ samples, sum \\d+, min \\d+, max \\d+), delivered (nothing|\\d+ samples, sum \\d+, min \\d+, max \\d+)$`);
    const changed = readBack.cloudwatch.map((d, i) => (i === 0 ? { ...d, value: first.latencyMs + 1 } : d));
    expect(problemsOf(ledger, { ...readBack, cloudwatch: changed }).cloudwatch).toEqual([expect.stringMatching(mismatch(first.route, minute))]);
    expect(problemsOf(ledger, { ...readBack, cloudwatch: readBack.cloudwatch.slice(1) }).cloudwatch).toEqual([expect.stringMatching(mismatch(first.route, minute))]);
    // The same samples, one datum stamped a minute later: both minutes differ.
    const moved = readBack.cloudwatch.map((d, i) => (i === 0 ? { ...d, timestamp: new Date(first.placedAt + 60_000) } : d));
    expect(problemsOf(ledger, { ...readBack, cloudwatch: moved }).cloudwatch).toEqual([
      expect.stringMatching(mismatch(first.route, minute)),
      expect.stringMatching(mismatch(first.route, minute + 1)),
    ]);
    const seconds = readBack.cloudwatch.map((d, i) => (i === 0 ? { ...d, unit: 'Seconds' } : d));
    expect(problemsOf(ledger, { ...readBack, cloudwatch: seconds }).cloudwatch).toEqual(['1 datums stored in another unit than Milliseconds']);
  });

  it('counts a DynamoDB write resolved as superseded as not delivered, though the final state looks right', async () => {
    const ledger = await deliveredRun();
    const paid = ledger.orders.find((o) => o.paid) as Order;
    const replaced = new Ledger();
    replaced.orders.push(...ledger.orders);
    for (const order of ledger.orders) {
      replaced.track('dynamodb', `${order.id}#1`, Promise.resolve({ status: order === paid ? ('superseded' as const) : ('written' as const), attempts: 1 }), writtenOrCode);
      if (order.paid) replaced.track('dynamodb', `${order.id}#2`, Promise.resolve({ status: 'written' as const, attempts: 1 }), writtenOrCode);
    }
    await replaced.settled();
    const problems = problemsOf(replaced, faithfulReadBack(ledger.orders)).dynamodb;
    expect(problems).toEqual([expect.stringMatching(/^1 of \d+ jobs failed \(DYNAMODB_SUPERSEDED 1\)$/)]);
  });

  it('counts jobs the library rejected as failures, even when the read-back is clean', async () => {
    const ledger = await deliveredRun();
    const order = ledger.orders[0] as Order;
    const extra = { ...order, id: 'ord-100000' };
    ledger.orders.push(extra);
    ledger.track('sqs', extra.id, Promise.reject(new RetriesExhaustedError(10, new Error('RequestThrottled'))));
    await ledger.settled();
    const checks = verifyRun(ledger, faithfulReadBack(ledger.orders.slice(0, -1)));
    expect(checks.find((c) => c.sink === 'sqs')).toMatchObject({ ok: false, problems: ['1 of 41 jobs failed (RETRIES_EXHAUSTED 1)'] });
    expect(ledger.tally('sqs')).toEqual({ added: 41, delivered: 40, failed: 1, failures: { RETRIES_EXHAUSTED: 1 } });
  });
});

describe('demo request lower bounds', () => {
  it('counts entries, bytes and the ordering constraints', () => {
    expect(kinesisLowerBound(0, 0)).toBe(0);
    expect(kinesisLowerBound(4000, 520_000)).toBe(8);
    expect(kinesisLowerBound(4000, 520_000, 230)).toBe(230);
    expect(kinesisLowerBound(10, 25 * 1024 * 1024)).toBe(3);
    expect(dynamoDbLowerBound(4419, 2)).toBe(177);
    expect(dynamoDbLowerBound(3, 2)).toBe(2);
    expect(sqsLowerBound(4000, 1_000_000)).toBe(400);
    expect(sqsLowerBound(5, 3 * 1024 * 1024)).toBe(3);
    expect(sqsLowerBound(4000, 1_000_000, 450)).toBe(450);
  });

  it('lets CloudWatch go below one request per 1000 points when points fold', () => {
    expect(cloudWatchLowerBound(0, [])).toBe(0);
    expect(cloudWatchLowerBound(4000, [120, 130, 151])).toBe(1); // 4 datums
    expect(cloudWatchLowerBound(25_000, [10])).toBe(3); // 10,000 points per folded batch
    expect(cloudWatchLowerBound(1001, new Array<number>(1001).fill(1))).toBe(2); // 1001 distinct groups
  });
});

describe('demo command line', () => {
  it('prints its help and refuses bad flags', async () => {
    const [out, text] = collect();
    await expect(cli(['--help'], out)).resolves.toBe(0);
    expect(text()).toContain('--fault-rate <p>');
    expect(text()).toContain('--duration <s>');
    await expect(cli(['--fault-rate', '2'], out)).rejects.toThrow(new UsageError('--fault-rate expects a number >= 0 and <= 1, got "2"'));
    await expect(cli(['--rate', '0'], out)).rejects.toThrow(UsageError);
    await expect(cli(['--speed', '3'], out)).rejects.toThrow(UsageError);
  });
});
