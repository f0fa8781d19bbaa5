/**
 * What the sqs suite's parent asks its children to do, and what they answer: the client child
 * (`sqsWorker.js`, one per measurement, or the packing sweep) and the emulator child
 * (`sqsEmulator.js`, one per round).
 */
import type { ExactlyOnceCheck } from '../lib/exactlyOnce.js';
import type { WorkloadSpec } from './workload.js';

/** The four ways of sending the same messages, measured side by side. */
export type ContenderName = 'sink' | 'producer' | 'raw' | 'single';

/** One measurement in a fresh client child. */
export interface ClientTask {
  readonly kind: 'send';
  readonly contender: ContenderName;
  readonly workload: WorkloadSpec;
  /** Messages sent: the first `messages` of the workload. */
  readonly messages: number;
  /** Messages of the workload sent first, untimed, to `warmupQueueUrl`. */
  readonly warmupMessages: number;
  /** local-aws-sqs's own endpoint, not the fault proxy's. */
  readonly endpoint: string;
  readonly queueUrl: string;
  readonly warmupQueueUrl: string;
  /** Requests in flight at once (the sink's `concurrency`, the loops' workers, concurrent `producer.send` calls). */
  readonly concurrency: number;
  /** sqs-producer's `batchSize`. */
  readonly producerBatchSize: number;
}

/** What the client child measured over the timed run. */
export interface ClientResult {
  readonly messages: number;
  /** Characters (= bytes: the bodies are ASCII) of the bodies sent. */
  readonly bytes: number;
  /** API calls, counted by a client middleware (any command). */
  readonly calls: number;
  /** Messages in all those calls: equals `messages` unless something was sent twice. */
  readonly messagesSent: number;
  readonly largestCallMessages: number;
  readonly largestCallBytes: number;
  /** Entries the loops re-sent after SQS failed them with `SenderFault: false` (local-aws-sqs never does). */
  readonly retriedMessages: number;
  readonly ms: number;
  readonly messagesPerSecond: number;
  readonly cpuMicros: number;
  readonly cpuMicrosPerMessage: number;
  /** The main thread's own CPU per message (without V8's compiler and GC threads), where Linux reports it. */
  readonly mainThreadCpuMicrosPerMessage?: number;
}

/** How the sink packs each workload (stubbed transport, in a client child). */
export interface PackingTask {
  readonly kind: 'packing';
  readonly workloads: readonly WorkloadSpec[];
}

/** Calls the sink needed for one workload, with the lower bound and the other packers' counts. */
export interface PackingRow {
  readonly workload: WorkloadSpec;
  readonly bytes: number;
  readonly bound: number;
  readonly sink: number;
  readonly greedy: number;
  readonly producer: number;
  readonly producerOversized: number;
  readonly producerBatchSize: number;
}

export type WorkerTask = ClientTask | PackingTask;

/** What the parent asks the emulator child; sent as one JSON line with an `id` added. */
export type EmulatorCommand =
  | { readonly op: 'createQueue'; readonly name: string }
  | { readonly op: 'deleteQueue'; readonly queueUrl: string }
  | { readonly op: 'verify'; readonly queueUrl: string; readonly workload: WorkloadSpec; readonly messages: number }
  | { readonly op: 'probe'; readonly limit: number };

/** What a read-back found: every expected message exactly once, body for body, and nothing else. */
export interface Verification extends ExactlyOnceCheck {
  /** ReceiveMessage calls the read-back took. */
  readonly receives: number;
}

/** The request limit and the queue's message size, tried against local-aws-sqs itself. */
export interface LimitProbe {
  readonly limit: number;
  readonly maximumMessageSize: number;
  /** A request of exactly `limit` characters in 10 messages: accepted? */
  readonly acceptedAtLimit: boolean;
  /** The same plus one character: the error name. */
  readonly aboveLimit: string;
}
