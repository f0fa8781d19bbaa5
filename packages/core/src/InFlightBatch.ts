import type { SettlementGroup } from './SettlementGroup.js';
import type { BatchContext } from './types.js';

/** A job that failed retryably and waits, as its own record, for its backoff to pass. */
export interface RetryEntry<Job> {
  readonly job: Job;
  readonly group: SettlementGroup;
  readonly seq: number;
  readonly size: number;
  readonly addedAt: number;
  readonly key: string | undefined;
  /** Attempts made so far. */
  readonly attempts: number;
  /** Clock time from which it may be sent again. */
  readonly dueAt: number;
}

/** Which optional per-job fields a batcher keeps. */
export interface BatchShape {
  readonly sized: boolean;
  readonly keyed: boolean;
  readonly timed: boolean;
}

/**
 * One batch handed to `processBatch`, held as parallel arrays sized up front, so that cutting a
 * batch allocates a few arrays (no per-job objects, no growth garbage), and fields a batcher
 * does not use (sizes without `sizeOf`, keys without `orderingKey`, add times without
 * `maxJobAge`) are not kept at all. A job's index in its group is `seq - group.firstSeq`.
 */
export class InFlightBatch<Job> {
  readonly jobs: Job[];
  readonly groups: SettlementGroup[];
  readonly seqs: number[];
  /** 1-based attempt number of each job; handed to `processBatch` as `context.attempts`. */
  readonly attempts: number[];
  readonly sizes: number[] | undefined;
  readonly keys: Array<string | undefined> | undefined;
  readonly addedAt: number[] | undefined;
  size = 0;
  bytes = 0;
  minSeq = Infinity;
  maxAttempt = 0;
  id = 0;
  startedAt = 0;
  /** Set when shutdown or abort gave up on it: its jobs are settled, its outcome is ignored. */
  abandoned = false;
  /** Created on first use of `context.signal`: most batches never look, and it is costly. */
  private controller: AbortController | undefined;
  private abortReason: unknown;

  constructor(capacity: number, shape: BatchShape) {
    this.jobs = new Array<Job>(capacity);
    this.groups = new Array<SettlementGroup>(capacity);
    this.seqs = new Array<number>(capacity);
    this.attempts = new Array<number>(capacity);
    this.sizes = shape.sized ? new Array<number>(capacity) : undefined;
    this.keys = shape.keyed ? new Array<string | undefined>(capacity) : undefined;
    this.addedAt = shape.timed ? new Array<number>(capacity) : undefined;
  }

  push(job: Job, group: SettlementGroup, seq: number, size: number, addedAt: number, key: string | undefined, attempt: number): void {
    const i = this.size++;
    this.jobs[i] = job;
    this.groups[i] = group;
    this.seqs[i] = seq;
    this.attempts[i] = attempt;
    if (this.sizes !== undefined) this.sizes[i] = size;
    if (this.keys !== undefined) this.keys[i] = key;
    if (this.addedAt !== undefined) this.addedAt[i] = addedAt;
    this.bytes += size;
    if (seq < this.minSeq) this.minSeq = seq;
    if (attempt > this.maxAttempt) this.maxAttempt = attempt;
  }

  /** The context handed to `processBatch`. */
  context(): BatchContext {
    return new Context(this);
  }

  /** The batch's abort signal, created on first use. */
  signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abandoned) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  /** Gives up on the batch: its signal (if anyone took it) aborts with `reason`. */
  abort(reason: unknown): void {
    this.abandoned = true;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  /** Trims the arrays to the jobs actually taken (capacity is only an upper bound). */
  seal(): void {
    const n = this.size;
    this.jobs.length = n;
    this.groups.length = n;
    this.seqs.length = n;
    this.attempts.length = n;
    if (this.sizes !== undefined) this.sizes.length = n;
    if (this.keys !== undefined) this.keys.length = n;
    if (this.addedAt !== undefined) this.addedAt.length = n;
  }

  sizeAt(i: number): number {
    return this.sizes === undefined ? 0 : (this.sizes[i] as number);
  }
  keyAt(i: number): string | undefined {
    return this.keys?.[i];
  }
  addedAtOf(i: number): number {
    return this.addedAt === undefined ? 0 : (this.addedAt[i] as number);
  }
  indexAt(i: number): number {
    return (this.seqs[i] as number) - (this.groups[i] as SettlementGroup).firstSeq;
  }
}

/**
 * A class rather than an object literal with a getter: V8 keeps such literals in slow
 * dictionary mode, and measured, they dragged each batch's promises into old space (4x the
 * promoted bytes in the windowed benchmark).
 */
class Context<Job> implements BatchContext {
  readonly batchId: number;
  readonly attempts: readonly number[];
  private readonly batch: InFlightBatch<Job>;

  constructor(batch: InFlightBatch<Job>) {
    this.batchId = batch.id;
    this.attempts = batch.attempts;
    this.batch = batch;
  }

  get signal(): AbortSignal {
    return this.batch.signal();
  }
}
