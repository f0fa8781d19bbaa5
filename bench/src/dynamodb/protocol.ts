/**
 * What the dynamodb suite's parent asks its children to do, and what they answer: the client
 * child (`dynamodbWorker.js`, one per measurement) and the emulator child (`dynamodbEmulator.js`,
 * one per round).
 */
import type { WorkloadSpec } from './workload.js';

/** The ways of writing the same items, measured side by side (one of them a reference, not a product). */
export type ContenderName = 'sink' | 'raw' | 'reference' | 'single';

/** One measurement in a fresh client child. */
export interface ClientTask {
  readonly contender: ContenderName;
  readonly workload: WorkloadSpec;
  /** Items written: the first `items` of the workload. */
  readonly items: number;
  /** Items written first, untimed, to `warmupTable`. */
  readonly warmupItems: number;
  /** How many times the warm-up items are written, each time by a fresh run of the contender. */
  readonly warmupPasses: number;
  /** dynalite's own endpoint, not the fault proxy's. */
  readonly endpoint: string;
  readonly table: string;
  readonly warmupTable: string;
  /** Requests in flight at once (the sink's `concurrency`, the loops' worker count). */
  readonly concurrency: number;
}

/** What the client child measured over the timed run. */
export interface ClientResult {
  readonly items: number;
  /** API calls, counted by a client middleware (any command). */
  readonly calls: number;
  /** Calls by command name. */
  readonly byCommand: Readonly<Record<string, number>>;
  /** Writes in all calls: equals `items` unless something was sent twice. */
  readonly itemsSent: number;
  readonly largestCallItems: number;
  /** Writes the loops re-sent from `UnprocessedItems` (dynalite never returns any). */
  readonly retriedItems: number;
  readonly ms: number;
  readonly itemsPerSecond: number;
  readonly cpuMicros: number;
  readonly cpuMicrosPerItem: number;
  /** The main thread's own CPU per item (without V8's compiler and GC threads), where Linux reports it. */
  readonly mainThreadCpuMicrosPerItem?: number;
}

/** What the parent asks the emulator child; sent as one JSON line with an `id` added. */
export type EmulatorCommand =
  | { readonly op: 'createTable'; readonly table: string }
  | { readonly op: 'deleteTable'; readonly table: string }
  | { readonly op: 'verify'; readonly table: string; readonly workload: WorkloadSpec; readonly items: number };

/** What a scan of the table found against items `0 … items-1` of the workload. */
export interface Verification {
  readonly expected: number;
  /** Items in the table. */
  readonly read: number;
  /** Expected items found with exactly the attributes written. */
  readonly matching: number;
  readonly missing: number;
  /** Items whose key is expected but whose attributes differ, or whose key is not expected. */
  readonly corrupt: number;
}
