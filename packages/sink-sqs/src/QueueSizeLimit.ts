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
 * retrying can fix (throttling, a reset) lets the waiting batch go with 1 MiB, and the next add()
 * or batch reads again.
 */
export class QueueSizeLimit {
  /** The limit add() checks against: 1 MiB until the queue answered. */
  value: number = SQS_LIMITS.defaultMaxMessageSize;
  private settled = false;
  private loading: Promise<number> | undefined;
  private readonly client: SqsQueueClientLike;
  private readonly queueUrl: string;

  constructor(client: SqsQueueClientLike, queueUrl: string) {
    this.client = client;
    this.queueUrl = queueUrl;
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
    if (signal !== undefined) return waitUnlessAborted(() => this.load(), signal);
    this.loading ??= this.read().then(
      (size) => {
        this.adopt(size);
        return size;
      },
      (error: unknown) => {
        this.loading = undefined;
        if (!isRetryableAwsError(error)) this.adopt(SQS_LIMITS.defaultMaxMessageSize);
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
