import { Batcher } from '@batch/core';
import { DeduplicationWindowError, sqsSink } from '@batch/sink-sqs';
import type { SqsQueueClientLike } from '@batch/sink-sqs';
import { FIFO_URL, awsError, fakeClient, internalError } from './fakeSqsClient.js';
import type { EntryAnswer, SentEntry } from './fakeSqsClient.js';

/**
 * Wraps a fake so that each request stays in flight for a few milliseconds, and records any
 * group seen in two requests in flight at once or twice in one request.
 */
function watchGroups(client: SqsQueueClientLike) {
  const active = new Set<string>();
  const violations: string[] = [];
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const watched = {
    send: async (command: { input: { Entries?: Array<{ MessageGroupId?: string }> } }) => {
      const groups = (command.input.Entries ?? []).map((e) => e.MessageGroupId ?? '');
      if (new Set(groups).size !== groups.length) violations.push(`repeated in one request: ${groups.join(',')}`);
      for (const g of groups) if (active.has(g)) violations.push(`in flight twice: ${g}`);
      for (const g of groups) active.add(g);
      await new Promise((resolve) => setTimeout(resolve, 2));
      try {
        return await send(command);
      } finally {
        for (const g of groups) active.delete(g);
      }
    },
  } as unknown as SqsQueueClientLike;
  return { client: watched, violations };
}

describe('sqsSink: order per message group on FIFO queues', () => {
  it('keeps every group in add order through retries with concurrency 4: one message per group per request, never a group in two requests', async () => {
    const landed: string[] = [];
    let n = 0;
    const answer = (entry: SentEntry): EntryAnswer => {
      // Deterministically fail about a third of the entries until late in the run.
      if (++n < 600 && n % 3 === 0) return internalError;
      landed.push(entry.body);
      return 'ok';
    };
    const fake = fakeClient(answer);
    const { client, violations } = watchGroups(fake.client);
    const fifo = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL }), maxBatchDelay: 1, concurrency: 4, retry: { baseDelay: 1, maxDelay: 4 } });
    const groups = 12;
    await Promise.all(Array.from({ length: 360 }, (_, i) => fifo.add({ body: `g${i % groups}:${i}`, messageGroupId: `g${i % groups}` })));
    expect(violations).toEqual([]);
    expect(landed).toHaveLength(360);
    for (let g = 0; g < groups; g++) {
      const seen = landed.filter((b) => b.startsWith(`g${g}:`)).map((b) => Number(b.split(':')[1]));
      expect(seen).toEqual(Array.from({ length: 30 }, (_, k) => g + k * groups));
    }
    expect(fake.calls.length).toBeGreaterThan(36); // failures really happened and were retried
    expect(Math.max(...fake.calls.map((c) => c.entries.length))).toBe(10); // and requests still fill up across groups
  });

  it('re-sends a failed message before any later message of its group, while other groups flow', async () => {
    const { client, calls } = fakeClient((entry, call) => (call === 1 && entry.body === 'a1' ? internalError : 'ok'));
    // a1's retry is due 50 ms after its failure: well after b2 is added, whatever the load.
    const fifo = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL }), maxBatchDelay: 0, concurrency: 2, retry: { baseDelay: 50, random: () => 1 } });
    const first = [fifo.add({ body: 'a1', messageGroupId: 'a' }), fifo.add({ body: 'b1', messageGroupId: 'b' })];
    await new Promise((resolve) => setImmediate(resolve));
    const later = [fifo.add({ body: 'a2', messageGroupId: 'a' }), fifo.add({ body: 'b2', messageGroupId: 'b' })];
    await Promise.all([...first, ...later]);
    expect(calls.map((c) => c.entries.map((e) => e.body))).toEqual([['a1', 'b1'], ['b2'], ['a1'], ['a2']]);
  });

  it('without strictOrdering puts several messages of a group in one request, where one failure reorders the group', async () => {
    const landed: string[] = [];
    const { client, calls } = fakeClient((entry, call) => {
      if (call === 1 && entry.body === 'a1') return internalError;
      landed.push(entry.body);
      return 'ok';
    });
    const fifo = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL, strictOrdering: false }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    await Promise.all(['a1', 'a2', 'a3'].map((body) => fifo.add({ body, messageGroupId: 'a' })));
    expect(calls.map((c) => c.entries.map((e) => e.body))).toEqual([['a1', 'a2', 'a3'], ['a1']]);
    expect(landed).toEqual(['a2', 'a3', 'a1']);
  });

  it('with the default strictOrdering the same failure cannot reorder the group', async () => {
    const landed: string[] = [];
    const { client, calls } = fakeClient((entry, call) => {
      if (call === 1 && entry.body === 'a1') return internalError;
      landed.push(entry.body);
      return 'ok';
    });
    const fifo = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    await Promise.all(['a1', 'a2', 'a3'].map((body) => fifo.add({ body, messageGroupId: 'a' })));
    expect(calls.map((c) => c.entries.map((e) => e.body))).toEqual([['a1'], ['a1'], ['a2'], ['a3']]);
    expect(landed).toEqual(['a1', 'a2', 'a3']);
  });

  it('keeps no order on standard queues: one group may fill a request', async () => {
    const { client, calls } = fakeClient();
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL.replace('.fifo', '') }), maxBatchDelay: 0 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => queue.add({ body: `${i}`, messageGroupId: 'tenant' })));
    expect(calls.map((c) => c.entries.length)).toEqual([10]);
  });
});

describe('sqsSink: FIFO retries stay within the deduplication interval', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('rejects a retry with DeduplicationWindowError once its first unknown-outcome send is older than deduplicationWindow, while batch-mates are sent', async () => {
    const reset = awsError('TimeoutError', undefined, { code: 'ECONNRESET' });
    const { client, calls } = fakeClient((_entry, call) => (call === 1 ? reset : call === 2 ? awsError('RequestThrottled', 403) : 'ok'));
    const sink = sqsSink({ client, queueUrl: FIFO_URL, deduplicationWindow: 500 });
    const fifo = new Batcher({ ...sink, maxBatchDelay: 200, retry: { baseDelay: 1000, random: () => 0.999 } });
    const a = fifo.add({ body: 'a', messageGroupId: 'g1' }).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(200); // sent, reset: retry due 999 ms later
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(800);
    const b = fifo.add({ body: 'b', messageGroupId: 'g2' });
    await jest.advanceTimersByTimeAsync(300); // the retry of `a` comes due and takes `b` along
    const error = (await a) as DeduplicationWindowError;
    expect(error).toBeInstanceOf(DeduplicationWindowError);
    expect(error).toMatchObject({ code: 'SQS_DEDUPLICATION_WINDOW_PASSED', window: 500 });
    expect(error.message).toBe(
      'Not re-sent: its first send with an unknown outcome is more than 500 ms old, past the `deduplicationWindow`; a retry could duplicate it',
    );
    // `b` was throttled in the request `a` was held back from, and was retried on its own.
    await jest.advanceTimersByTimeAsync(2000);
    await expect(b).resolves.toEqual({ messageId: 'm1', sequenceNumber: 's1' });
    expect(calls.map((c) => c.entries.map((e) => e.body))).toEqual([['a'], ['b'], ['b']]);
  });

  it('retries within the window with the same deduplication id', async () => {
    const reset = awsError('TimeoutError', undefined, { code: 'ECONNRESET' });
    const { client, calls } = fakeClient((_entry, call) => (call === 1 ? reset : 'ok'));
    const fifo = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL, deduplicationWindow: 500 }), maxBatchDelay: 0, retry: { baseDelay: 1000, random: () => 0.4 } });
    const a = fifo.add({ body: 'a', messageGroupId: 'g1' });
    await jest.advanceTimersByTimeAsync(500);
    await expect(a).resolves.toEqual({ messageId: 'm1', sequenceNumber: 's1' });
    expect(calls.map((c) => c.entries[0]?.dedupId)).toEqual([calls[0]?.entries[0]?.dedupId, calls[0]?.entries[0]?.dedupId]);
  });

  it('does not count a 4xx refusal (throttling) or a failed entry as an unknown outcome', async () => {
    const { client, calls } = fakeClient((_entry, call) => (call === 1 ? awsError('RequestThrottled', 403) : call === 2 ? internalError : 'ok'));
    const fifo = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL, deduplicationWindow: 0 }), maxBatchDelay: 0, retry: { baseDelay: 100, random: () => 0.5 } });
    const a = fifo.add({ body: 'a', messageGroupId: 'g1' });
    await jest.advanceTimersByTimeAsync(1000);
    await expect(a).resolves.toEqual({ messageId: 'm1', sequenceNumber: 's1' });
    expect(calls).toHaveLength(3);
  });

  it('counts a message missing from the response as an unknown outcome', async () => {
    const { client, calls } = fakeClient((_entry, call) => (call === 1 ? 'missing' : 'ok'));
    const fifo = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL, deduplicationWindow: 0 }), maxBatchDelay: 0, retry: { baseDelay: 100, random: () => 0.5 } });
    const a = fifo.add({ body: 'a', messageGroupId: 'g1' }).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await a).toBeInstanceOf(DeduplicationWindowError);
    expect(calls).toHaveLength(1);
  });
});
