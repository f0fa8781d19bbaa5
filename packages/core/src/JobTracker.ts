import type { FeedOptions } from './feed.js';

/**
 * What `feed` and `toWritable` share: follows the promises of the jobs they add, hands each
 * result or failure to the caller's callbacks, and reports a failure nobody handles (or a
 * callback that throws) to `fail` — never dropping one. `drained()` resolves once every
 * followed job has settled.
 */
export class JobTracker<Job, Result> {
  succeeded = 0;
  failed = 0;
  private outstanding = 0;
  private onDrained: (() => void) | undefined;

  constructor(
    private readonly options: FeedOptions<Job, Result>,
    private readonly fail: (error: unknown) => void,
  ) {}

  follow(promise: Promise<Result>, job: Job): void {
    this.outstanding += 1;
    promise.then(
      (result) => {
        this.succeeded += 1;
        this.call(() => this.options.onResult?.(result, job));
      },
      (error: unknown) => {
        this.failed += 1;
        const { onError } = this.options;
        this.call(() => (onError === undefined ? this.fail(error) : onError(error, job)));
      },
    );
  }

  drained(): Promise<void> {
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise<void>((resolve) => (this.onDrained = resolve));
  }

  private call(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.fail(error);
    }
    this.outstanding -= 1;
    if (this.outstanding === 0) this.onDrained?.();
  }
}
