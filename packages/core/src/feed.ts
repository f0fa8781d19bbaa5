import type { Batcher } from './Batcher.js';
import { BatcherClosedError } from './errors.js';
import { JobTracker } from './JobTracker.js';

/** Options of {@link feed} and `toWritable`. */
export interface FeedOptions<Job, Result> {
  /** Called with each job's result, in settle order. @default none */
  readonly onResult?: ((result: Result, job: Job) => void) | undefined;
  /**
   * Called with each job's failure. Without it the first failure stops the feed, which rejects
   * with that error once the jobs already added have settled: failures are never dropped.
   * @default none
   */
  readonly onError?: ((error: unknown, job: Job) => void) | undefined;
}

/** What {@link feed} did. */
export interface FeedSummary {
  readonly added: number;
  readonly succeeded: number;
  readonly failed: number;
}

/**
 * Pulls jobs from an iterable or async iterable into the batcher, never past its queue bound:
 * each job waits for room for its own size (`maxQueueSize` and `maxQueueBytes`) before the next
 * is read, so the source is read only as fast as the batcher delivers and memory stays bounded. Resolves when the source is exhausted and every job it
 * added has settled.
 *
 * @throws BatcherClosedError (as a rejection) when the batcher closes before the source ends.
 * @example
 * const summary = await feed(batcher, readOrders(), { onError: (error) => log.warn(error) });
 */
export async function feed<Job, Result>(
  batcher: Batcher<Job, Result>,
  source: AsyncIterable<Job> | Iterable<Job>,
  options: FeedOptions<Job, Result> = {},
): Promise<FeedSummary> {
  let added = 0;
  let stopError: unknown;
  let stopped = false;
  const stop = (error: unknown): void => {
    if (!stopped) {
      stopped = true;
      stopError = error;
    }
  };
  const tracker = new JobTracker<Job, Result>(options, stop);

  try {
    for await (const job of source) {
      if (stopped) break;
      if (batcher.isClosed) {
        stop(new BatcherClosedError());
        break;
      }
      // Waits for room for this job's own size (count and bytes), so the bound is never hit.
      const { result, admitted } = batcher.addWhenRoom(job);
      added += 1;
      tracker.follow(result, job);
      await admitted;
      if (stopped) break;
    }
  } catch (error) {
    // The source threw: the jobs already added still settle (and are reported) before the feed
    // rejects with the source's error.
    await tracker.drained();
    // A job failure that had already stopped the feed is not dropped for the source's error.
    throw stopped ? new AggregateError([stopError, error], 'A job failed and the source threw') : error;
  }
  await tracker.drained();
  if (stopped) throw stopError;
  return { added, succeeded: tracker.succeeded, failed: tracker.failed };
}
