import { runInNewContext } from 'node:vm';
import { Batcher, InvalidJobError, InvalidOptionError, JobFailedError, JobTooLargeError, RetriesExhaustedError } from '@batch/core';
import { UnserializablePayloadError } from '@batch/sink-common';
import {
  InvalidDeduplicationIdError,
  InvalidDelaySecondsError,
  InvalidMessageAttributeError,
  InvalidMessageBodyError,
  InvalidMessageGroupIdError,
  SqsEntryError,
  SqsResponseError,
  sqsSink,
} from '@batch/sink-sqs';
import type { SqsClientLike, SqsJob, SqsResult } from '@batch/sink-sqs';
import { expectTypeOf } from 'expect-type';
import { FIFO_URL, STANDARD_URL, awsError, fakeClient, internalError } from './fakeSqsClient.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('sqsSink: encoding and results', () => {
  it('sends strings verbatim and other values as JSON under ids 0..n-1, and resolves each job with its own message id', async () => {
    const { client, calls } = fakeClient(() => 'ok', { reverse: true });
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0 });
    const results = await Promise.all([
      queue.add({ body: 'héllo' }),
      queue.add({ body: { orderId: 7 } }),
      queue.add({ body: '{"already":"json"}' }),
      queue.add({ body: 42 }),
      queue.add({ body: { bell: '\u0007', lone: '\uD83D' } }),
    ]);
    expect(results).toEqual([{ messageId: 'm1' }, { messageId: 'm2' }, { messageId: 'm3' }, { messageId: 'm4' }, { messageId: 'm5' }]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.input.QueueUrl).toBe(STANDARD_URL);
    expect(calls[0]?.input.Entries).toEqual([
      { Id: '0', MessageBody: 'héllo' },
      { Id: '1', MessageBody: '{"orderId":7}' },
      { Id: '2', MessageBody: '{"already":"json"}' },
      { Id: '3', MessageBody: '42' },
      // JSON escapes what SQS would refuse, so serialized values are always valid bodies.
      { Id: '4', MessageBody: '{"bell":"\\u0007","lone":"\\ud83d"}' },
    ]);
  });

  it('sends group id, delay and attributes in SQS shape, attribute shorthands included', async () => {
    const { client, calls } = fakeClient();
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0 });
    const sig = new Uint8Array([1, 2, 3]);
    await queue.add({
      body: 'x',
      messageGroupId: 'tenant-1',
      delaySeconds: 900,
      messageAttributes: { kind: 'order', priority: 3, sig, custom: { DataType: 'Number.int', StringValue: '-12.50' } },
    });
    expect(calls[0]?.input.Entries).toEqual([
      {
        Id: '0',
        MessageBody: 'x',
        MessageGroupId: 'tenant-1',
        DelaySeconds: 900,
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'order' },
          priority: { DataType: 'Number', StringValue: '3' },
          sig: { DataType: 'Binary', BinaryValue: sig },
          custom: { DataType: 'Number.int', StringValue: '-12.50' },
        },
      },
    ]);
  });

  it('on FIFO queues generates a deduplication id at add(), keeps a given one, reuses both on retries and returns sequence numbers', async () => {
    const { client, calls } = fakeClient((_entry, call) => (call === 1 ? internalError : 'ok'));
    const fifo = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    const results = await Promise.all([fifo.add({ body: 'a', messageGroupId: 'g1' }), fifo.add({ body: 'b', messageGroupId: 'g2', messageDeduplicationId: 'order-7' })]);
    expect(results).toEqual([
      { messageId: 'm1', sequenceNumber: 's1' },
      { messageId: 'm2', sequenceNumber: 's2' },
    ]);
    expect(calls).toHaveLength(2);
    const [first, retry] = calls.map((c) => c.entries);
    expect(first?.[0]?.dedupId).toMatch(UUID);
    expect(first?.[1]?.dedupId).toBe('order-7');
    expect(retry?.map((e) => e.dedupId)).toEqual(first?.map((e) => e.dedupId));
    expect(retry?.map((e) => e.groupId)).toEqual(['g1', 'g2']);
  });

  it('generates no deduplication id for a queue with content-based deduplication, and distinct ones otherwise', async () => {
    const { client, calls } = fakeClient();
    const cbd = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL, contentBasedDeduplication: true }), maxBatchDelay: 0 });
    await cbd.add({ body: 'a', messageGroupId: 'g' });
    expect(calls[0]?.input.Entries?.[0]).toEqual({ Id: '0', MessageBody: 'a', MessageGroupId: 'g' });
    const plain = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL }), maxBatchDelay: 0, maxBatchSize: 10 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => plain.add({ body: 'same', messageGroupId: `g${i}` })));
    expect(new Set(calls.slice(1).flatMap((c) => c.entries.map((e) => e.dedupId))).size).toBe(100);
  });

  it('tolerates responses without `Successful` or without `Failed`', async () => {
    const { client } = fakeClient((entry) => (entry.body === 'bad' ? { failed: { Code: 'InvalidMessageContents', SenderFault: true } } : 'ok'), { omitEmpty: true });
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0 });
    await expect(queue.add({ body: 'good' })).resolves.toEqual({ messageId: 'm1' });
    await expect(queue.add({ body: 'bad' })).rejects.toBeInstanceOf(SqsEntryError);
  });

  it('types add() as resolving to SqsResult', () => {
    const { client } = fakeClient();
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }) });
    expectTypeOf(queue).toEqualTypeOf<Batcher<SqsJob, SqsResult>>();
    expectTypeOf(queue.add).returns.toEqualTypeOf<Promise<SqsResult>>();
  });
});

describe('sqsSink: limits enforced at add()', () => {
  it('rejects a message whose body + attributes exceed maxMessageSize in UTF-8 bytes, while its batch-mates land', async () => {
    const { client, calls } = fakeClient();
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL, maxMessageSize: 1024 }), maxBatchDelay: 0 });
    // 1000 + 'k' (1) + 'String' (6) + '€€€€€€' (18) = 1025 bytes; with five euros, 1022.
    const attributes = (n: number) => ({ k: '€'.repeat(n) });
    const ok = queue.add({ body: 'x'.repeat(1000), messageAttributes: attributes(5) });
    const binaryOk = queue.add({ body: '€'.repeat(300), messageAttributes: { b: new Uint8Array(1024 - 900 - 1 - 6) } });
    const tooBig = queue.add({ body: 'x'.repeat(1000), messageAttributes: attributes(6) });
    const error = (await tooBig.catch((e: unknown) => e)) as JobTooLargeError;
    expect(error).toBeInstanceOf(JobTooLargeError);
    expect(error).toMatchObject({ code: 'JOB_TOO_LARGE', limit: 'maxMessageSize', size: 1025, max: 1024 });
    expect(error.message).toBe('Job of 1025 bytes exceeds `maxMessageSize` of 1024 bytes (message body + attributes)');
    await expect(ok).resolves.toEqual({ messageId: 'm1' });
    await expect(binaryOk).resolves.toEqual({ messageId: 'm2' });
    expect(calls.flatMap((c) => c.entries.map((e) => e.body.length))).toEqual([1000, 300]);
  });

  const standardCases: Array<[string, SqsJob, new (...args: never[]) => Error, string]> = [
    ['a missing body', {} as SqsJob, InvalidMessageBodyError, 'Invalid message body: a message needs a `body`'],
    ['an empty body', { body: '' }, InvalidMessageBodyError, 'Invalid message body: SQS does not accept an empty body'],
    ['a bytes body', { body: new Uint8Array([1]) }, InvalidMessageBodyError, 'Invalid message body: SQS bodies are text; encode bytes (e.g. as base64) first'],
    // JSON would turn these into `{}` and `{"0":1}` without a word.
    ['an ArrayBuffer body', { body: new ArrayBuffer(1) }, InvalidMessageBodyError, 'Invalid message body: SQS bodies are text; encode bytes (e.g. as base64) first'],
    ['a bytes body from another realm', { body: runInNewContext('new Uint8Array([1])') as unknown }, InvalidMessageBodyError, 'Invalid message body: SQS bodies are text; encode bytes (e.g. as base64) first'],
    ['a NUL character', { body: 'ab\u0000' }, InvalidMessageBodyError, 'Invalid message body: character U+0000 at index 2 is not allowed by SQS'],
    // Long ASCII bodies take the four-bytes-at-a-time check.
    ['a control character in a long body', { body: `${'x'.repeat(5000)}\u0007y` }, InvalidMessageBodyError, 'Invalid message body: character U+0007 at index 5000 is not allowed by SQS'],
    ['a non-ASCII lone surrogate in a long body', { body: `${'x'.repeat(5000)}\uD800y` }, InvalidMessageBodyError, 'Invalid message body: character U+D800 at index 5000 is not allowed by SQS'],
    ['a lone surrogate', { body: 'a\uD83D' }, InvalidMessageBodyError, 'Invalid message body: character U+D83D at index 1 is not allowed by SQS'],
    ['U+FFFE', { body: '\uFFFE' }, InvalidMessageBodyError, 'Invalid message body: character U+FFFE at index 0 is not allowed by SQS'],
    ['an unserializable body', { body: 10n }, UnserializablePayloadError, 'Payload cannot be serialized: TypeError'],
    ['delaySeconds 901', { body: 'x', delaySeconds: 901 }, InvalidDelaySecondsError, 'Invalid delaySeconds: expected an integer from 0 to 900, got 901'],
    ['delaySeconds -1', { body: 'x', delaySeconds: -1 }, InvalidDelaySecondsError, 'Invalid delaySeconds: expected an integer from 0 to 900, got -1'],
    ['delaySeconds 1.5', { body: 'x', delaySeconds: 1.5 }, InvalidDelaySecondsError, 'Invalid delaySeconds: expected an integer from 0 to 900, got 1.5'],
    ['a string delaySeconds', { body: 'x', delaySeconds: '5' as unknown as number }, InvalidDelaySecondsError, 'Invalid delaySeconds: expected a number, got string'],
    ['a deduplication id', { body: 'x', messageDeduplicationId: 'd' }, InvalidDeduplicationIdError, 'Invalid deduplication id: only FIFO queues take a deduplication id'],
    ['a 129-character group id', { body: 'x', messageGroupId: 'g'.repeat(129) }, InvalidMessageGroupIdError, 'Invalid message group id: expected 1 to 128 ASCII letters, digits or punctuation'],
    ['an empty group id', { body: 'x', messageGroupId: '' }, InvalidMessageGroupIdError, 'Invalid message group id: expected 1 to 128 ASCII letters, digits or punctuation'],
    ['a group id with a space', { body: 'x', messageGroupId: 'a b' }, InvalidMessageGroupIdError, 'Invalid message group id: expected 1 to 128 ASCII letters, digits or punctuation'],
    ['a numeric group id', { body: 'x', messageGroupId: 7 as unknown as string }, InvalidMessageGroupIdError, 'Invalid message group id: expected a string, got number'],
    ['a bad attribute', { body: 'x', messageAttributes: { 'AWS.trace': 'v' } }, InvalidMessageAttributeError, 'Invalid message attribute: names starting with `AWS.` or `Amazon.` are reserved'],
    ['a job that is not an object', null as unknown as SqsJob, InvalidJobError, 'An SQS job must be an object with `body`'],
  ];
  it.each(standardCases)('rejects %s on a standard queue with a typed error and never sends it', async (_name, job, type, message) => {
    const { client, calls } = fakeClient();
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0 });
    const good = queue.add({ body: 'fine' });
    const bad = queue.add(job);
    await expect(bad).rejects.toBeInstanceOf(type);
    await expect(bad).rejects.toThrow(message);
    await good;
    expect(calls.flatMap((c) => c.entries.map((e) => e.body))).toEqual(['fine']);
  });

  it('accepts long non-ASCII bodies whose characters are all allowed', async () => {
    const { client, calls } = fakeClient();
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0 });
    // U+0100 and U+2000 have low bytes that are control characters in Latin-1; they are valid SQS characters.
    const body = `${'x'.repeat(5000)}\u0100\u2000é😀`;
    await queue.add({ body });
    expect(calls.flatMap((c) => c.entries.map((e) => e.body))).toEqual([body]);
  });

  const fifoCases: Array<[string, SqsJob, new (...args: never[]) => Error, string]> = [
    ['a missing group id', { body: 'x' }, InvalidMessageGroupIdError, 'Invalid message group id: a FIFO queue needs a `messageGroupId` on every message'],
    ['a per-message delay', { body: 'x', messageGroupId: 'g', delaySeconds: 0 }, InvalidDelaySecondsError, 'Invalid delaySeconds: FIFO queues take no per-message delay (set `DelaySeconds` on the queue)'],
    ['a deduplication id with a space', { body: 'x', messageGroupId: 'g', messageDeduplicationId: 'a b' }, InvalidDeduplicationIdError, 'Invalid deduplication id: expected 1 to 128 ASCII letters, digits or punctuation'],
    ['a 129-character deduplication id', { body: 'x', messageGroupId: 'g', messageDeduplicationId: 'd'.repeat(129) }, InvalidDeduplicationIdError, 'Invalid deduplication id: expected 1 to 128'],
    ['a non-string deduplication id', { body: 'x', messageGroupId: 'g', messageDeduplicationId: 1 as unknown as string }, InvalidDeduplicationIdError, 'Invalid deduplication id: expected a string, got number'],
  ];
  it.each(fifoCases)('rejects %s on a FIFO queue with a typed error and never sends it', async (_name, job, type, message) => {
    const { client, calls } = fakeClient();
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL }), maxBatchDelay: 0 });
    const good = queue.add({ body: 'fine', messageGroupId: 'g' });
    const bad = queue.add(job);
    await expect(bad).rejects.toBeInstanceOf(type);
    await expect(bad).rejects.toThrow(message);
    await good;
    expect(calls.flatMap((c) => c.entries.map((e) => e.body))).toEqual(['fine']);
  });

  it('accepts the edges: 128 punctuation characters of group and deduplication id, tabs, newlines and astral characters, delay 0', async () => {
    const { client, calls } = fakeClient();
    const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
    const id = (punctuation + 'aZ09').repeat(4).slice(0, 128);
    const fifo = new Batcher({ ...sqsSink({ client, queueUrl: FIFO_URL }), maxBatchDelay: 0 });
    await fifo.add({ body: '\t\n\r 😀 \uD7FF\uE000\uFFFD', messageGroupId: id, messageDeduplicationId: id });
    const standard = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0 });
    await standard.add({ body: 'x', delaySeconds: 0 });
    expect(calls.map((c) => c.input.Entries?.[0])).toEqual([
      { Id: '0', MessageBody: '\t\n\r 😀 \uD7FF\uE000\uFFFD', MessageGroupId: id, MessageDeduplicationId: id },
      { Id: '0', MessageBody: 'x', DelaySeconds: 0 },
    ]);
  });

  it('packs requests by bytes: never over maxRequestBytes nor 10 entries', async () => {
    const { client, calls } = fakeClient();
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL, maxMessageSize: 1024, maxRequestBytes: 2500 }), maxBatchDelay: 0 });
    // 341 three-byte characters: 1023 bytes (but 341 UTF-16 units), so two per request.
    await Promise.all(Array.from({ length: 6 }, () => queue.add({ body: '€'.repeat(341) })));
    expect(calls.map((c) => c.entries.length)).toEqual([2, 2, 2]);
    calls.length = 0;
    const small = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0 });
    await Promise.all(Array.from({ length: 25 }, (_, i) => small.add({ body: `${i}` })));
    expect(calls.map((c) => c.entries.map((e) => e.id))).toEqual([
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      ['0', '1', '2', '3', '4'],
    ]);
  });

  it('refuses batcher options beyond SendMessageBatch limits at construction', () => {
    const { client } = fakeClient();
    expect(() => new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchSize: 11 })).toThrow(
      'Expected `maxBatchSize` to be an integer between 1 and 10, got `11`',
    );
    expect(() => new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchBytes: 2 * 1024 * 1024 })).toThrow(InvalidOptionError);
  });
});

describe('sqsSink: failures', () => {
  it('retries only the entries failed with SenderFault false, and maps each result back to its own job', async () => {
    const { client, calls } = fakeClient((entry, call) => (call === 1 && entry.body.endsWith('1') ? internalError : 'ok'), { reverse: true });
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    const results = await Promise.all(['r0', 'r1', 'r2', 'r11'].map((body) => queue.add({ body })));
    expect(calls.map((c) => c.entries.map((e) => `${e.id}:${e.body}`))).toEqual([
      ['0:r0', '1:r1', '2:r2', '3:r11'],
      ['0:r1', '1:r11'],
    ]);
    // Ids are numbered in the order the fake accepted them: r0, r2, then the retried r1, r11.
    expect(results.map((r) => r.messageId)).toEqual(['m1', 'm3', 'm2', 'm4']);
  });

  it('rejects an entry failed with SenderFault true at once, with the AWS code and message, and never retries it', async () => {
    const { client, calls } = fakeClient((entry) =>
      entry.body === 'bad' ? { failed: { Code: 'InvalidMessageContents', SenderFault: true, Message: 'Invalid characters found.' } } : 'ok',
    );
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    const good = queue.add({ body: 'good' });
    const error = (await queue.add({ body: 'bad' }).catch((e: unknown) => e)) as SqsEntryError;
    await expect(good).resolves.toEqual({ messageId: 'm1' });
    expect(error).toBeInstanceOf(SqsEntryError);
    expect(error).toMatchObject({ code: 'SQS_ENTRY_FAILED', errorCode: 'InvalidMessageContents', awsMessage: 'Invalid characters found.', senderFault: true });
    expect(error.message).toBe('SQS rejected the message: InvalidMessageContents (sender fault)');
    expect(calls).toHaveLength(1);
  });

  it('does not retry a failed entry whose SenderFault is missing', async () => {
    const { client, calls } = fakeClient(() => ({ failed: { Code: 'Odd' } }));
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    await expect(queue.add({ body: 'x' })).rejects.toMatchObject({ errorCode: 'Odd', senderFault: undefined });
    expect(calls).toHaveLength(1);
  });

  it('rejects with RetriesExhaustedError carrying the last SqsEntryError when failures persist', async () => {
    const { client, calls } = fakeClient(() => internalError);
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0, retry: { maxAttempts: 3, baseDelay: 1 } });
    const error = (await queue.add({ body: 'x' }).catch((e: unknown) => e)) as RetriesExhaustedError;
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error.attempts).toBe(3);
    expect(error.cause).toBeInstanceOf(SqsEntryError);
    expect(error.cause).toMatchObject({ errorCode: 'InternalError', senderFault: false });
    expect(calls).toHaveLength(3);
  });

  it('retries request-level RequestThrottled, KmsThrottled, 5xx, timeouts and resets', async () => {
    const failures = [
      awsError('RequestThrottled', 403),
      awsError('KmsThrottled', 400),
      awsError('InternalError', 500),
      awsError('ServiceUnavailable', 503),
      awsError('TimeoutError', undefined, { code: 'ETIMEDOUT' }),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    const { client, calls } = fakeClient((_entry, call) => failures[call - 1] ?? 'ok');
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    await expect(queue.add({ body: 'x' })).resolves.toEqual({ messageId: 'm1' });
    expect(calls).toHaveLength(7);
  });

  it.each([
    ['BatchRequestTooLong', 400],
    ['InvalidBatchEntryId', 400],
    ['QueueDoesNotExist', 400],
    ['AccessDenied', 403],
    ['KmsAccessDenied', 400],
    ['InvalidParameterValue', 400],
  ])('rejects at once on %s, with the AWS error as cause', async (name, status) => {
    const failure = awsError(name, status);
    const { client, calls } = fakeClient(() => failure);
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0 });
    const error = (await queue.add({ body: 'x' }).catch((e: unknown) => e)) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.cause).toBe(failure);
    expect(error.message).toBe(`Job failed on attempt 1: ${name}`);
    expect(calls).toHaveLength(1);
  });

  it('re-sends a message missing from the response, and ignores result ids it never sent', async () => {
    const { client, calls } = fakeClient((entry, call) => (call === 1 && entry.body === 'lost' ? 'missing' : 'ok'));
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    const results = await Promise.all([queue.add({ body: 'kept' }), queue.add({ body: 'lost' })]);
    expect(results).toEqual([{ messageId: 'm1' }, { messageId: 'm2' }]);
    expect(calls.map((c) => c.entries.map((e) => e.body))).toEqual([['kept', 'lost'], ['lost']]);

    const stranger = {
      send: async () => ({ Successful: [{ Id: '1', MessageId: 'x' }, { Id: '01', MessageId: 'y' }, { Id: 'a', MessageId: 'z' }], $metadata: {} }),
    } as unknown as SqsClientLike;
    const odd = new Batcher({ ...sqsSink({ client: stranger, queueUrl: STANDARD_URL }), maxBatchDelay: 0, retry: { maxAttempts: 2, baseDelay: 1 } });
    const error = (await odd.add({ body: 'x' }).catch((e: unknown) => e)) as RetriesExhaustedError;
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error.cause).toBeInstanceOf(SqsResponseError);
    expect(error.cause).toMatchObject({ code: 'SQS_BAD_RESPONSE', message: 'Malformed SendMessageBatch response: no result for the message' });
  });

  it('rejects, without re-sending, an accepted entry that has no MessageId', async () => {
    const { client, calls } = fakeClient(() => ({ result: { MD5OfMessageBody: 'x' } }));
    const queue = new Batcher({ ...sqsSink({ client, queueUrl: STANDARD_URL }), maxBatchDelay: 0, retry: { baseDelay: 1 } });
    await expect(queue.add({ body: 'x' })).rejects.toThrow('Malformed SendMessageBatch response: a successful entry without a MessageId');
    expect(calls).toHaveLength(1);
  });
});
