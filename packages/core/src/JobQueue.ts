import type { InFlightBatch } from './InFlightBatch.js';
import type { SettlementGroup } from './SettlementGroup.js';

/** Marks a slot whose job was taken out of the middle of the queue. */
const HOLE: unique symbol = Symbol('hole');

const CHUNK_BITS = 10;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** One fixed-size run of slots; numbers live in typed arrays, unboxed. */
class Chunk<Job> {
  readonly jobs: Array<Job | typeof HOLE | undefined> = new Array<Job | typeof HOLE | undefined>(CHUNK);
  readonly groups: Array<SettlementGroup | undefined> = new Array<SettlementGroup | undefined>(CHUNK);
  readonly addedAt = new Float64Array(CHUNK);
  readonly sizes: Float64Array | undefined;
  readonly keys: Array<string | undefined> | undefined;

  constructor(sized: boolean, keyed: boolean) {
    this.sizes = sized ? new Float64Array(CHUNK) : undefined;
    this.keys = keyed ? new Array<string | undefined>(CHUNK) : undefined;
  }
}

/**
 * The fresh jobs waiting to be sent, oldest first, stored as parallel fields in fixed chunks of
 * 1024 slots (struct of arrays) rather than one record object per job: about 24 bytes per
 * waiting job plus 8 each for sizes and keys when those are used, with no growth slack and no
 * allocation per `add()`. A slot is addressed by the job's sequence number, so that is never
 * stored. Jobs can be taken from the middle (a byte-packing skip, or an ordering key in
 * flight); they leave a hole that the head steps over later.
 */
export class JobQueue<Job> {
  private chunks: Array<Chunk<Job>> = [];
  /** Emptied chunks kept for reuse: typed arrays are costly to allocate. */
  private spare: Array<Chunk<Job>> = [];
  /** Sequence number of the first slot of `chunks[0]`. */
  private base = 0;
  /** Sequence number of the oldest slot that may still hold a job. */
  private head = 0;
  /** Sequence number the next job gets. */
  private tail = 0;
  /** Jobs waiting (holes excluded). */
  length = 0;
  /** Sum of their sizes. */
  bytes = 0;

  constructor(
    private readonly sized: boolean,
    private readonly keyed: boolean,
  ) {}

  /** Sequence number the next pushed job gets. */
  get nextSeq(): number {
    return this.tail;
  }

  push(job: Job, group: SettlementGroup, size: number, addedAt: number, key: string | undefined): void {
    const rel = this.tail - this.base;
    const slot = rel & MASK;
    if (slot === 0) this.chunks.push(this.spare.pop() ?? new Chunk<Job>(this.sized, this.keyed));
    const chunk = this.chunks[rel >> CHUNK_BITS] as Chunk<Job>;
    chunk.jobs[slot] = job;
    chunk.groups[slot] = group;
    chunk.addedAt[slot] = addedAt;
    if (chunk.sizes !== undefined) chunk.sizes[slot] = size;
    if (chunk.keys !== undefined) chunk.keys[slot] = key;
    this.tail += 1;
    this.length += 1;
    this.bytes += size;
  }

  /** Sequence number of the oldest waiting job, or -1. */
  first(): number {
    return this.length === 0 ? -1 : this.head;
  }

  /** Sequence number of the next waiting job after `seq`, or -1. */
  next(seq: number): number {
    for (let s = seq + 1; s < this.tail; s++) if (this.chunkOf(s).jobs[(s - this.base) & MASK] !== HOLE) return s;
    return -1;
  }

  job(seq: number): Job {
    return this.chunkOf(seq).jobs[(seq - this.base) & MASK] as Job;
  }
  group(seq: number): SettlementGroup {
    return this.chunkOf(seq).groups[(seq - this.base) & MASK] as SettlementGroup;
  }
  size(seq: number): number {
    const sizes = this.chunkOf(seq).sizes;
    return sizes === undefined ? 0 : (sizes[(seq - this.base) & MASK] as number);
  }
  added(seq: number): number {
    return this.chunkOf(seq).addedAt[(seq - this.base) & MASK] as number;
  }
  key(seq: number): string | undefined {
    return this.chunkOf(seq).keys?.[(seq - this.base) & MASK];
  }

  /** Removes the job at `seq` (read its data first). Sequence numbers never change. */
  remove(seq: number): void {
    const chunk = this.chunkOf(seq);
    const slot = (seq - this.base) & MASK;
    chunk.jobs[slot] = HOLE;
    // Release the group (and through it, settled results) now rather than with the chunk.
    chunk.groups[slot] = undefined;
    if (chunk.keys !== undefined) chunk.keys[slot] = undefined;
    this.length -= 1;
    this.bytes -= chunk.sizes === undefined ? 0 : (chunk.sizes[slot] as number);
    if (seq === this.head) {
      let head = seq + 1;
      while (head < this.tail && this.chunkOf(head).jobs[(head - this.base) & MASK] === HOLE) head++;
      this.head = head;
    }
  }

  /**
   * Moves up to `max` jobs from the head into `batch`, in order: the cut for batchers with
   * nothing to skip over (no ordering keys, no byte budget), walking the chunks directly.
   */
  takeInto(batch: InFlightBatch<Job>, max: number): void {
    let seq = this.head;
    let taken = 0;
    while (taken < max && seq < this.tail) {
      const rel = seq - this.base;
      const chunk = this.chunks[rel >> CHUNK_BITS] as Chunk<Job>;
      const slot = rel & MASK;
      const job = chunk.jobs[slot];
      if (job !== HOLE) {
        const size = chunk.sizes === undefined ? 0 : (chunk.sizes[slot] as number);
        batch.push(job as Job, chunk.groups[slot] as SettlementGroup, seq, size, chunk.addedAt[slot] as number, undefined, 1);
        chunk.jobs[slot] = HOLE;
        chunk.groups[slot] = undefined;
        this.length -= 1;
        this.bytes -= size;
        taken += 1;
      }
      seq += 1;
    }
    while (seq < this.tail && this.chunkOf(seq).jobs[(seq - this.base) & MASK] === HOLE) seq++;
    this.head = seq;
  }

  /** Frees the chunks the head has passed. Call between scans, not during one. */
  compact(): void {
    const dead = (this.head - this.base) >> CHUNK_BITS;
    if (dead === 0) return;
    for (let i = 0; i < dead && i < this.chunks.length && this.spare.length < 4; i++) {
      const chunk = this.chunks[i] as Chunk<Job>;
      // Holes left in a reused chunk are overwritten slot by slot as jobs are pushed.
      this.spare.push(chunk);
    }
    this.chunks = dead >= this.chunks.length ? [] : this.chunks.slice(dead);
    this.base += dead * CHUNK;
    if (this.chunks.length === 0) {
      // Empty: restart at the next sequence number on a fresh chunk boundary.
      this.base = this.tail;
      this.head = this.tail;
    }
  }

  private chunkOf(seq: number): Chunk<Job> {
    return this.chunks[(seq - this.base) >> CHUNK_BITS] as Chunk<Job>;
  }
}
