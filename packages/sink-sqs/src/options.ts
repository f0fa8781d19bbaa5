import { InvalidOptionError } from '@batch/core';
import { booleanOption, clientOption, integerOption } from '@batch/sink-common';
import { SQS_LIMITS } from './limits.js';
import type { SqsClientLike } from './types.js';

/**
 * How long after the first send with an unknown outcome a FIFO message may still be re-sent:
 * SQS's 5-minute deduplication interval less 30 s for the retry's own request time.
 */
const DEFAULT_DEDUPLICATION_WINDOW = SQS_LIMITS.deduplicationIntervalMs - 30_000;

/** Queue names: 1 to 80 of `A-Za-z0-9_-`, FIFO names ending in `.fifo`. */
const QUEUE_NAME = /\/[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

/** Options of `sqsSink`. */
export interface SqsSinkOptions {
  /** An AWS SDK v3 SQS client (any copy of the SDK; only `send` is used). Required. */
  readonly client: SqsClientLike;
  /**
   * The queue's URL. A URL ending in `.fifo` is a FIFO queue (SQS requires FIFO queue names to
   * end so): messages need a `messageGroupId` and keep their order per group. Required.
   */
  readonly queueUrl: string;
  /**
   * The queue's `MaximumMessageSize` in bytes (body + attributes, counted as SQS does). Larger
   * messages reject at `add()` with `JobTooLargeError`. When omitted, `sqsSinkForQueue` reads it
   * before the first job and `sqsSink` reads it with the first `add()` (one GetQueueAttributes;
   * without `sqs:GetQueueAttributes` permission it stays 1 MiB).
   * @default the queue's own (1 MiB until read; 1 MiB is every queue's default and the most it can be set to; at least 1024)
   */
  readonly maxMessageSize?: number | undefined;
  /**
   * Most bytes (bodies + attributes) per SendMessageBatch request; the sink's hard limit for the
   * batcher's `maxBatchBytes`. Between `maxMessageSize` and 1 MiB.
   * @default 1048576 (1 MiB; 262144 for endpoints that still enforce the pre-August-2025 limit)
   */
  readonly maxRequestBytes?: number | undefined;
  /**
   * FIFO only: whether the queue has `ContentBasedDeduplication`. When false, every message
   * without a `messageDeduplicationId` gets a generated one at `add()`. When true, SQS
   * deduplicates by a SHA-256 of the body, and identical bodies within 5 minutes are delivered
   * once. `sqsSinkForQueue` reads it from the queue; `sqsSink` assumes false unless told.
   * Ignored for standard queues.
   * @default false
   */
  readonly contentBasedDeduplication?: boolean | undefined;
  /**
   * FIFO only: at most one message per group in each request. If SQS fails one message of a
   * group and accepts a later one of the same group in the same request, the later one is
   * enqueued first and the retry lands behind it: the group is reordered. Strict mode rules
   * that out, at the price of one message per group per round trip. Ignored for standard queues.
   * @default true
   */
  readonly strictOrdering?: boolean | undefined;
  /**
   * FIFO only, in milliseconds: a message whose first send had an unknown outcome (a reset,
   * a timeout, a 5xx) is re-sent only within this long of that send; later it rejects with
   * `DeduplicationWindowError`, because SQS forgets deduplication ids after 5 minutes and the
   * retry could enqueue it twice. From 0 to 300000.
   * @default 270000 (SQS's 5-minute deduplication interval less 30 s for the request itself)
   */
  readonly deduplicationWindow?: number | undefined;
}

/** Options with defaults applied. */
export interface ResolvedSqsOptions {
  readonly client: SqsClientLike;
  readonly queueUrl: string;
  readonly fifo: boolean;
  readonly maxMessageSize: number;
  readonly maxRequestBytes: number;
  readonly contentBasedDeduplication: boolean;
  readonly strictOrdering: boolean;
  readonly deduplicationWindow: number;
}

/** Validates options eagerly; throws `InvalidOptionError` naming the option and the value. */
export function resolveSqsOptions(options: SqsSinkOptions): ResolvedSqsOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', 'an object', options);
  const { client, queueUrl } = options;
  clientOption(client, 'SQS');
  if (typeof queueUrl !== 'string' || !isQueueUrl(queueUrl)) {
    throw new InvalidOptionError('queueUrl', 'an SQS queue URL (http(s)://host/account/queue-name)', queueUrl);
  }
  const maxMessageSize = integerOption(
    'maxMessageSize',
    options.maxMessageSize ?? SQS_LIMITS.defaultMaxMessageSize,
    SQS_LIMITS.minMaxMessageSize,
    SQS_LIMITS.defaultMaxMessageSize,
  );
  const maxRequestBytes = integerOption(
    'maxRequestBytes',
    options.maxRequestBytes ?? SQS_LIMITS.maxRequestBytes,
    maxMessageSize,
    SQS_LIMITS.maxRequestBytes,
    `\`maxMessageSize\` (${maxMessageSize})`,
  );
  const contentBasedDeduplication = booleanOption('contentBasedDeduplication', options.contentBasedDeduplication ?? false);
  const strictOrdering = booleanOption('strictOrdering', options.strictOrdering ?? true);
  const deduplicationWindow = options.deduplicationWindow ?? DEFAULT_DEDUPLICATION_WINDOW;
  if (typeof deduplicationWindow !== 'number' || !(deduplicationWindow >= 0 && deduplicationWindow <= SQS_LIMITS.deduplicationIntervalMs)) {
    throw new InvalidOptionError('deduplicationWindow', `a number of milliseconds between 0 and ${SQS_LIMITS.deduplicationIntervalMs}`, deduplicationWindow);
  }
  return {
    client,
    queueUrl,
    fifo: queueUrl.endsWith('.fifo'),
    maxMessageSize,
    maxRequestBytes,
    contentBasedDeduplication,
    strictOrdering,
    deduplicationWindow,
  };
}

function isQueueUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.search === '' && url.hash === '' && QUEUE_NAME.test(url.pathname);
}
