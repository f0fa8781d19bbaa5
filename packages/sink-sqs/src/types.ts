import type {
  GetQueueAttributesCommand,
  GetQueueAttributesCommandOutput,
  SendMessageBatchCommand,
  SendMessageBatchCommandOutput,
} from '@aws-sdk/client-sqs';
import type { ClientLike } from '@batch/sink-common';

/**
 * A message attribute in SQS's own shape (the SDK's `MessageAttributeValue`). `DataType` is
 * `String`, `Number` or `Binary`, optionally with a custom label (`Number.int`, `Binary.png`);
 * `String` and `Number` use `StringValue`, `Binary` uses `BinaryValue`.
 */
export interface SqsMessageAttributeValue {
  readonly DataType: string | undefined;
  readonly StringValue?: string | undefined;
  readonly BinaryValue?: Uint8Array | undefined;
  /** Reserved by SQS and not implemented: must be absent or empty. */
  readonly StringListValues?: readonly string[] | undefined;
  /** Reserved by SQS and not implemented: must be absent or empty. */
  readonly BinaryListValues?: readonly Uint8Array[] | undefined;
}

/**
 * A message attribute value: a string (type `String`), a finite number (type `Number`, sent as
 * `String(value)`), bytes (type `Binary`), or the full SQS shape for custom type labels.
 */
export type SqsAttributeValue = string | number | Uint8Array | SqsMessageAttributeValue;

/** One message to send. */
export interface SqsJob {
  /**
   * The message body: a string, sent verbatim, or any other JSON-serializable value, sent as its
   * JSON (serialized once, at `add()`). Must not be empty. Bytes are not accepted: SQS bodies
   * are text (encode them, e.g. as base64, first).
   */
  readonly body: unknown;
  /**
   * FIFO queues: required; messages of one group are delivered in the order they were added.
   * Standard queues: optional, the tenant of a fair queue. 1 to 128 characters, ASCII letters,
   * digits and punctuation.
   */
  readonly messageGroupId?: string | undefined;
  /**
   * FIFO queues only. When omitted on a queue without content-based deduplication, the sink
   * generates one at `add()` (a random UUID) and reuses it on every retry. 1 to 128
   * characters, ASCII letters, digits and punctuation.
   */
  readonly messageDeduplicationId?: string | undefined;
  /** Standard queues only: seconds before the message becomes visible, an integer from 0 to 900. */
  readonly delaySeconds?: number | undefined;
  /** Up to 10 attributes; their names, types and values count towards the message size. */
  readonly messageAttributes?: Readonly<Record<string, SqsAttributeValue>> | undefined;
}

/** The message SQS enqueued for the job. */
export interface SqsResult {
  /** SQS's message id. */
  readonly messageId: string;
  /** FIFO queues only: the message's sequence number within its group. */
  readonly sequenceNumber?: string;
}

/** Any AWS SDK v3 SQS client (only `send` is used). */
export type SqsClientLike = ClientLike<SendMessageBatchCommand, SendMessageBatchCommandOutput>;

/** An SQS client that can also read the queue's attributes (for `sqsSinkForQueue`). */
export type SqsQueueClientLike = SqsClientLike & ClientLike<GetQueueAttributesCommand, GetQueueAttributesCommandOutput>;
