import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import type { DescribeStreamSummaryCommand as Describe, DescribeStreamSummaryCommandOutput } from '@aws-sdk/client-kinesis';
import type { ClientLike } from '@batch/sink-common';
import { kinesisSink } from './kinesisSink.js';
import type { KinesisSink } from './kinesisSink.js';
import { KINESIS_LIMITS } from './limits.js';
import type { KinesisSinkOptions } from './options.js';
import type { KinesisClientLike } from './types.js';

/**
 * Like `kinesisSink`, but first reads the stream's maximum record size with
 * `DescribeStreamSummary` (streams can be configured from 1 MiB up to 10 MiB), unless
 * `maxRecordSize` is given. Endpoints that do not report it get the 1 MiB default; a
 * `maxRequestBytes` below the stream's record size caps it (a record must fit in a request).
 * A failed DescribeStreamSummary rejects with the SDK's error.
 *
 * @example const sink = await kinesisSinkForStream({ client, streamName: 'events' });
 */
export async function kinesisSinkForStream(
  options: KinesisSinkOptions & { readonly client: KinesisClientLike & ClientLike<Describe, DescribeStreamSummaryCommandOutput> },
): Promise<KinesisSink> {
  if (options.maxRecordSize !== undefined) return kinesisSink(options);
  const described = await options.client.send(
    new DescribeStreamSummaryCommand({
      ...(options.streamName === undefined ? {} : { StreamName: options.streamName }),
      ...(options.streamARN === undefined ? {} : { StreamARN: options.streamARN }),
    }),
  );
  const summary = described.StreamDescriptionSummary as { MaxRecordSizeInKiB?: number } | undefined;
  const kib = summary?.MaxRecordSizeInKiB;
  const streamMax = typeof kib === 'number' && kib > 0 ? Math.min(kib * 1024, KINESIS_LIMITS.maxRecordSizeCeiling) : KINESIS_LIMITS.defaultMaxRecordSize;
  // A record must also fit in a request: a smaller `maxRequestBytes` (an endpoint with the
  // pre-2025 5 MiB limit) caps what the stream allows. An invalid one is left to kinesisSink to report.
  const requestMax = options.maxRequestBytes;
  const maxRecordSize = typeof requestMax === 'number' && Number.isInteger(requestMax) && requestMax > 0 ? Math.min(streamMax, requestMax) : streamMax;
  return kinesisSink({ ...options, maxRecordSize });
}
