import { Batcher, JobTooLargeError } from '@batch/core';
import { sqsSinkForQueue } from '@batch/sink-sqs';
import { FIFO_URL, STANDARD_URL, awsError, fakeClient } from './fakeSqsClient.js';

describe('sqsSinkForQueue', () => {
  it('reads MaximumMessageSize once and enforces it', async () => {
    const { client, calls, attributeCalls } = fakeClient(undefined, { queueAttributes: { MaximumMessageSize: '2048' } });
    const queue = new Batcher({ ...(await sqsSinkForQueue({ client, queueUrl: STANDARD_URL })), maxBatchDelay: 0 });
    expect(attributeCalls).toEqual([{ QueueUrl: STANDARD_URL, AttributeNames: ['MaximumMessageSize'] }]);
    await expect(queue.add({ body: 'x'.repeat(2048) })).resolves.toEqual({ messageId: 'm1' });
    await expect(queue.add({ body: 'x'.repeat(2049) })).rejects.toMatchObject({ limit: 'maxMessageSize', size: 2049, max: 2048 });
    expect(calls).toHaveLength(1);
    expect(attributeCalls).toHaveLength(1);
  });

  it('reads ContentBasedDeduplication on FIFO queues and generates no deduplication ids when it is on', async () => {
    const { client, calls, attributeCalls } = fakeClient(undefined, { queueAttributes: { MaximumMessageSize: '1048576', ContentBasedDeduplication: 'true' } });
    const fifo = new Batcher({ ...(await sqsSinkForQueue({ client, queueUrl: FIFO_URL })), maxBatchDelay: 0 });
    expect(attributeCalls).toEqual([{ QueueUrl: FIFO_URL, AttributeNames: ['MaximumMessageSize', 'ContentBasedDeduplication'] }]);
    await fifo.add({ body: 'x', messageGroupId: 'g' });
    expect(calls[0]?.entries[0]?.dedupId).toBeUndefined();
  });

  it('generates deduplication ids when the queue does not deduplicate by content', async () => {
    const { client, calls } = fakeClient(undefined, { queueAttributes: { ContentBasedDeduplication: 'false' } });
    const fifo = new Batcher({ ...(await sqsSinkForQueue({ client, queueUrl: FIFO_URL, maxMessageSize: 4096 })), maxBatchDelay: 0 });
    await fifo.add({ body: 'x', messageGroupId: 'g' });
    expect(calls[0]?.entries[0]?.dedupId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('asks only for what it was not told, and nothing when told everything', async () => {
    const { client, attributeCalls } = fakeClient(undefined, { queueAttributes: { MaximumMessageSize: '2048' } });
    await sqsSinkForQueue({ client, queueUrl: FIFO_URL, maxMessageSize: 4096 });
    await sqsSinkForQueue({ client, queueUrl: FIFO_URL, maxMessageSize: 4096, contentBasedDeduplication: false });
    await sqsSinkForQueue({ client, queueUrl: STANDARD_URL, maxMessageSize: 4096 });
    expect(attributeCalls).toEqual([{ QueueUrl: FIFO_URL, AttributeNames: ['ContentBasedDeduplication'] }]);
  });

  it.each([[undefined], ['garbage'], ['512'], ['2097152']])('falls back to 1 MiB when the queue reports MaximumMessageSize %j', async (reported) => {
    const { client } = fakeClient(undefined, { queueAttributes: reported === undefined ? {} : { MaximumMessageSize: reported } });
    const queue = new Batcher({ ...(await sqsSinkForQueue({ client, queueUrl: STANDARD_URL })), maxBatchDelay: 0 });
    await expect(queue.add({ body: 'x'.repeat(1024 * 1024) })).resolves.toEqual({ messageId: 'm1' });
    await expect(queue.add({ body: 'x'.repeat(1024 * 1024 + 1) })).rejects.toBeInstanceOf(JobTooLargeError);
  });

  it('rejects with the AWS error when the queue cannot be read', async () => {
    const denied = awsError('QueueDoesNotExist', 400);
    const client = { send: async () => Promise.reject(denied) };
    await expect(sqsSinkForQueue({ client, queueUrl: STANDARD_URL })).rejects.toBe(denied);
  });
});
