import type { InFlightBatch } from './InFlightBatch.js';
import type { JobQueue } from './JobQueue.js';
import { TAKEN, planBins, shouldPlan, takeLead } from './planBatch.js';

/** The plan a cut keeps for the next one; one per batcher. */
export interface PlanCache {
  plan: PackingPlan | undefined;
}

/**
 * A plan of the waiting window (planBatch.ts), kept from one cut to the next. A burst of jobs
 * is planned once and its batches are then taken one by one, rather than planning what is left
 * again at every cut (a sort and a heap over the whole window each time). The plan stands only
 * while the queue has changed by nothing but its own takes: a job removed or re-keyed by
 * anything else (expiry, a first-fit cut, `refreshOrderingKeys`) must not be taken from it, and
 * a job added since may pack better with the rest, so the next cut plans afresh. A window cut
 * short by its limit (a burst of more than 64 batches' worth) is planned afresh at every cut,
 * so that the jobs beyond it are planned as soon as they are in reach.
 */
export class PackingPlan {
  /** One plan that lives as long as the class, for the reason given at `SettlementGroup.kept`. */
  static readonly kept = new PackingPlan([0], [0], new Int32Array(1), false);
  /** First window index not yet taken: the oldest job the plan still holds. */
  private from = 0;
  /** The queue's `version` after this plan's last take. */
  private version = -1;

  private constructor(
    /** Sequence numbers of the window's jobs, oldest first. */
    private readonly seqs: readonly number[],
    /** Their sizes, as `sizeOf` gave them. */
    private readonly sizes: readonly number[],
    /** Each window job's planned batch, or TAKEN. */
    private readonly binOf: Int32Array,
    /** Whether the window was the whole queue: then the plan holds every job a later cut could take. */
    private readonly whole: boolean,
  ) {}

  /**
   * Plans the oldest `limit` waiting jobs, or returns undefined when planning does not apply:
   * a job in the window has an ordering key (planning reorders within the window), or the
   * window's bytes do not bind (see `shouldPlan`).
   */
  static of<Job>(queue: JobQueue<Job>, limit: number, maxBatchSize: number, maxBatchBytes: number): PackingPlan | undefined {
    const seqs: number[] = [];
    const sizes: number[] = [];
    let bytes = 0;
    for (let i = queue.first(); i !== -1 && seqs.length < limit; i = queue.next(i)) {
      if (queue.key(i) !== undefined) return undefined;
      const size = queue.size(i);
      seqs.push(i);
      sizes.push(size);
      bytes += size;
    }
    if (!shouldPlan(seqs.length, bytes, maxBatchSize, maxBatchBytes)) return undefined;
    return new PackingPlan(seqs, sizes, planBins(sizes, maxBatchSize, maxBatchBytes), seqs.length === queue.length);
  }

  /** Whether the next batch can be taken from this plan: see the class. */
  isCurrent(queue: JobQueue<unknown>): boolean {
    return this.whole && this.version === queue.version && this.from < this.seqs.length;
  }

  /** Moves the planned batch of the oldest job the plan still holds from `queue` into the empty `batch`. */
  takeNext<Job>(queue: JobQueue<Job>, batch: InFlightBatch<Job>, maxBatchSize: number, maxBatchBytes: number): void {
    const { seqs, sizes, binOf } = this;
    for (const k of takeLead(sizes, binOf, this.from, maxBatchSize, maxBatchBytes)) {
      const seq = seqs[k] as number;
      batch.push(queue.job(seq), queue.group(seq), seq, sizes[k] as number, queue.added(seq), undefined, 1);
      queue.remove(seq);
    }
    let from = this.from;
    while (from < seqs.length && binOf[from] === TAKEN) from++;
    this.from = from;
    this.version = queue.version;
  }
}
