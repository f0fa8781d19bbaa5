import { Batcher, JobTooLargeError } from '@batch/core';
import { kinesisSinkForStream } from '@batch/sink-kinesis';
import type { DescribeStreamSummaryCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';

const MiB = 1024 * 1024;

/** A client that describes the stream with `summary` (or fails with it) and accepts every record. */
function fakeClient(summary: Record<string, unknown> | Error | undefined) {
  const describes: Array<Record<string, unknown>> = [];
  let sequence = 0;
  const client = {
    send: async (command: DescribeStreamSummaryCommand | PutRecordsCommand): Promise<never> => {
      if (command.constructor.name === 'DescribeStreamSummaryCommand') {
        describes.push({ ...command.input });
        if (summary instanceof Error) throw summary;
        return { StreamDescriptionSummary: summary, $metadata: {} } as never;
      }
      const records = (command as PutRecordsCommand).input.Records ?? [];
      return { Records: records.map(() => ({ ShardId: 'shardId-0', SequenceNumber: `${++sequence}` })), $metadata: {} } as never;
    },
  };
  return { client, describes };
}

describe('kinesisSinkForStream', () => {
  it("reads the stream's maximum record size and enforces it at add()", async () => {
    const { client, describes } = fakeClient({ MaxRecordSizeInKiB: 2048 });
    const sink = await kinesisSinkForStream({ client, streamName: 'events' });
    expect(describes).toEqual([{ StreamName: 'events' }]);
    const batcher = new Batcher({ ...sink, maxBatchDelay: 0 });
    // 2 MiB of data + a 1-character key is one byte over the stream's limit.
    await expect(batcher.add({ data: new Uint8Array(2 * MiB - 1), partitionKey: 'k' })).resolves.toMatchObject({ shardId: 'shardId-0' });
    const error = (await batcher.add({ data: new Uint8Array(2 * MiB), partitionKey: 'k' }).catch((e: unknown) => e)) as JobTooLargeError;
    expect(error).toBeInstanceOf(JobTooLargeError);
    expect(error).toMatchObject({ limit: 'maxRecordSize', size: 2 * MiB + 1, max: 2 * MiB });
  });

  it('keeps the 1 MiB default when the endpoint does not report a record size, and describes by ARN when given one', async () => {
    const { client, describes } = fakeClient({ StreamName: 'events' });
    const streamARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/events';
    const batcher = new Batcher({ ...(await kinesisSinkForStream({ client, streamARN })), maxBatchDelay: 0 });
    expect(describes).toEqual([{ StreamARN: streamARN }]);
    await expect(batcher.add({ data: new Uint8Array(MiB), partitionKey: 'k' })).rejects.toMatchObject({ limit: 'maxRecordSize', max: MiB });
  });

  it('caps the record size at a smaller maxRequestBytes instead of refusing the options', async () => {
    const { client } = fakeClient({ MaxRecordSizeInKiB: 10240 });
    const sink = await kinesisSinkForStream({ client, streamName: 'events', maxRequestBytes: 5 * MiB });
    expect(sink.maxBatchBytes).toBe(5 * MiB);
    const batcher = new Batcher({ ...sink, maxBatchDelay: 0 });
    await expect(batcher.add({ data: new Uint8Array(5 * MiB), partitionKey: 'k' })).rejects.toMatchObject({ limit: 'maxRecordSize', max: 5 * MiB });
  });

  it('does not describe the stream when maxRecordSize is given', async () => {
    const { client, describes } = fakeClient({ MaxRecordSizeInKiB: 10240 });
    await kinesisSinkForStream({ client, streamName: 'events', maxRecordSize: 3 * MiB });
    expect(describes).toHaveLength(0);
  });

  it("rejects with the SDK's error when DescribeStreamSummary fails", async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    const { client } = fakeClient(denied);
    await expect(kinesisSinkForStream({ client, streamName: 'events' })).rejects.toBe(denied);
  });
});
