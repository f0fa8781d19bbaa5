/** What the core suite's parent asks its children (`coreWorker.js`) to measure, and what they answer. */

/** What is measured side by side: three contenders and two design references (designs.ts). */
export type ContenderName = 'floor' | 'batcher' | 'dataloader' | 'derived' | 'resolvers';

/** burst: every job added at once; windowed: at most `window` jobs pending at a time. */
export type Mode = 'burst' | 'windowed';

/** Add `jobs` jobs and await them all; time the whole thing. */
export interface ThroughputTask {
  readonly kind: 'throughput';
  readonly contender: ContenderName;
  readonly mode: Mode;
  readonly jobs: number;
  /** Windowed mode: jobs added, then awaited, per window. */
  readonly window: number;
  readonly maxBatchSize: number;
  /** Jobs run (same mode, separate instance) before the timed run, to warm the JIT. */
  readonly warmupJobs: number;
}

export interface ThroughputResult {
  readonly jobs: number;
  readonly ms: number;
  readonly jobsPerSecond: number;
  /** Batches the contender formed (0 for the floor), to show the contenders batched alike. */
  readonly batches: number;
}

/** Add `jobs` jobs that never complete and measure the heap they retain. */
export interface RetainedTask {
  readonly kind: 'retained';
  readonly contender: ContenderName;
  readonly jobs: number;
  readonly maxBatchSize: number;
}

export interface RetainedResult {
  readonly jobs: number;
  readonly bytes: number;
  readonly bytesPerJob: number;
}

/** Add one job per `intervalMs` to a Batcher for `durationMs`; record each job's latency. */
export interface TrickleTask {
  readonly kind: 'trickle';
  readonly durationMs: number;
  readonly intervalMs: number;
  readonly maxBatchDelay: number;
  readonly maxBatchSize: number;
  /** Leading jobs left out of the percentiles (startup and JIT, not the batcher's behaviour). */
  readonly warmupJobs: number;
}

export interface TrickleResult {
  /** Latencies kept (warm-up excluded). */
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Mean time between consecutive adds actually achieved by the interval timer. */
  readonly meanIntervalMs: number;
  readonly batches: number;
}

export type CoreTask = ThroughputTask | RetainedTask | TrickleTask;
