import { BatchError } from '@batch/core';

/** Rejects `add()` when the body is missing, empty, bytes, or holds characters SQS does not allow. */
export class InvalidMessageBodyError extends BatchError {
  constructor(reason: string) {
    super('SQS_INVALID_MESSAGE_BODY', `Invalid message body: ${reason}`);
  }
}

/**
 * Rejects `add()` when a message attribute breaks SQS's rules (name, data type, value, count).
 * `attributeName` is set when the name itself is valid.
 */
export class InvalidMessageAttributeError extends BatchError {
  readonly attributeName: string | undefined;

  constructor(reason: string, attributeName?: string) {
    super('SQS_INVALID_MESSAGE_ATTRIBUTE', `Invalid message attribute${attributeName === undefined ? '' : ` \`${attributeName}\``}: ${reason}`);
    this.attributeName = attributeName;
  }
}

/** Rejects `add()` when a FIFO message has no `messageGroupId`, or the id is malformed. */
export class InvalidMessageGroupIdError extends BatchError {
  constructor(reason: string) {
    super('SQS_INVALID_MESSAGE_GROUP_ID', `Invalid message group id: ${reason}`);
  }
}

/** Rejects `add()` when a deduplication id is malformed or given for a standard queue. */
export class InvalidDeduplicationIdError extends BatchError {
  constructor(reason: string) {
    super('SQS_INVALID_DEDUPLICATION_ID', `Invalid deduplication id: ${reason}`);
  }
}

/** Rejects `add()` when `delaySeconds` is out of range or given for a FIFO queue. */
export class InvalidDelaySecondsError extends BatchError {
  constructor(reason: string) {
    super('SQS_INVALID_DELAY_SECONDS', `Invalid delaySeconds: ${reason}`);
  }
}

/**
 * Fails a job whose entry SQS rejected inside a successful SendMessageBatch response.
 * `errorCode` is SQS's; `senderFault: false` entries are retried, others reject at once. The
 * service's message is kept in `awsMessage`, out of `message` (it may quote the request).
 */
export class SqsEntryError extends BatchError {
  readonly errorCode: string;
  readonly awsMessage: string | undefined;
  readonly senderFault: boolean | undefined;

  constructor(errorCode: string, awsMessage: string | undefined, senderFault: boolean | undefined) {
    super('SQS_ENTRY_FAILED', `SQS rejected the message: ${errorCode}${senderFault === true ? ' (sender fault)' : ''}`);
    this.errorCode = errorCode;
    this.awsMessage = awsMessage;
    this.senderFault = senderFault;
  }
}

/** Fails a job whose result is missing from, or malformed in, the SendMessageBatch response. */
export class SqsResponseError extends BatchError {
  constructor(detail: string) {
    super('SQS_BAD_RESPONSE', `Malformed SendMessageBatch response: ${detail}`);
  }
}

/**
 * Rejects a FIFO job instead of re-sending it when its first send with an unknown outcome (a
 * reset, a timeout, a 5xx) lies further back than `deduplicationWindow`: SQS would no longer
 * recognise its deduplication id, so a retry could enqueue the message twice.
 */
export class DeduplicationWindowError extends BatchError {
  /** The window, in milliseconds. */
  readonly window: number;

  constructor(window: number) {
    super(
      'SQS_DEDUPLICATION_WINDOW_PASSED',
      `Not re-sent: its first send with an unknown outcome is more than ${window} ms old, past the \`deduplicationWindow\`; a retry could duplicate it`,
    );
    this.window = window;
  }
}
