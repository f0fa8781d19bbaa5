import type { Batcher } from './Batcher.js';
import { BatcherClosedError } from './errors.js';

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
 * before each `add()` it waits for room, so the source is read only as fast as the batcher
 * delivers and memory stays bounded. Resolves when the source is exhausted and every job it
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
  const { onResult, onError } = options;
  let added = 0;
  let succeeded = 0;
  let failed = 0;
  let outstanding = 0;
  let stopError: unknown;
  let stopped = false;
  let drained: (() => void) | undefined;

  const stop = (error: unknown): void => {
    if (!stopped) {
      stopped = true;
      stopError = error;
    }
  };
  const settled = (): void => {
    outstanding -= 1;
    if (outstanding === 0) drained?.();
  };

  for await (const job of source) {
    while (!batcher.hasRoom() && !batcher.isClosed) await batcher.waitForRoom();
    if (stopped) break;
    if (batcher.isClosed) {
      stop(new BatcherClosedError());
      break;
    }
    added += 1;
    outstanding += 1;
    batcher.add(job).then(
      (result) => {
        succeeded += 1;
        try {
          onResult?.(result, job);
        } catch (error) {
          stop(error);
        }
        settled();
      },
      (error: unknown) => {
        failed += 1;
        try {
          if (onError === undefined) stop(error);
          else onError(error, job);
        } catch (callbackError) {
          stop(callbackError);
        }
        settled();
      },
    );
    if (stopped) break;
  }
  if (outstanding > 0) await new Promise<void>((resolve) => (drained = resolve));
  if (stopped) throw stopError;
  return { added, succeeded, failed };
}
