import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { isRetryableAwsError, waitUnlessAborted } from '@batch/sink-common';
import { SQS_LIMITS } from './limits.js';
import type { SqsQueueClientLike } from './types.js';

/*
 * `sqsSink` without `maxMessageSize`: the queue's MaximumMessageSize (anything from 1 KiB to
 * 1 MiB) is read with one GetQueueAttributes, started by the first add(). add() is synchronous
 * and cannot wait for it, so until it answers add() checks against 1 MiB, the most any queue
 * allows, and every batch waits for the answer; a message found too large then fails alone,
 * before the request leaves, with the same JobTooLargeError add() gives once the size is known.
 *
 * The read is a refinement, not a precondition: sending never waits on its failure. A refusal
 * retrying cannot fix (no `sqs:GetQueueAttributes` permission, an endpoint without the action)
 * leaves 1 MiB for good, which is what the sink assumed before it read anything. A failure
 * retrying can fix (throttling, a reset) lets the waiting batch go with 1 MiB, and a read a
 * second later tries again.
 */
/** How long after a read that failed retryably the sink goes on with 1 MiB before it asks again, in ms. */
const RETRY_QUIET_MS = 1000;

export class QueueSizeLimit {
  /** The limit add() checks against: 1 MiB until the queue answered. */
  value: number = SQS_LIMITS.defaultMaxMessageSize;
  private settled = false;
  private loading: Promise<number> | undefined;
  /** Until when a read that failed retryably is not tried again (monotonic ms). */
  private quietUntil = -Infinity;
  private readonly client: SqsQueueClientLike;
  private readonly queueUrl: string;
  private readonly now: () => number;

  /** @param now - monotonic clock in ms (injectable for tests) */
  constructor(client: SqsQueueClientLike, queueUrl: string, now: () => number = () => performance.now()) {
    this.client = client;
    this.queueUrl = queueUrl;
    this.now = now;
  }

  /** Starts the read on the first add(), which does not wait for it. */
  start(): void {
    if (this.settled || this.loading !== undefined) return;
    // load() only rejects when a waiting batch's signal aborts; this copy has no signal.
    void this.load();
  }

  /**
   * The queue's MaximumMessageSize, read once. With `signal`, the wait (not the shared read)
   * ends with the signal's reason when it aborts.
   */
  load(signal?: AbortSignal): Promise<number> {
    if (this.settled) return Promise.resolve(this.value);
    // After a retryable failure, a while without asking: a throttled queue is not asked once per add().
    if (this.loading === undefined && this.now() < this.quietUntil) return Promise.resolve(this.value);
    if (signal !== undefined) return waitUnlessAborted(() => this.load(), signal);
    this.loading ??= this.read().then(
      (size) => {
        this.adopt(size);
        return size;
      },
      (error: unknown) => {
        this.loading = undefined;
        if (!isRetryableAwsError(error)) this.adopt(SQS_LIMITS.defaultMaxMessageSize);
        else this.quietUntil = this.now() + RETRY_QUIET_MS;
        return this.value;
      },
    );
    return this.loading;
  }

  private async read(): Promise<number> {
    const output = await this.client.send(new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['MaximumMessageSize'] }));
    const reported = Number(output.Attributes?.MaximumMessageSize);
    // An endpoint that does not report it (or reports nonsense) gets the default, as sqsSinkForQueue does.
    return Number.isInteger(reported) && reported >= SQS_LIMITS.minMaxMessageSize && reported <= SQS_LIMITS.defaultMaxMessageSize
      ? reported
      : SQS_LIMITS.defaultMaxMessageSize;
  }

  private adopt(size: number): void {
    this.value = size;
    this.settled = true;
  }
}
