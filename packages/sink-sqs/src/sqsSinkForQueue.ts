import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { QueueAttributeName } from '@aws-sdk/client-sqs';
import { SQS_LIMITS } from './limits.js';
import { resolveSqsOptions } from './options.js';
import type { SqsSinkOptions } from './options.js';
import { sqsSink } from './sqsSink.js';
import type { SqsSink } from './sqsSink.js';
import type { SqsQueueClientLike } from './types.js';

/**
 * Like `sqsSink`, but first reads what it would otherwise assume from the queue, with one
 * `GetQueueAttributes` call (needs `sqs:GetQueueAttributes`): `MaximumMessageSize` (queues can
 * be set from 1 KiB to 1 MiB) unless `maxMessageSize` is given, and for FIFO queues
 * `ContentBasedDeduplication` unless `contentBasedDeduplication` is given. An attribute the
 * endpoint does not report gets the `sqsSink` default. Options are validated before the call.
 *
 * @example const sink = await sqsSinkForQueue({ client, queueUrl });
 */
export async function sqsSinkForQueue(options: SqsSinkOptions & { readonly client: SqsQueueClientLike }): Promise<SqsSink> {
  const { queueUrl, fifo } = resolveSqsOptions(options);
  const names: QueueAttributeName[] = [];
  if (options.maxMessageSize === undefined) names.push('MaximumMessageSize');
  if (fifo && options.contentBasedDeduplication === undefined) names.push('ContentBasedDeduplication');
  if (names.length === 0) return sqsSink(options);
  const { Attributes: attributes = {} } = await options.client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: names }));
  const reported = Number(attributes.MaximumMessageSize);
  const maxMessageSize =
    options.maxMessageSize ??
    (Number.isInteger(reported) && reported >= SQS_LIMITS.minMaxMessageSize && reported <= SQS_LIMITS.defaultMaxMessageSize
      ? reported
      : SQS_LIMITS.defaultMaxMessageSize);
  const contentBasedDeduplication = options.contentBasedDeduplication ?? attributes.ContentBasedDeduplication === 'true';
  return sqsSink({ ...options, maxMessageSize, contentBasedDeduplication });
}
