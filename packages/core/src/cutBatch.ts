import { InFlightBatch } from './InFlightBatch.js';
import type { BatchShape, RetryEntry } from './InFlightBatch.js';
import type { JobQueue } from './JobQueue.js';
import { PackingPlan } from './PackingPlan.js';
import type { PlanCache } from './PackingPlan.js';
import { shouldPlan } from './planBatch.js';

/** How far past the first skipped job a cut keeps looking for jobs that fit. */
const LOOKAHEAD = 2048;

/** Batches' worth of jobs a planned cut looks at (see planBatch.ts); bounds its cost. */
const PLAN_BATCHES = 64;

/** What `cutBatch` needs to know besides the queues. */
export interface CutLimits {
  readonly maxBatchSize: number;
  readonly maxBatchBytes: number;
  readonly oneJobPerKey: boolean;
  /** Keys with a job in an in-flight batch. */
  readonly inFlightKeys: ReadonlySet<string>;
  readonly shape: BatchShape;
}

/**
 * Takes the next batch: due retries first (they are older), then fresh jobs in add order.
 *
 * In steady state the oldest settlement group is the batch and is taken whole (no copy). When
 * bytes bind (alone or together with the count), the oldest window of jobs without ordering keys
 * is planned as a whole and the batch is the planned one holding the oldest job (planBatch.ts);
 * the plan serves the next cuts too while the queue changes only by its takes (PackingPlan.ts).
 * Otherwise packing is first-fit: a job that does not fit the byte budget is passed over (it
 * stays at the head, first in line for the next batch) and smaller later jobs fill the room, so
 * batches of mixed sizes come out nearly full. A job passed over for any reason blocks its
 * ordering key for the rest of the scan, so no later job of that key can overtake it; keys with a
 * job in flight are blocked from the start. Retries still backing off block their key the same way.
 *
 * Returns undefined when nothing can be sent now. Taken jobs are removed from the queues.
 */
export function cutBatch<Job>(
  queue: JobQueue<Job>,
  retries: RetryEntry<Job>[],
  limits: CutLimits,
  now: number,
  cache: PlanCache,
): InFlightBatch<Job> | undefined {
  const { maxBatchSize, maxBatchBytes, oneJobPerKey, inFlightKeys } = limits;
  const plan = maxBatchBytes !== Infinity && shouldPlan(queue.length, queue.bytes, maxBatchSize, maxBatchBytes);
  if (!plan && !anyRetryDue(retries, now)) {
    // Steady state: the oldest group is the next batch as it stands (its members have no
    // ordering key, so nothing can block them; see JobQueue.takeWhole).
    const whole = queue.takeWhole(maxBatchSize, maxBatchBytes);
    if (whole !== undefined) {
      queue.compact();
      return new InFlightBatch<Job>(whole.size, limits.shape, whole);
    }
  }
  const batch = new InFlightBatch<Job>(Math.min(maxBatchSize, queue.length + retries.length), limits.shape);
  let blocked: Set<string> | undefined;
  const isBlocked = (key: string | undefined): boolean =>
    key !== undefined && (inFlightKeys.has(key) || blocked?.has(key) === true);
  const block = (key: string | undefined): void => {
    if (key !== undefined) (blocked ??= new Set()).add(key);
  };

  if (retries.length > 0) {
    let kept = 0;
    for (const entry of retries) {
      const fits =
        batch.size < maxBatchSize &&
        entry.dueAt <= now &&
        !isBlocked(entry.key) &&
        batch.bytes + entry.size <= maxBatchBytes;
      if (fits) {
        batch.push(entry.job, entry.group, entry.seq, entry.size, entry.addedAt, entry.key, entry.attempts + 1);
        if (oneJobPerKey) block(entry.key);
      } else {
        block(entry.key);
        retries[kept++] = entry;
      }
    }
    retries.length = kept;
  }

  if (!limits.shape.keyed && maxBatchBytes === Infinity) {
    queue.takeInto(batch, maxBatchSize - batch.size);
    queue.compact();
    if (batch.size === 0) return undefined;
    batch.seal();
    return batch;
  }

  if (plan && batch.size === 0) {
    if (takePlanned(queue, batch, maxBatchSize, maxBatchBytes, cache)) {
      queue.compact();
      batch.seal();
      return batch;
    }
  }

  let skipped = 0;
  for (let i = queue.first(); i !== -1 && batch.size < maxBatchSize && batch.bytes < maxBatchBytes; ) {
    const following = queue.next(i);
    const key = queue.key(i);
    const size = queue.size(i);
    if (isBlocked(key) || batch.bytes + size > maxBatchBytes) {
      block(key);
      if (++skipped >= LOOKAHEAD) break;
    } else {
      batch.push(queue.job(i), queue.group(i), i, size, queue.added(i), key, 1);
      queue.remove(i);
      if (oneJobPerKey) block(key);
    }
    i = following;
  }
  queue.compact();
  if (batch.size === 0) return undefined;
  batch.seal();
  return batch;
}

/**
 * Fills the empty `batch` from a plan of the oldest waiting jobs as a whole (planBatch.ts): the
 * plan kept from the last cut while it stands, else a new one. Returns false, taking nothing,
 * when planning does not apply (see `PackingPlan.of`).
 */
function takePlanned<Job>(queue: JobQueue<Job>, batch: InFlightBatch<Job>, maxBatchSize: number, maxBatchBytes: number, cache: PlanCache): boolean {
  let plan = cache.plan;
  if (plan === undefined || !plan.isCurrent(queue)) {
    plan = PackingPlan.of(queue, Math.min(LOOKAHEAD, PLAN_BATCHES * maxBatchSize), maxBatchSize, maxBatchBytes);
    cache.plan = plan;
    if (plan === undefined) return false;
  }
  plan.takeNext(queue, batch, maxBatchSize, maxBatchBytes);
  return true;
}

function anyRetryDue<Job>(retries: readonly RetryEntry<Job>[], now: number): boolean {
  for (const entry of retries) if (entry.dueAt <= now) return true;
  return false;
}
