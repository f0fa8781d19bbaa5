// The demo: an order service writing to five AWS sinks through @batch, against local emulators
// (no AWS account). It starts kinesalite, dynalite, local-aws-sqs and a CloudWatch endpoint,
// each behind a seeded fault proxy, creates a stream, a table, a standard and a FIFO queue, and
// then, for every simulated order, add()s:
//   - a Kinesis event, partitioned by customer;
//   - a DynamoDB item keyed by order id (a tenth of the orders are written twice, placed then
//     paid: the second write must land last);
//   - an SQS message, and a FIFO message in its customer's group carrying a per-customer sequence;
//   - a CloudWatch latency point with a route dimension (aggregation on).
// One Batcher per sink; the SDK clients never retry, so every retry shown is the library's own.
// While the proxies throttle requests and fail some of their entries, a status block shows each
// sink's progress. Then intake stops (after --duration, or on SIGINT/SIGTERM), each batcher is
// shut down, the faults are cleared and every emulator is read back: each order exactly once
// in Kinesis and the standard queue, each order's final state in DynamoDB, each FIFO group in
// add order without duplicates, and CloudWatch's sample count and sum equal to the points added.
// The summary table also compares the API calls with the fewest requests that could have carried
// the jobs. Exit code 1 if any check fails. The pieces live in demo/: the orders (orders.ts), the
// pipelines and faults (pipelines.ts), the books (Ledger.ts), the checks (verify.ts), the request
// bounds (lowerBound.ts, summarize.ts) and what is printed (report.ts).
//
// Run: pnpm demo   (from the repository root: builds, then runs this with the defaults)
//      node examples/dist/demo.js [--duration 20] [--rate 200] [--fault-rate 0.1] [--seed 42]
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalAws } from '@batch/local-aws';
import type { LocalAws } from '@batch/local-aws';
import { isEntryPoint, numberFlag, parseFlags, runCli, withGracefulStop } from './support/cli.js';
import { formatCount, formatDecimal } from './support/format.js';
import { liveStatus } from './support/liveStatus.js';
import type { LiveStatus } from './support/liveStatus.js';
import type { Output } from './support/types.js';
import { Ledger } from './demo/Ledger.js';
import { METRIC, OrderSource, cloudWatchJob, dynamoDbJob, fifoJob, kinesisJob, sqsJob, writtenOrCode } from './demo/orders.js';
import { RESOURCES, openPipelines } from './demo/pipelines.js';
import type { Pipelines } from './demo/pipelines.js';
import { formatSummary, header, statusBlock } from './demo/report.js';
import { summarize } from './demo/summarize.js';
import type { DemoSummary, Order } from './demo/types.js';
import { verifyRun } from './demo/verify.js';
import type { ReadBack } from './demo/verify.js';

export type { DemoSummary, SinkCheck, SinkSummary } from './demo/types.js';

/** Options of {@link main}. */
export interface DemoOptions {
  /** Milliseconds of intake; orders are spread evenly over it. @default 20000 */
  readonly durationMs?: number | undefined;
  /** Orders per second; every order is 5 or 6 jobs (one per sink, two DynamoDB writes when paid). @default 200 */
  readonly rate?: number | undefined;
  /** Share, 0 to 1, of each sink's batch requests the proxies fail (throttle, or fail some entries). @default 0.1 */
  readonly faultRate?: number | undefined;
  /** Seed of the workload, the proxies' fault draws and the retry jitter. @default 42 */
  readonly seed?: number | undefined;
  /** Customers: Kinesis partition keys and FIFO message groups. @default 20 */
  readonly customers?: number | undefined;
  /** Share of orders written to DynamoDB twice (placed, then paid). @default 0.1 */
  readonly paidShare?: number | undefined;
  /** Milliseconds each batcher's `shutdown()` may take. @default 10000 */
  readonly shutdownTimeout?: number | undefined;
  /** Aborting it stops intake early; the batchers then drain as at the end of a normal run. */
  readonly signal?: AbortSignal | undefined;
  /** Where to print. @default process.stdout */
  readonly out?: Output | undefined;
}

/**
 * Runs the demo against fresh local emulators and prints its progress and summary to
 * `options.out`. Resolves once the emulators are stopped, whatever the checks found; rejects only
 * if an emulator fails (cannot start, or a read-back errs).
 * @example const summary = await main({ durationMs: 3000, rate: 100 }); process.exitCode = summary.ok ? 0 : 1;
 */
export async function main(options: DemoOptions = {}): Promise<DemoSummary> {
  const durationMs = options.durationMs ?? 20_000;
  const rate = options.rate ?? 200;
  const faultRate = options.faultRate ?? 0.1;
  const seed = options.seed ?? 42;
  const customers = options.customers ?? 20;
  const paidShare = options.paidShare ?? 0.1;
  const out = options.out ?? process.stdout;
  const total = Math.round((rate * durationMs) / 1000);

  out.write(`starting local emulators (kinesalite, dynalite, local-aws-sqs, CloudWatch), each behind a fault proxy, seed ${seed}\n`);
  const aws = await startLocalAws({ seed });
  let fifoAws: LocalAws | undefined;
  let pipelines: Pipelines | undefined;
  let status: LiveStatus | undefined;
  try {
    fifoAws = await startLocalAws({ seed: (seed + 1) >>> 0, services: ['sqs'] });
    pipelines = await openPipelines(aws, fifoAws, seed, faultRate);
    out.write(header(pipelines, { total, durationMs, rate, faultRate, seed, customers, paidShare }));
    const ledger = new Ledger();
    const started = performance.now();
    const render = (): string => statusBlock(pipelines as Pipelines, ledger.orders.length, total, performance.now() - started);
    const live = liveStatus(out, render, { ttyIntervalMs: 200, plainIntervalMs: 2000 });
    status = live;
    const onAbort = (): void => live.note(`${String(options.signal?.reason)} received: stopping intake, draining every batcher\n`);
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const source = new OrderSource(seed, customers, paidShare);
    const intakeStopped = (): boolean => options.signal?.aborted === true;
    while (ledger.orders.length < total && !intakeStopped()) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / durationMs) * total));
      while (ledger.orders.length < due && !intakeStopped()) {
        // Backpressure: never add past a full queue (not expected at these rates).
        for (const view of pipelines.views) if (!view.batcher.hasRoom()) await view.batcher.waitForRoom();
        placeOrder(pipelines, ledger, source.next());
      }
      if (ledger.orders.length < total) await sleep(5);
    }
    const stoppedBy = intakeStopped() ? String(options.signal?.reason) : 'duration';
    options.signal?.removeEventListener('abort', onAbort);

    // Stop intake (done), then drain every batcher at once: each sends what waits, finishes its
    // retries and in-flight requests, and past the timeout rejects what is left.
    const shutdownStarted = performance.now();
    live.note(`intake stopped (${stoppedBy}) after ${formatCount(ledger.orders.length)} orders: shutting down the batchers\n`);
    const timeout = options.shutdownTimeout ?? 10_000;
    await Promise.all(pipelines.views.map((view) => view.batcher.shutdown({ timeout })));
    await ledger.settled();
    live.stop();
    const shutdownMs = performance.now() - shutdownStarted;

    // Read-backs go straight to the emulators, but clear the rules anyway: nothing may fault now.
    for (const view of pipelines.views) view.proxy.clear();
    out.write(`shutdown took ${formatDecimal(shutdownMs / 1000)} s; faults cleared, reading every emulator back\n`);
    const readStarted = performance.now();
    // At once: receiving is the slow part (local-aws-sqs answers a receive of 10 messages on a
    // 10 ms poll tick), and the two queues live in two emulators.
    const [kinesisRecords, items, messages, fifoMessages] = await Promise.all([
      aws.kinesis.readAll(RESOURCES.streamName),
      aws.dynamodb.scanAll(RESOURCES.tableName),
      aws.sqs.receiveAll(pipelines.queueUrl),
      fifoAws.sqs.receiveAll(pipelines.fifoQueueUrl),
    ]);
    const readBack: ReadBack = {
      kinesis: kinesisRecords,
      dynamodb: items,
      sqs: messages,
      fifo: fifoMessages,
      cloudwatch: aws.cloudwatch.recorded({ namespace: METRIC.namespace }),
    };
    out.write(`read back in ${formatDecimal((performance.now() - readStarted) / 1000)} s\n\n`);
    const checks = verifyRun(ledger, readBack);
    const summary: DemoSummary = {
      seed,
      stoppedBy,
      orders: ledger.orders.length,
      sinks: summarize(pipelines, ledger),
      checks,
      ok: checks.every((check) => check.ok),
      elapsedMs: performance.now() - started,
    };
    out.write(formatSummary(summary));
    return summary;
  } finally {
    // Normally all done already (stop() and shutdown() are idempotent); after an error, this
    // drops what is pending at once so that no batcher timer outlives the run.
    status?.stop();
    if (pipelines !== undefined) await Promise.all(pipelines.views.map((view) => view.batcher.shutdown({ timeout: 0 })));
    pipelines?.close();
    await fifoAws?.stop();
    await aws.stop();
  }
}

/** Adds one order's jobs, one per sink (two DynamoDB writes for a paid order, in that order). */
function placeOrder(p: Pipelines, ledger: Ledger, order: Order): void {
  ledger.orders.push(order);
  ledger.track('kinesis', order.id, p.kinesis.add(kinesisJob(order)));
  // Every write must reach the table itself (the sink does not coalesce here): one resolved as
  // superseded would leave its order's history short though the final state looks right.
  ledger.track('dynamodb', `${order.id}#1`, p.dynamodb.add(dynamoDbJob(order, 1)), writtenOrCode);
  if (order.paid) ledger.track('dynamodb', `${order.id}#2`, p.dynamodb.add(dynamoDbJob(order, 2)), writtenOrCode);
  ledger.track('sqs', order.id, p.sqs.add(sqsJob(order)));
  ledger.track('fifo', order.id, p.fifo.add(fifoJob(order)));
  ledger.track('cloudwatch', order.id, p.cloudwatch.add(cloudWatchJob(order)));
}

const USAGE = `Usage: node dist/demo.js [options]      (or \`pnpm demo\` from the repository root)

An order service writing every order to Kinesis, DynamoDB, SQS (standard and FIFO) and
CloudWatch through @batch, against local emulators behind fault-injecting proxies (no AWS
account). Shows live progress, shuts down, reads every emulator back and verifies that nothing
was lost, duplicated or reordered.

Options:
  --duration <s>       seconds of intake (default 20)
  --rate <n>           orders per second, each one job per sink (default 200)
  --fault-rate <p>     share 0..1 of each sink's batch requests the proxies fault: half are
                       throttled, half have 30% of their entries failed (CloudWatch: all
                       throttled, PutMetricData has no partial failures) (default 0.1)
  --seed <n>           seed of the orders, the fault draws and the retry jitter (default 42)
  -h, --help           show this help

Ctrl-C (SIGINT) or SIGTERM stops intake, drains and verifies; a second one exits at once.
Exit code: 0 when every check passes, 1 when one fails, 2 on a bad command line.
`;

/** The command line: parses `argv`, wires SIGINT/SIGTERM to a graceful stop, returns the exit code. */
export async function cli(argv: readonly string[], out: Output = process.stdout): Promise<number> {
  const flags = parseFlags(argv, {
    duration: { type: 'string' },
    rate: { type: 'string' },
    'fault-rate': { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help === true) {
    out.write(USAGE);
    return 0;
  }
  const options: DemoOptions = {
    durationMs: numberFlag('duration', flags.duration, 20, { min: 0.001, max: 3600 }) * 1000,
    rate: numberFlag('rate', flags.rate, 200, { min: 1, max: 100_000 }),
    faultRate: numberFlag('fault-rate', flags['fault-rate'], 0.1, { min: 0, max: 1 }),
    seed: numberFlag('seed', flags.seed, 42, { integer: true, min: 0, max: 2 ** 32 - 1 }),
    out,
  };
  return withGracefulStop(async (signal) => {
    const summary = await main({ ...options, signal });
    return summary.ok ? 0 : 1;
  });
}

if (isEntryPoint('demo')) runCli(USAGE, () => cli(process.argv.slice(2)));
