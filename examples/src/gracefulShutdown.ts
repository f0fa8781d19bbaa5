// A long-running service with a graceful shutdown. A consumer loop pulls events from an intake
// (here a simulated message stream; in a real service an HTTP server, a queue poller, a Kafka
// consumer) and add()s them to a Batcher. On SIGTERM or SIGINT (or when --duration runs out)
// the service, in this order:
//   1. stops intake, so nothing new arrives (for an HTTP server: `server.close()`);
//   2. waits for the consumer loop to finish its last add(), so no add() races the shutdown;
//   3. `await batcher.shutdown({ timeout })`: what is waiting is sent at once, in-flight batches
//      finish, and past the timeout whatever is still pending rejects with ShutdownTimeoutError;
//   4. removes its signal listeners and lets the process end by itself: exit code 0 when
//      everything was delivered, 1 when the timeout forced jobs to be dropped.
// Nothing calls process.exit(): if a timer or socket were left behind the process would not
// end, which is exactly what this pattern has to prove.
//
// Run: pnpm --filter "@batch/examples..." build && node examples/dist/gracefulShutdown.js [--duration 3] [--rate 500]
//      --duration 0 runs until Ctrl-C / `kill -TERM <pid>`.
import { setTimeout as sleep } from 'node:timers/promises';
import { Batcher, ShutdownTimeoutError, success } from '@batch/core';
import type { BatcherStats } from '@batch/core';
import { isEntryPoint, numberFlag, parseFlags, runCli } from './support/cli.js';
import { formatCount } from './support/format.js';
import type { Output, SignalListener, SignalSource } from './support/types.js';

/** One event received by the service. */
export interface ServiceEvent {
  readonly id: number;
  readonly kind: 'click' | 'view' | 'purchase';
}

/** Options of {@link main}. */
export interface ServiceOptions {
  /** Milliseconds before the service stops by itself; `Infinity` runs until a signal. @default 3000 */
  readonly durationMs?: number | undefined;
  /** Events per second arriving at the intake. @default 500 */
  readonly rate?: number | undefined;
  /** Milliseconds the sink takes per batch. @default 10 */
  readonly sinkLatencyMs?: number | undefined;
  /** Milliseconds `shutdown()` may take. @default 2000 */
  readonly shutdownTimeout?: number | undefined;
  /** Where SIGTERM/SIGINT come from. @default process */
  readonly signals?: SignalSource | undefined;
  /** Where to log. @default process.stdout */
  readonly out?: Output | undefined;
}

/** What the service did before it stopped. */
export interface ServiceSummary {
  /** `'SIGTERM'`, `'SIGINT'` or `'duration'`. */
  readonly stoppedBy: string;
  /** Events add()ed (and accepted) by the consumer loop. */
  readonly accepted: number;
  readonly delivered: number;
  /** Jobs rejected because `shutdown({ timeout })` ran out of time. */
  readonly droppedAtShutdown: number;
  /** Jobs that failed for any other reason. */
  readonly failed: number;
  /** Events the sink received (it counts them itself), for cross-checking `delivered`. */
  readonly sinkReceived: number;
  /** Milliseconds from the stop request to the end of `shutdown()`. */
  readonly drainMs: number;
  readonly stats: BatcherStats;
  /** 0 when everything accepted was delivered, else 1. */
  readonly exitCode: number;
}

const KINDS = ['click', 'view', 'purchase'] as const;

/**
 * The intake: yields events at `rate` per second until `signal` aborts. Stands in for whatever
 * the service consumes; what matters is that it can be told to stop.
 */
export async function* receiveEvents(rate: number, signal: AbortSignal): AsyncGenerator<ServiceEvent> {
  const started = performance.now();
  let sent = 0;
  while (!signal.aborted) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    while (sent < due && !signal.aborted) {
      sent += 1;
      yield { id: sent, kind: KINDS[sent % KINDS.length] ?? 'view' };
    }
    try {
      await sleep(10, undefined, { signal });
    } catch (error) {
      if (signal.aborted) return; // asked to stop: the intake is closed, not broken
      throw error;
    }
  }
}

/**
 * Runs the service until a signal (or the duration) stops it, then drains and resolves with a
 * summary. Signal listeners are removed before it resolves.
 * @example const { exitCode } = await main({ durationMs: Infinity }); process.exitCode = exitCode;
 */
export async function main(options: ServiceOptions = {}): Promise<ServiceSummary> {
  const out = options.out ?? process.stdout;
  const signals = options.signals ?? process;
  const rate = options.rate ?? 500;
  const durationMs = options.durationMs ?? 3000;
  const shutdownTimeout = options.shutdownTimeout ?? 2000;
  const sinkLatencyMs = options.sinkLatencyMs ?? 10;
  const log = (line: string): void => void out.write(`service: ${line}\n`);

  let sinkReceived = 0;
  const batcher = new Batcher<ServiceEvent, number>({
    maxBatchSize: 50,
    maxBatchDelay: 100,
    concurrency: 2,
    maxQueueSize: 5_000,
    async processBatch(events, { signal }) {
      // The signal aborts when shutdown() gives up on this batch: the "request" is cancelled
      // rather than left to write after its jobs were reported as dropped.
      await sleep(sinkLatencyMs, undefined, { signal });
      sinkReceived += events.length;
      return events.map((event) => success(event.id));
    },
  });

  // One controller stops the intake, whoever asks first: a signal or the duration.
  const stop = new AbortController();
  const onSignal: SignalListener = (signal) => {
    if (stop.signal.aborted) return log(`${signal} again: already shutting down`);
    log(`${signal} received: stopping intake`);
    stop.abort(signal);
  };
  signals.on('SIGTERM', onSignal);
  signals.on('SIGINT', onSignal);
  const deadline =
    durationMs === Infinity
      ? undefined
      : setTimeout(() => {
          log(`ran for ${durationMs / 1000} s: stopping intake`);
          stop.abort('duration');
        }, durationMs);
  log(
    `started (pid ${process.pid}), receiving ~${formatCount(rate)} events/s; ` +
      `stop with SIGTERM or Ctrl-C${deadline === undefined ? '' : ` (or wait ${durationMs / 1000} s)`}`,
  );

  let accepted = 0;
  let delivered = 0;
  let droppedAtShutdown = 0;
  let failed = 0;
  let stoppedAt = 0;
  try {
    // The consumer loop: backpressure first (wait for room rather than be refused), then add.
    // Each job's promise is handled where it is created, so none is left unobserved.
    for await (const event of receiveEvents(rate, stop.signal)) {
      if (!batcher.hasRoom()) await batcher.waitForRoom();
      accepted += 1;
      batcher.add(event).then(
        () => (delivered += 1),
        (error: unknown) => (error instanceof ShutdownTimeoutError ? (droppedAtShutdown += 1) : (failed += 1)),
      );
    }
    stoppedAt = performance.now();
    const { pending } = batcher.stats();
    log(`intake stopped after ${formatCount(accepted)} events; draining ${formatCount(pending)} pending (timeout ${shutdownTimeout} ms)`);
    await batcher.shutdown({ timeout: shutdownTimeout });
  } finally {
    if (deadline !== undefined) clearTimeout(deadline);
    signals.off('SIGTERM', onSignal);
    signals.off('SIGINT', onSignal);
  }
  const drainMs = performance.now() - stoppedAt;
  const exitCode = delivered === accepted ? 0 : 1;
  log(
    `drained in ${Math.round(drainMs)} ms: ${formatCount(accepted)} accepted, ${formatCount(delivered)} delivered, ` +
      `${formatCount(droppedAtShutdown)} dropped at the shutdown timeout, ${formatCount(failed)} failed; exit ${exitCode}`,
  );
  return {
    stoppedBy: String(stop.signal.reason),
    accepted,
    delivered,
    droppedAtShutdown,
    failed,
    sinkReceived,
    drainMs,
    stats: batcher.stats(),
    exitCode,
  };
}

const USAGE = `Usage: node dist/gracefulShutdown.js [options]

A service that batches incoming events and shuts down gracefully on SIGTERM/SIGINT.

Options:
  --duration <s>          stop by itself after this many seconds; 0 = run until a signal (default 3)
  --rate <n>              events per second arriving (default 500)
  --sink-latency <ms>     milliseconds the sink takes per batch (default 10)
  --shutdown-timeout <ms> how long shutdown() may drain before dropping jobs (default 2000)
  -h, --help              show this help
`;

/** The command line; resolves with the exit code. */
export async function cli(argv: readonly string[], out: Output = process.stdout): Promise<number> {
  const flags = parseFlags(argv, {
    duration: { type: 'string' },
    rate: { type: 'string' },
    'sink-latency': { type: 'string' },
    'shutdown-timeout': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help === true) {
    out.write(USAGE);
    return 0;
  }
  const duration = numberFlag('duration', flags.duration, 3, { min: 0 });
  const summary = await main({
    durationMs: duration === 0 ? Infinity : duration * 1000,
    rate: numberFlag('rate', flags.rate, 500, { min: 1, max: 1_000_000 }),
    sinkLatencyMs: numberFlag('sink-latency', flags['sink-latency'], 10, { min: 0 }),
    shutdownTimeout: numberFlag('shutdown-timeout', flags['shutdown-timeout'], 2000, { min: 0 }),
    out,
  });
  return summary.exitCode;
}

if (isEntryPoint('gracefulShutdown')) runCli(USAGE, () => cli(process.argv.slice(2)));
