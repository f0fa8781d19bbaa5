/**
 * Amazon SQS SendMessageBatch limits (AWS documentation: API_SendMessageBatch,
 * API_SendMessageBatchRequestEntry, "Amazon SQS message quotas" and "Message metadata"; the
 * 1 MiB message and request sizes date from August 2025; checked November 2026). Sizes are in
 * bytes as SQS counts them: UTF-8 bodies, plus each message attribute's name, type and value.
 */
export const SQS_LIMITS = {
  /** Entries per SendMessageBatch request. */
  maxEntriesPerRequest: 10,
  /** Sum of all message sizes (bodies + attributes) in one request (256 KiB before Aug 2025). */
  maxRequestBytes: 1024 * 1024,
  /** A queue's `MaximumMessageSize` when not set: also the most it can be set to. */
  defaultMaxMessageSize: 1024 * 1024,
  /** The smallest `MaximumMessageSize` a queue can be set to. */
  minMaxMessageSize: 1024,
  /** Largest per-message `DelaySeconds` (15 minutes); standard queues only. */
  maxDelaySeconds: 900,
  /** Message attributes per message. */
  maxMessageAttributes: 10,
  /** Message attribute name length, in characters. */
  maxAttributeNameLength: 256,
  /** Message attribute data type length (with its custom label), in characters. */
  maxAttributeTypeLength: 256,
  /** `MessageGroupId` and `MessageDeduplicationId` length, in characters. */
  maxIdLength: 128,
  /** Digits of precision of a `Number` attribute. */
  maxNumberDigits: 38,
  /** A non-zero `Number` attribute's magnitude is at least 10^-128 … */
  minNumberExponent: -128,
  /** … and at most 10^126. */
  maxNumberExponent: 126,
  /** FIFO deduplication interval: a repeated deduplication id is dropped within it. */
  deduplicationIntervalMs: 5 * 60 * 1000,
} as const;
