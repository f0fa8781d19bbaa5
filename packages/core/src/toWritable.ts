import { Writable } from 'node:stream';
import type { Batcher } from './Batcher.js';
import { BatcherClosedError } from './errors.js';
import type { FeedOptions } from './feed.js';
import { JobTracker } from './JobTracker.js';

/** Options of {@link toWritable}. */
export interface WritableOptions<Job, Result> extends FeedOptions<Job, Result> {
  /** Jobs the stream itself buffers before `write()` returns false. @default 16 */
  readonly highWaterMark?: number | undefined;
}

/**
 * An object-mode `Writable` that adds each written job to the batcher. A write completes only
 * once the batcher's queue has room, so `pipeline(source, toWritable(batcher))` applies
 * backpressure all the way to the source. The stream finishes when every job written to it has
 * settled. Without `onError`, the first failed job destroys the stream with its error.
 *
 * @example
 * await pipeline(Readable.from(orders), toWritable(batcher, { onError: report }));
 */
export function toWritable<Job, Result>(batcher: Batcher<Job, Result>, options: WritableOptions<Job, Result> = {}): Writable {
  const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
  const tracker = new JobTracker<Job, Result>(options, (error) => stream.destroy(asError(error)));

  const stream: Writable = new Writable({
    objectMode: true,
    highWaterMark: options.highWaterMark ?? 16,
    write(job: Job, _encoding, callback) {
      if (batcher.isClosed) {
        callback(new BatcherClosedError());
        return;
      }
      // The write completes once the job is queued: room for its own size (count and bytes).
      const { result, admitted } = batcher.addWhenRoom(job);
      tracker.follow(result, job);
      void admitted.then(() => callback());
    },
    final(callback) {
      void tracker.drained().then(() => callback());
    },
  });
  return stream;
}
