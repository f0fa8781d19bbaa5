/**
 * What the cloudwatch suite's parent asks its children to do, and what they answer: the client
 * child (`cloudwatchWorker.js`, one per measurement) and the emulator child
 * (`cloudwatchEmulator.js`, one per round).
 */
import type { WorkloadSpec } from './workload.js';

/** The four ways of sending the same points, measured side by side. */
export type ContenderName = 'folded' | 'plain' | 'raised' | 'raw';

/** One measurement in a fresh client child. */
export interface ClientTask {
  readonly contender: ContenderName;
  readonly workload: WorkloadSpec;
  /** Epoch ms of the first point (the same for every child of a run). */
  readonly start: number;
  readonly warmupPoints: number;
  /** The local CloudWatch endpoint itself, not the fault proxy's. */
  readonly endpoint: string;
  readonly namespace: string;
  readonly warmupNamespace: string;
  readonly concurrency: number;
}

/** What the client child measured over the timed run. */
export interface ClientResult {
  readonly points: number;
  /** PutMetricData calls, counted by a client middleware. */
  readonly calls: number;
  /** `MetricData` entries over all calls. */
  readonly datums: number;
  readonly largestCallDatums: number;
  /** HTTP requests the handler sent, and how many of them went gzipped. */
  readonly requests: number;
  readonly gzippedRequests: number;
  /** Body bytes as sent: gzip where the client compressed, else the JSON. */
  readonly wireBytes: number;
  /** The same bodies uncompressed (gzip bodies inflated after the clock stopped). */
  readonly jsonBytes: number;
  readonly ms: number;
  readonly pointsPerSecond: number;
  readonly cpuMicros: number;
  readonly cpuMicrosPerPoint: number;
}

/** What the parent asks the emulator child; sent as one JSON line with an `id` added. */
export type EmulatorCommand =
  | { readonly op: 'verify'; readonly namespace: string; readonly workload: WorkloadSpec; readonly start: number }
  | { readonly op: 'clear' };

/** What the local endpoint recorded for a namespace, against the workload's points. */
export interface Verification {
  readonly expected: number;
  /** Data recorded (a folded datum is one). */
  readonly datums: number;
  /** Points recorded: one per `Value`, `Counts[i]` (or 1) per `Values[i]`. */
  readonly read: number;
  readonly exactlyOnce: number;
  readonly missing: number;
  readonly duplicates: number;
  /** Points recorded that match no expected point. */
  readonly corrupt: number;
}
