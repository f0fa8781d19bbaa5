// Feeding a Batcher from a source much faster than its sink, with bounded memory. Three ways:
//   1. add() in a loop without waiting: the queue fills to maxQueueSize at once and every add()
//      beyond it is refused with QueueFullError (nothing is buffered without bound, but the
//      producer has to cope with the refusals);
//   2. `pipeline(Readable, toWritable(batcher))`: each write completes only once the queue has
//      room, so the stream's own backpressure paces the source;
//   3. `feed(batcher, asyncGenerator)`: waits for room before each add(), so the generator is
//      pulled only as fast as the sink delivers.
// For each it prints the most jobs pending in the batcher (never above maxQueueSize) and the most
// records that existed at once anywhere (produced and not yet settled): with backpressure that
// stays within maxQueueSize plus the streams' small buffers, whatever the source's length.
//
// Run: pnpm --filter "@batch/examples..." build && node examples/dist/streamBackpressure.js [--records 20000] [--max-queue 1000]
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Batcher, QueueFullError, feed, success, toWritable } from '@batch/core';
import { isEntryPoint, numberFlag, parseFlags, runCli } from './support/cli.js';
import { formatCount, formatTable } from './support/format.js';
import type { Output } from './support/types.js';

/** One record of the source. */
export interface SourceRecord {
  readonly id: number;
  readonly payload: string;
}

/** Options of {@link main}. */
export interface BackpressureOptions {
  /** Records the source produces, per mode. @default 20000 */
  readonly records?: number | undefined;
  /** The batcher's queue bound. @default 1000 */
  readonly maxQueueSize?: number | undefined;
  /** @default 100 */
  readonly maxBatchSize?: number | undefined;
  /** Milliseconds the sink takes per batch. @default 5 */
  readonly sinkLatencyMs?: number | undefined;
  /** Batches in flight at once. @default 2 */
  readonly concurrency?: number | undefined;
  /** Where to print. @default process.stdout */
  readonly out?: Output | undefined;
}

/** What one mode did. */
export interface ModeReport {
  readonly mode: 'add() without waiting' | 'pipeline + toWritable' | 'feed(async generator)';
  /** Records the source produced. */
  readonly produced: number;
  /** Records whose add() resolved. */
  readonly delivered: number;
  /** add() calls refused with QueueFullError. */
  readonly refused: number;
  /** The most jobs pending in the batcher at once (at most `maxQueueSize`). */
  readonly maxPending: number;
  /** The most records produced and not yet settled at once: what the process held in memory. */
  readonly maxInMemory: number;
  /** Whether the sink received every delivered record exactly once, and nothing else. */
  readonly exactlyOnce: boolean;
  readonly elapsedMs: number;
}

/** A summary of all three modes. */
export interface BackpressureReport {
  readonly maxQueueSize: number;
  readonly modes: readonly ModeReport[];
}

/** The source, as a synchronous generator (`Readable.from` pulls it lazily). */
export function* generateRecords(count: number, onProduce: () => void = () => undefined): Generator<SourceRecord> {
  for (let id = 1; id <= count; id++) {
    onProduce();
    yield { id, payload: `record ${id}`.padEnd(64, '.') };
  }
}

/** The same source as an async generator, as a paginated API or a database cursor would be. */
export async function* generateRecordsAsync(count: number, onProduce: () => void = () => undefined): AsyncGenerator<SourceRecord> {
  for (let id = 1; id <= count; id++) {
    // A real source awaits I/O here; every 100 records, yield to the event loop like one would.
    if (id % 100 === 0) await Promise.resolve();
    onProduce();
    yield { id, payload: `record ${id}`.padEnd(64, '.') };
  }
}

/** Counters shared by a mode's source, batcher and sink. */
class Probe {
  produced = 0;
  settled = 0;
  maxPending = 0;
  maxInMemory = 0;
  readonly received = new Map<number, number>();
}

/** The batcher's and the sink's settings, defaults applied. */
interface Settings {
  readonly maxQueueSize: number;
  readonly maxBatchSize: number;
  readonly sinkLatencyMs: number;
  readonly concurrency: number;
}

function createBatcher(options: Settings, probe: Probe): Batcher<SourceRecord, number> {
  const batcher: Batcher<SourceRecord, number> = new Batcher<SourceRecord, number>({
    maxBatchSize: options.maxBatchSize,
    maxBatchDelay: 10,
    concurrency: options.concurrency,
    maxQueueSize: options.maxQueueSize,
    // prepare() runs once per add(), before the job is queued: a convenient place to watch the
    // queue at its fullest. (Its real use is normalizing jobs; it must return the job.) It also
    // runs for an add() about to be refused for want of room, which does not count.
    prepare(record) {
      if (batcher.hasRoom()) probe.maxPending = Math.max(probe.maxPending, batcher.stats().pending + 1);
      probe.maxInMemory = Math.max(probe.maxInMemory, probe.produced - probe.settled);
      return record;
    },
    async processBatch(records) {
      await sleep(options.sinkLatencyMs);
      for (const record of records) probe.received.set(record.id, (probe.received.get(record.id) ?? 0) + 1);
      return records.map((record) => success(record.id));
    },
  });
  return batcher;
}

function report(mode: ModeReport['mode'], probe: Probe, delivered: number, refused: number, started: number): ModeReport {
  let exactlyOnce = probe.received.size === delivered;
  for (const count of probe.received.values()) if (count !== 1) exactlyOnce = false;
  return {
    mode,
    produced: probe.produced,
    delivered,
    refused,
    maxPending: probe.maxPending,
    maxInMemory: probe.maxInMemory,
    exactlyOnce,
    elapsedMs: performance.now() - started,
  };
}

/**
 * Runs the three modes one after the other, each with a fresh batcher, and prints a table.
 * Rejects if a record fails (none should): errors are surfaced, never swallowed.
 * @example const { modes } = await main({ records: 5000, maxQueueSize: 200 });
 */
export async function main(options: BackpressureOptions = {}): Promise<BackpressureReport> {
  const out = options.out ?? process.stdout;
  const records = options.records ?? 20_000;
  const settings: Settings = {
    maxQueueSize: options.maxQueueSize ?? 1000,
    maxBatchSize: options.maxBatchSize ?? 100,
    sinkLatencyMs: options.sinkLatencyMs ?? 5,
    concurrency: options.concurrency ?? 2,
  };
  out.write(
    `stream backpressure: ${formatCount(records)} records per mode, maxQueueSize ${formatCount(settings.maxQueueSize)}, ` +
      `maxBatchSize ${settings.maxBatchSize}, sink ${settings.sinkLatencyMs} ms per batch, concurrency ${settings.concurrency}\n\n`,
  );
  const modes: ModeReport[] = [];

  {
    // 1. No backpressure: add() everything at once. The queue bound protects memory by refusing.
    const probe = new Probe();
    const batcher = createBatcher(settings, probe);
    const started = performance.now();
    let delivered = 0;
    let refused = 0;
    const unexpected: unknown[] = [];
    for (const record of generateRecords(records, () => (probe.produced += 1))) {
      batcher.add(record).then(
        () => void ((delivered += 1), (probe.settled += 1)),
        (error: unknown) => {
          probe.settled += 1;
          if (error instanceof QueueFullError) refused += 1;
          else unexpected.push(error);
        },
      );
    }
    // shutdown() resolves once every accepted job's promise has settled (handlers included).
    await batcher.shutdown();
    if (unexpected.length > 0) throw new AggregateError(unexpected, 'records failed without backpressure');
    modes.push(report('add() without waiting', probe, delivered, refused, started));
  }

  {
    // 2. A Node stream: pipeline() propagates toWritable's backpressure to the Readable.
    const probe = new Probe();
    const batcher = createBatcher(settings, probe);
    const started = performance.now();
    let delivered = 0;
    const source = Readable.from(generateRecords(records, () => (probe.produced += 1)));
    // Without onError, a failed record destroys the stream and pipeline() rejects with it.
    await pipeline(source, toWritable(batcher, { onResult: () => void ((delivered += 1), (probe.settled += 1)) }));
    await batcher.shutdown();
    modes.push(report('pipeline + toWritable', probe, delivered, 0, started));
  }

  {
    // 3. An async generator: feed() pulls the next record only when there is room for it.
    const probe = new Probe();
    const batcher = createBatcher(settings, probe);
    const started = performance.now();
    const summary = await feed(batcher, generateRecordsAsync(records, () => (probe.produced += 1)), {
      onResult: () => void (probe.settled += 1),
    });
    await batcher.shutdown();
    modes.push(report('feed(async generator)', probe, summary.succeeded, 0, started));
  }

  const rows = [
    ['mode', 'delivered', 'refused', 'max pending', 'max in memory', 'exactly once', 'time'],
    ...modes.map((mode) => [
      mode.mode,
      formatCount(mode.delivered),
      formatCount(mode.refused),
      formatCount(mode.maxPending),
      formatCount(mode.maxInMemory),
      mode.exactlyOnce ? 'yes' : 'NO',
      `${Math.round(mode.elapsedMs)} ms`,
    ]),
  ];
  out.write(formatTable(rows));
  const bounded = modes.every((mode) => mode.maxPending <= settings.maxQueueSize);
  out.write(
    bounded
      ? `\nmax pending never exceeded maxQueueSize (${formatCount(settings.maxQueueSize)}); with backpressure, records ` +
          `in memory stayed within it plus the streams' small buffers, for a source of ${formatCount(records)}.\n`
      : `\nBOUND BROKEN: max pending exceeded maxQueueSize (${formatCount(settings.maxQueueSize)}).\n`,
  );
  return { maxQueueSize: settings.maxQueueSize, modes };
}

const USAGE = `Usage: node dist/streamBackpressure.js [options]

Feeds a slow batcher from a fast source three ways and shows the queue bound holding.

Options:
  --records <n>       records per mode (default 20000)
  --max-queue <n>     the batcher's maxQueueSize (default 1000)
  --sink-latency <ms> milliseconds the sink takes per batch (default 5)
  -h, --help          show this help
`;

/** The command line; resolves with the exit code (1 if a bound was broken or a record lost). */
export async function cli(argv: readonly string[], out: Output = process.stdout): Promise<number> {
  const flags = parseFlags(argv, {
    records: { type: 'string' },
    'max-queue': { type: 'string' },
    'sink-latency': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help === true) {
    out.write(USAGE);
    return 0;
  }
  const result = await main({
    records: numberFlag('records', flags.records, 20_000, { integer: true, min: 1 }),
    maxQueueSize: numberFlag('max-queue', flags['max-queue'], 1000, { integer: true, min: 100 }),
    sinkLatencyMs: numberFlag('sink-latency', flags['sink-latency'], 5, { min: 0 }),
    out,
  });
  const ok = result.modes.every((mode) => mode.maxPending <= result.maxQueueSize && mode.exactlyOnce);
  return ok ? 0 : 1;
}

if (isEntryPoint('streamBackpressure')) runCli(USAGE, () => cli(process.argv.slice(2)));
