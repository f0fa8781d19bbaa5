// The core-only demo (no AWS at all): an order-processing service in miniature. Orders arrive at a steady rate and
// are add()ed one by one to a Batcher, whose processBatch writes them to an in-memory store with
// simulated latency and reports one outcome per order; some orders fail retryably (throttled)
// and are retried with backoff, a few are declined for good. A status line shows batches being
// cut (full at maxBatchSize, or partial when maxBatchDelay or a retry's backoff ran out); then
// the batcher is shut down, a summary is printed, and the store is checked: every delivered
// order stored exactly once, no failed order stored, none lost. Failures are a pure function of
// the seed, so a run replays exactly. Ctrl-C (SIGINT) or SIGTERM stops intake early and drains.
// The order model lives in coreDemo/: types.ts, orderFate.ts (who fails), OrderStore.ts (the store
// and the final check).
//
// Run: pnpm --filter "@batch/examples..." build && node examples/dist/coreDemo.js [--duration 5] [--rate 2000] [--fail-rate 0.05] [--seed 42]
//      Exit code 1 if verification fails. (`pnpm demo` runs the AWS demo, `demo.ts`.)
import { setTimeout as sleep } from 'node:timers/promises';
import { Batcher, BatchError, failure, success } from '@batch/core';
import type { BatchInfo, BatcherStats } from '@batch/core';
import { isEntryPoint, numberFlag, parseFlags, runCli, withGracefulStop } from './support/cli.js';
import { formatCount, formatDecimal, formatTable } from './support/format.js';
import { liveStatus } from './support/liveStatus.js';
import { mulberry32 } from './support/random.js';
import type { Output } from './support/types.js';
import { OrderStore, verifyDelivery } from './coreDemo/OrderStore.js';
import { PaymentDeclinedError, ThrottledError, attemptOutcome, orderId } from './coreDemo/orderFate.js';
import type { Order, Receipt, Settlement, Verification } from './coreDemo/types.js';

const DELIVERED: Settlement = { delivered: true };

/** Options of {@link main}. */
export interface DemoOptions {
  /** Milliseconds of intake. Orders are spread evenly over it. @default 5000 */
  readonly durationMs?: number | undefined;
  /** Orders per second. The run adds `rate * duration` orders in all. @default 2000 */
  readonly rate?: number | undefined;
  /** Probability, 0 to 1, that an attempt fails (a tenth of these are declined for good). @default 0.05 */
  readonly failRate?: number | undefined;
  /** Seed of every random choice. @default 42 */
  readonly seed?: number | undefined;
  /** Passed to the Batcher. @default 100 */
  readonly maxBatchSize?: number | undefined;
  /** Milliseconds; passed to the Batcher. @default 50 */
  readonly maxBatchDelay?: number | undefined;
  /** Batches in flight at once; passed to the Batcher. @default 4 */
  readonly concurrency?: number | undefined;
  /** Attempts per order, the first included. @default 5 */
  readonly maxAttempts?: number | undefined;
  /** Milliseconds the store takes per batch, drawn uniformly from [min, max]. @default [5, 20] */
  readonly latencyMs?: readonly [min: number, max: number] | undefined;
  /** Milliseconds `shutdown()` may take before abandoning what is still pending. @default 5000 */
  readonly shutdownTimeout?: number | undefined;
  /** Aborting it stops intake early; the batcher then drains as at the end of a normal run. */
  readonly signal?: AbortSignal | undefined;
  /** Where to print. @default process.stdout */
  readonly out?: Output | undefined;
}

/** What a run did. Counts come from the orders' own promises and agree with `stats`. */
export interface DemoSummary {
  readonly seed: number;
  /** `'duration'`, or the abort reason (e.g. `'SIGINT'`) when intake was stopped early. */
  readonly stoppedBy: string;
  readonly added: number;
  readonly delivered: number;
  readonly failed: number;
  /** Failed orders by error code (`JOB_FAILED` for declined, `RETRIES_EXHAUSTED`, …). */
  readonly failures: Readonly<Record<string, number>>;
  readonly retried: number;
  readonly batches: number;
  /** Batches cut because they reached `maxBatchSize`. */
  readonly fullBatches: number;
  /** Partial batches of first attempts only: cut because `maxBatchDelay` ran out. */
  readonly timedBatches: number;
  /** Partial batches carrying retries: cut because a retry's backoff ran out. */
  readonly retryBatches: number;
  /** Partial batches cut by `shutdown()` draining the queue. */
  readonly drainBatches: number;
  /** Jobs sent per batch, retries included. */
  readonly meanBatchSize: number;
  readonly elapsedMs: number;
  readonly stats: BatcherStats;
  readonly verification: Verification;
}

/**
 * Runs the simulation and prints its progress and summary to `options.out`. Resolves once the
 * batcher has shut down; never rejects for failed orders (they are counted).
 * @example const summary = await main({ durationMs: 1000, rate: 500 }); process.exitCode = summary.verification.ok ? 0 : 1;
 */
export async function main(options: DemoOptions = {}): Promise<DemoSummary> {
  const durationMs = options.durationMs ?? 5000;
  const rate = options.rate ?? 2000;
  const failRate = options.failRate ?? 0.05;
  const seed = options.seed ?? 42;
  const maxBatchSize = options.maxBatchSize ?? 100;
  const maxBatchDelay = options.maxBatchDelay ?? 50;
  const concurrency = options.concurrency ?? 4;
  const maxAttempts = options.maxAttempts ?? 5;
  const [minLatency, maxLatency] = options.latencyMs ?? [5, 20];
  const out = options.out ?? process.stdout;
  const total = Math.round((rate * durationMs) / 1000);
  const random = mulberry32(seed);

  const store = new OrderStore();
  const ledger = new Map<string, Settlement>();
  const cuts = { full: 0, timed: 0, retry: 0, drain: 0, jobs: 0 };
  /** Batches dispatched before shutdown() began; any later one was cut by the drain. */
  let drainFrom = Infinity;

  const batcher = new Batcher<Order, Receipt>({
    maxBatchSize,
    maxBatchDelay,
    concurrency,
    maxQueueSize: 10_000,
    retry: { maxAttempts, baseDelay: 10, maxDelay: 200, random: mulberry32(seed ^ 0x5eed) },
    async processBatch(orders, { batchId, attempts, signal }) {
      // Honour the batch's signal: if shutdown times out, the "request" is cancelled and the
      // store is not written behind the back of an order already rejected.
      await sleep(minLatency + random() * (maxLatency - minLatency), undefined, { signal });
      return orders.map((order, i) => {
        const outcome = attemptOutcome(seed, order.id, attempts[i] ?? 1, failRate);
        if (outcome === 'throttled') return failure(new ThrottledError('store is throttling'), { retryable: true });
        if (outcome === 'declined') return failure(new PaymentDeclinedError('payment declined'), { retryable: false });
        store.insert(order);
        return success({ orderId: order.id, batchId });
      });
    },
    hooks: {
      // The batcher does not say why it cut a batch, but it can be told: a batch is full, or
      // was cut early by shutdown() draining the queue, by a retry's backoff running out (it
      // then carries a retry, attempt > 1, and whatever else was waiting), or by maxBatchDelay.
      onBatch(info: BatchInfo) {
        cuts.jobs += info.size;
        if (info.size === maxBatchSize) cuts.full += 1;
        else if (info.batchId > drainFrom) cuts.drain += 1;
        else if (info.attempt > 1) cuts.retry += 1;
        else cuts.timed += 1;
      },
    },
  });

  out.write(
    `order service: ${formatCount(total)} orders over ${durationMs / 1000} s (${formatCount(rate)}/s), ` +
      `fail rate ${failRate}, seed ${seed}\n` +
      `batcher: maxBatchSize ${maxBatchSize}, maxBatchDelay ${maxBatchDelay} ms, concurrency ${concurrency}, ` +
      `maxAttempts ${maxAttempts}; store latency ${minLatency}-${maxLatency} ms per batch\n`,
  );
  const render = (): string => {
    const s = batcher.stats();
    const settledBatches = cuts.full + cuts.timed + cuts.retry + cuts.drain;
    const mean = settledBatches === 0 ? 0 : cuts.jobs / settledBatches;
    const drain = cuts.drain > 0 ? `, ${cuts.drain} at shutdown` : '';
    return (
      `added ${formatCount(s.added)} | delivered ${formatCount(s.succeeded)} | retried ${formatCount(s.retried)} | ` +
      `failed ${formatCount(s.failed)} | in flight ${formatCount(s.inFlight)} | batches ${formatCount(s.batches)} ` +
      `(avg ${formatDecimal(mean)}; ${cuts.full} full, ${cuts.timed} by delay, ${cuts.retry} by retry${drain})`
    );
  };
  const status = liveStatus(out, render);
  const started = performance.now();

  // Intake: orders spread evenly over the duration, checked every few milliseconds.
  const intakeStopped = (): boolean => options.signal?.aborted === true;
  let added = 0;
  while (added < total && !intakeStopped()) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / durationMs) * total));
    while (added < due && !intakeStopped()) {
      if (!batcher.hasRoom()) await batcher.waitForRoom();
      added += 1;
      const order: Order = {
        id: orderId(added),
        customerId: `cust-${1 + Math.floor(random() * 500)}`,
        amountCents: 100 + Math.floor(random() * 20_000),
      };
      batcher.add(order).then(
        () => ledger.set(order.id, DELIVERED),
        (error: unknown) => ledger.set(order.id, { delivered: false, code: error instanceof BatchError ? error.code : 'UNKNOWN' }),
      );
    }
    if (added < total) await sleep(5);
  }

  // Not the batcher's own `signal` option: aborting that would reject every pending order.
  // Stopping intake and then shutting down lets them finish.
  const stoppedBy = intakeStopped() ? String(options.signal?.reason) : 'duration';
  drainFrom = batcher.stats().batches;
  await batcher.shutdown({ timeout: options.shutdownTimeout ?? 5000 });
  status.stop();
  const elapsedMs = performance.now() - started;

  const stats = batcher.stats();
  const failures: Record<string, number> = {};
  let delivered = 0;
  for (const settlement of ledger.values()) {
    if (settlement.delivered) delivered += 1;
    else failures[settlement.code] = (failures[settlement.code] ?? 0) + 1;
  }
  const failed = ledger.size - delivered;
  const verification = verifyDelivery(added, ledger, store);
  const summary: DemoSummary = {
    seed,
    stoppedBy,
    added,
    delivered,
    failed,
    failures,
    retried: stats.retried,
    batches: stats.batches,
    fullBatches: cuts.full,
    timedBatches: cuts.timed,
    retryBatches: cuts.retry,
    drainBatches: cuts.drain,
    meanBatchSize: stats.batches === 0 ? 0 : cuts.jobs / stats.batches,
    elapsedMs,
    stats,
    verification,
  };
  out.write(`\n${formatSummary(summary)}`);
  return summary;
}

/** The summary table and the verification verdict. */
export function formatSummary(summary: DemoSummary): string {
  const failureDetail = Object.entries(summary.failures)
    .map(([code, count]) => `${code} ${formatCount(count)}`)
    .join(', ');
  const rows: string[][] = [
    ['', 'value'],
    ['stopped by', summary.stoppedBy],
    ['seed', String(summary.seed)],
    ['orders added', formatCount(summary.added)],
    ['delivered', formatCount(summary.delivered)],
    ['failed', summary.failed === 0 ? '0' : `${formatCount(summary.failed)} (${failureDetail})`],
    ['retries', formatCount(summary.retried)],
    ['batches', formatCount(summary.batches)],
    ['  full (maxBatchSize)', formatCount(summary.fullBatches)],
    ['  partial (maxBatchDelay)', formatCount(summary.timedBatches)],
    ['  partial (retry fell due)', formatCount(summary.retryBatches)],
    ['  partial (shutdown drain)', formatCount(summary.drainBatches)],
    ['mean batch size', formatDecimal(summary.meanBatchSize)],
    ['elapsed', `${formatDecimal(summary.elapsedMs / 1000)} s`],
  ];
  const { verification } = summary;
  const verdict = verification.ok
    ? `verification: OK - ${formatCount(summary.delivered)} delivered orders each stored exactly once, ` +
      `${formatCount(summary.failed)} failed orders never stored, none lost\n`
    : `verification: FAILED\n${verification.problems.map((problem) => `  - ${problem}\n`).join('')}`;
  return `${formatTable(rows)}\n${verdict}`;
}

const USAGE = `Usage: node dist/coreDemo.js [options]

Simulates an order service feeding a Batcher, then verifies every order was stored exactly once.

Options:
  --duration <s>     seconds of intake (default 5)
  --rate <n>         orders per second (default 2000)
  --fail-rate <p>    probability 0..1 that an attempt fails; a tenth of failing orders are
                     declined for good, the rest are throttled and retried (default 0.05)
  --seed <n>         seed of every random choice; the same seed fails the same orders (default 42)
  -h, --help         show this help

Ctrl-C (SIGINT) or SIGTERM stops intake and drains; a second one exits at once.
Exit code: 0 when verification passes, 1 when it fails, 2 on a bad command line.
`;

/** The command line: parses `argv`, wires SIGINT/SIGTERM to a graceful stop, returns the exit code. */
export async function cli(argv: readonly string[], out: Output = process.stdout): Promise<number> {
  const flags = parseFlags(argv, {
    duration: { type: 'string' },
    rate: { type: 'string' },
    'fail-rate': { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help === true) {
    out.write(USAGE);
    return 0;
  }
  const options: DemoOptions = {
    durationMs: numberFlag('duration', flags.duration, 5, { min: 0.001, max: 3600 }) * 1000,
    rate: numberFlag('rate', flags.rate, 2000, { min: 1, max: 1_000_000 }),
    failRate: numberFlag('fail-rate', flags['fail-rate'], 0.05, { min: 0, max: 1 }),
    seed: numberFlag('seed', flags.seed, 42, { integer: true, min: 0, max: 2 ** 32 - 1 }),
    out,
  };
  return withGracefulStop(async (signal) => {
    const summary = await main({ ...options, signal });
    return summary.verification.ok ? 0 : 1;
  }, (signal) => {
    out.write(`\n${signal} received: stopping intake, draining pending orders (again to force exit)\n`);
  });
}

if (isEntryPoint('coreDemo')) runCli(USAGE, () => cli(process.argv.slice(2)));
