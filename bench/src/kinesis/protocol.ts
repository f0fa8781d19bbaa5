/**
 * What the kinesis suite's parent asks its children to do, and what they answer: the client
 * child (`kinesisWorker.js`, one per measurement) and the emulator child (`kinesisEmulator.js`,
 * one per round, driven over stdin/stdout).
 */
import type { ExactlyOnceCheck } from '../lib/exactlyOnce.js';
import type { WorkloadSpec } from './workload.js';

/** The three ways of writing the same records, measured side by side. */
export type ContenderName = 'sink' | 'raw' | 'rawPromises' | 'single';

/** Settings every contender shares, so that they differ only in how they send. */
export interface SendSettings {
  /** Requests in flight at once (the sink's `concurrency`, the loops' worker count). */
  readonly concurrency: number;
  /** Most bytes (data + partition keys) per PutRecords request: the sink's `maxRequestBytes`. */
  readonly maxRequestBytes: number;
  /** The sink's `maxBatchDelay` in milliseconds. */
  readonly maxBatchDelay: number;
}

/** One measurement in a fresh client child. */
export interface ClientTask {
  readonly kind: 'send';
  readonly contender: ContenderName;
  readonly workload: WorkloadSpec;
  /** Records sent: the first `records` of the workload (all of them, except for `single` when limited). */
  readonly records: number;
  /** Records of the workload sent first, untimed, to `warmupStream` (JIT, connections, SDK set-up). */
  readonly warmupRecords: number;
  /** kinesalite's own endpoint, not the fault proxy's. */
  readonly endpoint: string;
  readonly stream: string;
  readonly warmupStream: string;
  readonly settings: SendSettings;
}

/** What the client child measured. */
export interface ClientResult {
  readonly records: number;
  /** Data + partition key bytes of the records sent. */
  readonly bytes: number;
  /** API calls (PutRecords or PutRecord) sent during the timed run, counted by a client middleware. */
  readonly calls: number;
  /** Records in all those calls: equals `records` unless something was sent twice. */
  readonly recordsSent: number;
  /** Largest call of the timed run, by records and by bytes (data + partition keys). */
  readonly largestCallRecords: number;
  readonly largestCallBytes: number;
  readonly ms: number;
  readonly recordsPerSecond: number;
  /** `process.cpuUsage()` of the client child over the timed run, user + system, in microseconds. */
  readonly cpuMicros: number;
  readonly cpuMicrosPerRecord: number;
  /** The main thread's own CPU per record (without V8's compiler and GC threads), where Linux reports it. */
  readonly mainThreadCpuMicrosPerRecord?: number;
}

/**
 * How the sink packs the mixed distribution over many totals (stubbed transport, in a client
 * child): every prefix of `minRecords … maxRecords` records, for each seed.
 */
export interface PackingTask {
  readonly kind: 'packing';
  readonly seeds: readonly number[];
  readonly minRecords: number;
  readonly maxRecords: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly settings: SendSettings;
}

/** One seed's prefixes: how many needed the lower bound + k calls (k → count), per packer. */
export interface PackingRow {
  readonly seed: number;
  readonly workloads: number;
  readonly sink: Readonly<Record<string, number>>;
  readonly greedy: Readonly<Record<string, number>>;
  /** Largest calls ÷ bound over the prefixes. */
  readonly worstSink: number;
  readonly worstGreedy: number;
}

export interface PackingResult {
  readonly minRecords: number;
  readonly maxRecords: number;
  readonly rows: readonly PackingRow[];
}

/** What the client child can be asked to do. */
export type WorkerTask = ClientTask | PackingTask;

/** What the parent asks the emulator child; sent as one JSON line with an `id` added. */
export type EmulatorCommand =
  | { readonly op: 'createStream'; readonly stream: string; readonly shards: number }
  | { readonly op: 'deleteStream'; readonly stream: string }
  | { readonly op: 'verify'; readonly stream: string; readonly workload: WorkloadSpec; readonly records: number }
  | { readonly op: 'probeLimit'; readonly limit: number };

/** What a read-back found: every expected record exactly once, byte for byte, and nothing else. */
export type Verification = ExactlyOnceCheck;

/** The request-size limit, tried against kinesalite itself. */
export interface LimitProbe {
  readonly limit: number;
  /** Requests of exactly `limit` bytes that kinesalite accepted, by record count. */
  readonly acceptedRecordCounts: readonly number[];
  /** A request just above the limit, and the HTTP status kinesalite answered it with. */
  readonly aboveLimitBytes: number;
  readonly aboveLimitStatus: number | string;
}
