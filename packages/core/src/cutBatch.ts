import { InFlightBatch } from './InFlightBatch.js';
import type { BatchShape, RetryEntry } from './InFlightBatch.js';
import type { JobQueue } from './JobQueue.js';

/** How far past the first skipped job a cut keeps looking for jobs that fit. */
const LOOKAHEAD = 2048;

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
 * Packing is first-fit: a job that does not fit the byte budget is passed over (it stays at the
 * head, first in line for the next batch) and smaller later jobs fill the room, so batches of
 * mixed sizes come out nearly full. A job passed over for any reason blocks its ordering key for
 * the rest of the scan, so no later job of that key can overtake it; keys with a job in flight
 * are blocked from the start. Retries still backing off block their key the same way.
 *
 * Returns undefined when nothing can be sent now. Taken jobs are removed from the queues.
 */
export function cutBatch<Job>(
  queue: JobQueue<Job>,
  retries: RetryEntry<Job>[],
  limits: CutLimits,
  now: number,
): InFlightBatch<Job> | undefined {
  const { maxBatchSize, maxBatchBytes, oneJobPerKey, inFlightKeys } = limits;
  if (!anyRetryDue(retries, now)) {
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

function anyRetryDue<Job>(retries: readonly RetryEntry<Job>[], now: number): boolean {
  for (const entry of retries) if (entry.dueAt <= now) return true;
  return false;
}
