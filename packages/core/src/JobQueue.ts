import type { SettlementGroup } from './SettlementGroup.js';

/** Marks a slot whose job was taken out of the middle of the queue. */
const HOLE: unique symbol = Symbol('hole');

/**
 * The fresh jobs waiting to be sent, oldest first, kept as parallel arrays (struct of arrays)
 * instead of one record object per job: about 40 bytes per waiting job rather than 100+, and
 * no allocation per `add()` beyond the arrays' amortized growth. A job's sequence number is its
 * absolute position, so it is never stored. Jobs can be taken from the middle (a byte-packing
 * skip, or an ordering key in flight); they leave a hole that the head steps over later.
 */
export class JobQueue<Job> {
  private jobs: Array<Job | typeof HOLE> = [];
  private groups: SettlementGroup[] = [];
  private sizes: number[] = [];
  private addedAt: number[] = [];
  private keys: Array<string | undefined> = [];
  /** Sequence number of array index 0. */
  private base = 0;
  /** Array index of the oldest slot that may still hold a job. */
  private head = 0;
  /** Jobs waiting (holes excluded). */
  length = 0;
  /** Sum of their sizes. */
  bytes = 0;

  constructor(private readonly keyed: boolean) {}

  /** Sequence number the next pushed job gets. */
  get nextSeq(): number {
    return this.base + this.jobs.length;
  }

  push(job: Job, group: SettlementGroup, size: number, addedAt: number, key: string | undefined): void {
    this.jobs.push(job);
    this.groups.push(group);
    this.sizes.push(size);
    this.addedAt.push(addedAt);
    if (this.keyed) this.keys.push(key);
    this.length += 1;
    this.bytes += size;
  }

  /** Array index of the oldest waiting job, or -1. */
  first(): number {
    return this.length === 0 ? -1 : this.head;
  }

  /** Array index of the next waiting job after `index`, or -1. */
  next(index: number): number {
    const jobs = this.jobs;
    for (let i = index + 1; i < jobs.length; i++) if (jobs[i] !== HOLE) return i;
    return -1;
  }

  job(index: number): Job {
    return this.jobs[index] as Job;
  }
  group(index: number): SettlementGroup {
    return this.groups[index] as SettlementGroup;
  }
  size(index: number): number {
    return this.sizes[index] as number;
  }
  added(index: number): number {
    return this.addedAt[index] as number;
  }
  key(index: number): string | undefined {
    return this.keyed ? this.keys[index] : undefined;
  }
  seq(index: number): number {
    return this.base + index;
  }

  /** Removes the job at `index` (read its data first). Indices stay valid until `compact()`. */
  remove(index: number): void {
    this.jobs[index] = HOLE;
    // Release the group (and through it, settled results) now rather than at compaction.
    (this.groups as Array<SettlementGroup | undefined>)[index] = undefined;
    this.length -= 1;
    this.bytes -= this.sizes[index] as number;
    if (index === this.head) this.advanceHead();
  }

  private advanceHead(): void {
    const jobs = this.jobs;
    let head = this.head;
    while (head < jobs.length && jobs[head] === HOLE) head++;
    this.head = head;
  }

  /**
   * Drops the dead prefix once it is large and at least half of the arrays (amortized O(1)), or
   * everything once empty. Renumbers array indices, so call it only between scans.
   */
  compact(): void {
    const head = this.head;
    if (this.length === 0) {
      this.base += this.jobs.length;
      this.jobs.length = 0;
      this.groups.length = 0;
      this.sizes.length = 0;
      this.addedAt.length = 0;
      this.keys.length = 0;
      this.head = 0;
    } else if (head >= 1024 && head * 2 >= this.jobs.length) {
      this.jobs = this.jobs.slice(head);
      this.groups = this.groups.slice(head);
      this.sizes = this.sizes.slice(head);
      this.addedAt = this.addedAt.slice(head);
      if (this.keyed) this.keys = this.keys.slice(head);
      this.base += head;
      this.head = 0;
    }
  }
}
