import type { SettlementGroup } from './SettlementGroup.js';

/** A job that failed retryably and waits, as its own record, for its backoff to pass. */
export interface RetryEntry<Job> {
  readonly job: Job;
  readonly group: SettlementGroup;
  readonly index: number;
  readonly seq: number;
  readonly size: number;
  readonly addedAt: number;
  readonly key: string | undefined;
  /** Attempts made so far. */
  readonly attempts: number;
  /** Clock time from which it may be sent again. */
  readonly dueAt: number;
}

/**
 * One batch handed to `processBatch`, held as parallel arrays so that cutting a batch allocates
 * a handful of arrays rather than one object per job.
 */
export class InFlightBatch<Job> {
  readonly jobs: Job[] = [];
  readonly groups: SettlementGroup[] = [];
  readonly indices: number[] = [];
  readonly seqs: number[] = [];
  readonly sizes: number[] = [];
  readonly addedAt: number[] = [];
  readonly keys: Array<string | undefined> = [];
  /** 1-based attempt number of each job; handed to `processBatch` as `context.attempts`. */
  readonly attempts: number[] = [];
  bytes = 0;
  minSeq = Infinity;
  maxAttempt = 0;
  id = 0;
  startedAt = 0;
  /** Set when shutdown or abort gave up on it: its jobs are settled, its outcome is ignored. */
  abandoned = false;
  readonly controller = new AbortController();

  get size(): number {
    return this.jobs.length;
  }

  push(
    job: Job,
    group: SettlementGroup,
    index: number,
    seq: number,
    size: number,
    addedAt: number,
    key: string | undefined,
    attempt: number,
  ): void {
    this.jobs.push(job);
    this.groups.push(group);
    this.indices.push(index);
    this.seqs.push(seq);
    this.sizes.push(size);
    this.addedAt.push(addedAt);
    this.keys.push(key);
    this.attempts.push(attempt);
    this.bytes += size;
    if (seq < this.minSeq) this.minSeq = seq;
    if (attempt > this.maxAttempt) this.maxAttempt = attempt;
  }
}
