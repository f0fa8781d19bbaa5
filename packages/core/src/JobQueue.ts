import type { InFlightBatch } from './InFlightBatch.js';
import { HOLE, SettlementGroup } from './SettlementGroup.js';

/**
 * The fresh jobs waiting to be sent, oldest first, kept in the settlement groups they joined
 * (one run of up to `capacity` consecutive jobs each; see SettlementGroup.ts), with no record
 * object per job and no allocation per `add()` beyond the job's own promise.
 *
 * A job is addressed by its sequence number. Group g of the queue covers the sequence numbers
 * `firstSeq … firstSeq + capacity - 1` whether or not it filled up, so the group of a sequence
 * number is found by a division, and a group closed early leaves a gap the scans step over.
 * Jobs can be taken from the middle (a byte-packing skip, or an ordering key in flight); they
 * leave a hole that the head steps over later. The group being filled is "open"; taking any of
 * its members closes it, so members added later never share a group with jobs in flight.
 */
export class JobQueue<Job> {
  /**
   * One queue that lives as long as the class, for the reason given at `SettlementGroup.kept`: a
   * batcher created after an earlier one was dropped (one per run of a job, a sink rebuilt with
   * new options) then finds the queue's optimized code still in place.
   */
  static readonly kept = new JobQueue(1, true, true);
  /** Groups with jobs that may still be waiting, oldest first, from index `firstGroup`. */
  private groups: Array<SettlementGroup<Job> | undefined> = [];
  private firstGroup = 0;
  /** The group new jobs join, if any. */
  private open: SettlementGroup<Job> | undefined;
  /** First sequence number of the next group. */
  private nextGroupSeq = 0;
  /** Sequence number of the oldest waiting job (meaningful while `length > 0`). */
  private head = 0;
  /** Jobs waiting (holes excluded). */
  length = 0;
  /** Sum of their sizes. */
  bytes = 0;
  /** Counts every change to the queue: a plan of it stands while this does not move (PackingPlan.ts). */
  version = 0;

  /**
   * @param capacity members per group: a full batch (at most 4096), so that a group is a batch
   * @param sized whether jobs have sizes (the batcher has `sizeOf`)
   * @param keyed whether jobs have ordering keys
   */
  constructor(
    private readonly capacity: number,
    private readonly sized: boolean,
    private readonly keyed: boolean,
  ) {}

  /** A sequence number above every job's so far (the next job's, or higher). */
  get nextSeq(): number {
    const open = this.open;
    return open === undefined ? this.nextGroupSeq : open.firstSeq + open.size;
  }

  /** Appends a job; returns the promise its `add()` hands out. */
  push(job: Job, size: number, addedAt: number, key: string | undefined): Promise<unknown> {
    let group = this.open;
    if (group === undefined || group.size >= this.capacity || group.isSettled) {
      group = this.open = new SettlementGroup<Job>(this.nextGroupSeq, this.capacity, this.sized, this.keyed, addedAt);
      this.nextGroupSeq += this.capacity;
      if (this.length === 0 && this.firstGroup > 0) {
        // Every older group is spent: empty the array rather than keep a prefix of undefined (in
        // place: a fresh [] would make V8 re-optimize the code that pushes groups into it).
        this.groups.length = 0;
        this.firstGroup = 0;
      }
      this.groups.push(group);
    }
    if (this.length === 0) this.head = group.firstSeq + group.size;
    this.version += 1;
    this.length += 1;
    this.bytes += size;
    return group.join(job, size, addedAt, key);
  }

  /** Sequence number of the oldest waiting job, or -1. */
  first(): number {
    return this.length === 0 ? -1 : this.head;
  }

  /** Sequence number of the next waiting job after `seq`, or -1. */
  next(seq: number): number {
    return this.length === 0 ? -1 : this.waitingFrom(seq + 1);
  }

  job(seq: number): Job {
    const group = this.groupOf(seq);
    return group.jobs[seq - group.firstSeq] as Job;
  }
  group(seq: number): SettlementGroup<Job> {
    return this.groupOf(seq);
  }
  size(seq: number): number {
    const group = this.groupOf(seq);
    return group.sizes === undefined ? 0 : (group.sizes[seq - group.firstSeq] as number);
  }
  added(seq: number): number {
    const group = this.groupOf(seq);
    return group.addedAtOf(seq - group.firstSeq);
  }
  key(seq: number): string | undefined {
    const group = this.groupOf(seq);
    return group.keys?.[seq - group.firstSeq];
  }

  /** Files the waiting job at `seq` under another ordering key (a keyed queue only). */
  setKey(seq: number, key: string | undefined): void {
    const group = this.groupOf(seq);
    const keys = group.keys;
    if (keys === undefined) return;
    const k = seq - group.firstSeq;
    const old = keys[k];
    keys[k] = key;
    this.version += 1;
    if (old === undefined && key !== undefined) group.keyedMembers += 1;
    else if (old !== undefined && key === undefined) group.keyedMembers -= 1;
  }

  /** Removes the job at `seq` (read its data first). Sequence numbers never change. */
  remove(seq: number): void {
    const group = this.groupOf(seq);
    const k = seq - group.firstSeq;
    const size = group.sizes === undefined ? 0 : (group.sizes[k] as number);
    group.jobs[k] = HOLE;
    this.version += 1;
    // Release the key now rather than with the group.
    if (group.keys !== undefined) group.keys[k] = undefined;
    group.taken += 1;
    if (group === this.open) this.open = undefined;
    if (group.taken === group.size) group.release();
    this.length -= 1;
    this.bytes -= size;
    if (seq === this.head && this.length > 0) this.head = this.waitingFrom(seq + 1);
  }

  /**
   * Takes the oldest group whole, when it is one batch as the first-fit cut would form it: no
   * member has left, nothing is older, it fits `maxBatchSize` and `maxBatchBytes`, and it is
   * either full or the last group (so no later job could have filled the batch further), and
   * none of its members has an ordering key (which the cut would have to check). The group
   * leaves the queue; its arrays become the batch's (the batch then releases them from the group).
   */
  takeWhole(maxBatchSize: number, maxBatchBytes: number): SettlementGroup<Job> | undefined {
    if (this.length === 0) return undefined;
    const group = this.groups[this.firstGroup];
    if (group === undefined || group.taken !== 0 || group.keyedMembers !== 0 || this.head !== group.firstSeq) return undefined;
    const n = group.size;
    if (n > maxBatchSize || group.bytes > maxBatchBytes) return undefined;
    if (n !== maxBatchSize && this.firstGroup !== this.groups.length - 1) return undefined;
    if (group === this.open) this.open = undefined;
    this.version += 1;
    group.taken = n;
    group.trim();
    this.groups[this.firstGroup] = undefined;
    this.firstGroup += 1;
    this.length -= n;
    this.bytes -= group.bytes;
    if (this.length > 0) this.head = this.waitingFrom(group.firstSeq + this.capacity);
    return group;
  }

  /**
   * Moves up to `max` jobs from the head into `batch`, in order: the copying cut for batchers
   * with nothing to skip over (no ordering keys, no byte budget), walking the groups directly.
   */
  takeInto(batch: InFlightBatch<Job>, max: number): void {
    this.version += 1;
    let taken = 0;
    let seq = this.head;
    while (taken < max && this.length > 0) {
      const group = this.groupOf(seq);
      const k = seq - group.firstSeq;
      const job = group.jobs[k];
      const size = group.sizes === undefined ? 0 : (group.sizes[k] as number);
      batch.push(job as Job, group, seq, size, group.addedAtOf(k), undefined, 1);
      group.jobs[k] = HOLE;
      group.taken += 1;
      if (group === this.open) this.open = undefined;
      if (group.taken === group.size) group.release();
      this.length -= 1;
      this.bytes -= size;
      taken += 1;
      if (this.length > 0) seq = this.waitingFrom(seq + 1);
    }
    this.head = seq;
  }

  /** Frees the groups the head has passed. Call between scans, not during one. */
  compact(): void {
    if (this.length === 0) {
      // Keep only the open group, if it still has room (in place, as in push).
      const open = this.open;
      this.groups.length = 0;
      if (open !== undefined) this.groups.push(open);
      this.firstGroup = 0;
      return;
    }
    const lead = this.groups[this.firstGroup];
    if (lead === undefined) return;
    const passed = Math.floor((this.head - lead.firstSeq) / this.capacity);
    for (let i = 0; i < passed; i++) this.groups[this.firstGroup + i] = undefined;
    this.firstGroup += passed;
    if (this.firstGroup >= 1024 && this.firstGroup * 2 >= this.groups.length) {
      this.groups = this.groups.slice(this.firstGroup);
      this.firstGroup = 0;
    }
  }

  private groupOf(seq: number): SettlementGroup<Job> {
    const lead = this.groups[this.firstGroup] as SettlementGroup<Job>;
    return this.groups[this.firstGroup + Math.floor((seq - lead.firstSeq) / this.capacity)] as SettlementGroup<Job>;
  }

  /** The first waiting job at or after `seq`, or -1. */
  private waitingFrom(seq: number): number {
    const tail = this.nextSeq;
    let s = seq;
    while (s < tail) {
      const group = this.groupOf(s);
      const k = s - group.firstSeq;
      if (k >= group.size || group.taken === group.size) {
        // Past the group's last member (the gap up to the next group holds no job), or a group
        // every member of which has left.
        s = group.firstSeq + this.capacity;
        continue;
      }
      if (group.jobs[k] !== HOLE) return s;
      s += 1;
    }
    return -1;
  }
}
