import type { SettlementGroup } from './SettlementGroup.js';
import type { BatchContext } from './types.js';

/** A job that failed retryably and waits, as its own record, for its backoff to pass. */
export interface RetryEntry<Job> {
  readonly job: Job;
  readonly group: SettlementGroup<Job>;
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
 * `maxJobAge`) are not kept at all.
 *
 * Most batches are a run of consecutive members of one settlement group on their first attempt
 * (always, in steady state without ordering keys or byte budgets). Such a batch is *uniform*: it
 * stores the group and the first sequence number instead of a group, a sequence number and an
 * attempt count per job, and only builds those arrays if a job that breaks the run is pushed.
 * A job's index in its group is `seq - group.firstSeq`.
 */
export class InFlightBatch<Job> {
  /** One batch that lives as long as the class, for the reason given at `SettlementGroup.kept`. */
  static readonly kept = new InFlightBatch<never>(1, { sized: true, keyed: true, timed: true });
  readonly jobs: Job[];
  readonly sizes: number[] | undefined;
  readonly keys: Array<string | undefined> | undefined;
  readonly addedAt: number[] | undefined;
  size = 0;
  bytes = 0;
  minSeq = Infinity;
  maxAttempt = 0;
  id = 0;
  /**
   * Clock time it was sent; NaN before: a double from the start, so that V8 never re-shapes a
   * batch when the clock's (fractional) time is stored.
   */
  startedAt = Number.NaN;
  /** Set when shutdown or abort gave up on it: its jobs are settled, its outcome is ignored. */
  abandoned = false;
  /** Ordering keys whose waiting jobs are to be filed again once it completes (context.refreshOrderingKeys). */
  refreshKeys: Set<string> | undefined;
  /** The group of every job while the batch is uniform (see above); else undefined. */
  lead: SettlementGroup<Job> | undefined;
  /** Sequence number of job 0 while uniform. */
  private leadSeq = 0;
  private uniform = true;
  private groups: SettlementGroup<Job>[] | undefined;
  private seqs: number[] | undefined;
  private attempts: number[] | undefined;
  private readonly capacity: number;
  /** Created on first use of `context.signal`: most batches never look, and it is costly. */
  private controller: AbortController | undefined;
  private abortReason: unknown;

  /**
   * An empty batch for up to `capacity` jobs, or, given `whole`, the batch of exactly that
   * group's members, which takes over the group's arrays (no copy; see JobQueue.takeWhole).
   */
  constructor(capacity: number, shape: BatchShape, whole?: SettlementGroup<Job>) {
    if (whole === undefined) {
      this.capacity = capacity;
      this.jobs = new Array<Job>(capacity);
      this.sizes = shape.sized ? new Array<number>(capacity) : undefined;
      this.keys = shape.keyed ? new Array<string | undefined>(capacity) : undefined;
      this.addedAt = shape.timed ? new Array<number>(capacity) : undefined;
      return;
    }
    const n = whole.size;
    this.capacity = n;
    // The group had no member taken, so it holds no HOLE.
    this.jobs = whole.jobs as Job[];
    this.sizes = shape.sized ? whole.sizes : undefined;
    this.keys = shape.keyed ? whole.keys : undefined;
    this.addedAt = shape.timed ? whole.addedAtList() : undefined;
    // From here the batch alone holds the arrays: a member retried keeps the group, not them.
    whole.release();
    this.size = n;
    this.bytes = whole.bytes;
    this.lead = whole;
    this.leadSeq = whole.firstSeq;
    this.minSeq = whole.firstSeq;
    this.maxAttempt = 1;
  }

  push(job: Job, group: SettlementGroup<Job>, seq: number, size: number, addedAt: number, key: string | undefined, attempt: number): void {
    const i = this.size++;
    this.jobs[i] = job;
    if (this.uniform) {
      if (i === 0 && attempt === 1) {
        this.lead = group;
        this.leadSeq = seq;
      } else if (group !== this.lead || seq !== this.leadSeq + i || attempt !== 1) {
        this.diverge(i);
      }
    }
    if (!this.uniform) {
      (this.groups as SettlementGroup<Job>[])[i] = group;
      (this.seqs as number[])[i] = seq;
      (this.attempts as number[])[i] = attempt;
    }
    if (this.sizes !== undefined) this.sizes[i] = size;
    if (this.keys !== undefined) this.keys[i] = key;
    if (this.addedAt !== undefined) this.addedAt[i] = addedAt;
    this.bytes += size;
    if (seq < this.minSeq) this.minSeq = seq;
    if (attempt > this.maxAttempt) this.maxAttempt = attempt;
  }

  /** Whether every job is a consecutive member of `lead`, on its first attempt. */
  get isUniform(): boolean {
    return this.uniform;
  }

  groupAt(i: number): SettlementGroup<Job> {
    return this.uniform ? (this.lead as SettlementGroup<Job>) : ((this.groups as SettlementGroup<Job>[])[i] as SettlementGroup<Job>);
  }
  seqAt(i: number): number {
    return this.uniform ? this.leadSeq + i : ((this.seqs as number[])[i] as number);
  }
  /** Index of job `i` in its group. */
  indexAt(i: number): number {
    return this.seqAt(i) - this.groupAt(i).firstSeq;
  }
  attemptAt(i: number): number {
    return this.uniform ? 1 : ((this.attempts as number[])[i] as number);
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

  /** 1-based attempt number of each job, as `context.attempts` shows it. */
  attemptList(): readonly number[] {
    if (this.attempts === undefined) this.attempts = new Array<number>(this.size).fill(1);
    return this.attempts;
  }

  /** Settles every group with a member in this batch (each once per run of members). */
  settleGroups(): void {
    if (this.uniform) {
      this.lead?.settle();
      return;
    }
    let last: SettlementGroup<Job> | undefined;
    for (const group of this.groups as SettlementGroup<Job>[]) {
      if (group !== last) group.settle();
      last = group;
    }
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
    if (n === this.capacity) return;
    this.jobs.length = n;
    if (this.groups !== undefined) this.groups.length = n;
    if (this.seqs !== undefined) this.seqs.length = n;
    if (this.attempts !== undefined) this.attempts.length = n;
    if (this.sizes !== undefined) this.sizes.length = n;
    if (this.keys !== undefined) this.keys.length = n;
    if (this.addedAt !== undefined) this.addedAt.length = n;
  }

  /** Leaves uniform mode (only while pushing): writes the per-job arrays for jobs `0 … n-1`. */
  private diverge(n: number): void {
    const length = this.capacity;
    const groups = new Array<SettlementGroup<Job>>(length);
    const seqs = new Array<number>(length);
    const attempts = new Array<number>(length);
    for (let k = 0; k < n; k++) {
      groups[k] = this.lead as SettlementGroup<Job>;
      seqs[k] = this.leadSeq + k;
      attempts[k] = 1;
    }
    this.groups = groups;
    this.seqs = seqs;
    this.attempts = attempts;
    this.uniform = false;
    this.lead = undefined;
  }
}

/**
 * A class rather than an object literal with a getter: V8 keeps such literals in slow
 * dictionary mode, and measured, they dragged each batch's promises into old space (4x the
 * promoted bytes in the windowed benchmark).
 */
class Context<Job> implements BatchContext {
  /** One context that lives as long as the class, for the reason given at `SettlementGroup.kept`. */
  static readonly kept = new Context(InFlightBatch.kept);
  readonly batchId: number;
  private readonly batch: InFlightBatch<Job>;

  constructor(batch: InFlightBatch<Job>) {
    this.batchId = batch.id;
    this.batch = batch;
  }

  get attempts(): readonly number[] {
    return this.batch.attemptList();
  }

  get signal(): AbortSignal {
    return this.batch.signal();
  }

  readonly refreshOrderingKeys = (key: string): void => {
    (this.batch.refreshKeys ??= new Set()).add(key);
  };
}
