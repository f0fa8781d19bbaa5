import type { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { Batcher, InvalidJobError, JobFailedError, JobTooLargeError, RetriesExhaustedError } from '@batch/core';
import {
  DynamoDbResponseError,
  InvalidItemError,
  InvalidKeyError,
  UnprocessedItemError,
  WriteRejectedError,
  dynamoDbSink,
  itemSize,
} from '@batch/sink-dynamodb';
import type { DynamoDbJob, DynamoDbSinkOptions } from '@batch/sink-dynamodb';
import { capturingClient } from './capturingClient.js';
import { awsError, fakeClient } from './fakeClient.js';
import type { FakeOptions } from './fakeClient.js';

/** A batcher over a fake client; `[batcher, fake]`. */
function setup(fakeOptions: FakeOptions = {}, sinkOptions: Partial<DynamoDbSinkOptions> = {}, batcherOptions: { concurrency?: number; maxAttempts?: number; maxBatchDelay?: number } = {}) {
  const fake = fakeClient(fakeOptions);
  const sink = dynamoDbSink({ client: fake.client, tableName: 'orders', keyAttributes: fakeOptions.keys ?? ['pk'], ...sinkOptions });
  const batcher = new Batcher({
    ...sink,
    maxBatchDelay: batcherOptions.maxBatchDelay ?? 0,
    concurrency: batcherOptions.concurrency ?? 1,
    retry: { baseDelay: 1, maxDelay: 4, maxAttempts: batcherOptions.maxAttempts ?? 10 },
  });
  return [batcher, fake] as const;
}

const put = (pk: string, extra: Record<string, unknown> = {}): DynamoDbJob => ({ put: { pk, ...extra } });

describe('dynamoDbSink: encoding and results', () => {
  it('marshals plain values and sends puts and deletes for the table, resolving each job with its own result', async () => {
    const [batcher, fake] = setup();
    const results = await Promise.all([
      batcher.add({ put: { pk: 'order#1', total: 12.5, items: ['a', 'b'] } }),
      batcher.add({ delete: { pk: 'order#0' } }),
    ]);
    expect(results).toEqual([
      { status: 'written', attempts: 1 },
      { status: 'written', attempts: 1 },
    ]);
    expect(fake.inputs).toEqual([
      {
        RequestItems: {
          orders: [
            { PutRequest: { Item: { pk: { S: 'order#1' }, total: { N: '12.5' }, items: { L: [{ S: 'a' }, { S: 'b' }] } } } },
            { DeleteRequest: { Key: { pk: { S: 'order#0' } } } },
          ],
        },
      },
    ]);
  });

  it('passes marshallOptions through to the marshaller', async () => {
    class Money {
      constructor(readonly cents: number) {}
      // A method is not an attribute (not an own enumerable property): the item is not refused for it.
      format(): string {
        return `${this.cents / 100}`;
      }
    }
    const [batcher, fake] = setup({}, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true, convertEmptyValues: true } });
    // An old-style class: its method is an enumerable property of the prototype, still not an attribute.
    function Legacy(this: { id: number }): void {
      this.id = 7;
    }
    (Legacy.prototype as { describe?: () => string }).describe = () => 'legacy';
    const legacy = new (Legacy as unknown as new () => { id: number })();
    await batcher.add({
      put: { pk: 'a', gone: undefined, price: new Money(5), empty: '', tags: new Set(['x', undefined, 'y', new String('z')]), ns: new Set([1, 2n]), legacy },
    });
    expect(fake.inputs[0]?.RequestItems?.orders?.[0]).toEqual({
      PutRequest: {
        Item: {
          pk: { S: 'a' },
          price: { M: { cents: { N: '5' } } },
          empty: { NULL: true },
          tags: { SS: ['x', 'y', 'z'] },
          ns: { NS: ['1', '2'] },
          legacy: { M: { id: { N: '7' } } },
        },
      },
    });
  });

  it('sends only the key attributes of a delete given a whole item', async () => {
    const [batcher, fake] = setup({ keys: ['pk', 'sk'] });
    await batcher.add({ delete: { pk: 'a', sk: 2, name: 'whole item', tags: new Set(['x']) } });
    expect(fake.inputs[0]?.RequestItems?.orders).toEqual([{ DeleteRequest: { Key: { pk: { S: 'a' }, sk: { N: '2' } } } }]);
  });

  it('sends AttributeValue maps as they are with `marshalled: true`, and refuses malformed ones', async () => {
    const [batcher, fake] = setup({}, { marshalled: true });
    const item = { pk: { S: 'a' }, n: { N: '1.50' }, m: { M: { S: { S: 'not a type tag here' } } } };
    await batcher.add({ put: item });
    expect(fake.inputs[0]?.RequestItems?.orders?.[0]?.PutRequest?.Item).toBe(item);
    await expect(batcher.add({ put: { pk: 'plain string' } })).rejects.toThrow(new InvalidItemError('expected an AttributeValue object'));
    await expect(batcher.add({ put: { pk: { S: 'a' }, n: { N: 'NaN' } } })).rejects.toBeInstanceOf(InvalidItemError);
  });

  it('sends ArrayBuffer and typed-array binaries as their bytes', async () => {
    const [batcher, fake] = setup();
    await batcher.add({ put: { pk: 'a', raw: new Uint8Array([1, 2]).buffer, view: new Uint16Array([0x0403]) } });
    expect(fake.calls[0]?.[0]?.item).toEqual({ pk: 'a', raw: new Uint8Array([1, 2]), view: new Uint8Array([3, 4]) });
  });

  it('counts each request byte for byte as the real SDK serializes it', async () => {
    const { client, bodies } = capturingClient();
    const sink = dynamoDbSink({ client, tableName: 'orders', keyAttributes: ['pk'] });
    const jobs: DynamoDbJob[] = [put('a', { s: 'é"\n', n: 1.5 }), { delete: { pk: 'b', x: 1 } }, put('c', { b: new Uint8Array(5), l: [true, null] })];
    const sizes = jobs.map((job) => sink.sizeOf(sink.prepare(job)));
    const batcher = new Batcher({ ...sink, maxBatchDelay: 0 });
    await Promise.all(jobs.map((job) => batcher.add(job)));
    expect(bodies).toHaveLength(1);
    const envelope = '{"RequestItems":{"orders":[]}}'.length;
    // Each job counts its comma; the delete is counted whole (an upper bound before the key is known).
    const deleteExtra = ',"x":{"N":"1"}'.length;
    expect(Buffer.byteLength(bodies[0] as string)).toBe(sizes.reduce((a, b) => a + b, 0) - 1 + envelope - deleteExtra);
  });
});

describe('dynamoDbSink: limits enforced at add()', () => {
  class Opaque {
    readonly x = 1;
  }
  const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { m: nested(depth - 1) });
  const cyclic = (): Record<string, unknown> => {
    const item: Record<string, unknown> = { pk: 'k' };
    item.self = item;
    return item;
  };

  it.each<[string, DynamoDbJob, new (...args: never[]) => Error, string]>([
    ['a missing key attribute', { put: { name: 'x' } }, InvalidKeyError, 'Invalid key attribute `pk`: missing'],
    ['an empty-string key', put(''), InvalidKeyError, 'Invalid key attribute `pk`: an empty string'],
    ['an empty binary key', { put: { pk: new Uint8Array(0) } }, InvalidKeyError, 'Invalid key attribute `pk`: an empty binary value'],
    ['a map as key', { put: { pk: { a: 1 } } }, InvalidKeyError, 'Invalid key attribute `pk`: expected a string, number or binary value, got M'],
    ['a partition key of 2049 bytes', put('é'.repeat(1024) + 'x'), InvalidKeyError, 'Invalid key attribute `pk`: 2049 bytes; DynamoDB allows at most 2048 for a partition key'],
    ['a delete without its key', { delete: { other: 1 } }, InvalidKeyError, 'Invalid key attribute `pk`: missing'],
    ['an undefined value', put('k', { v: undefined }), InvalidItemError, 'Invalid DynamoDB item: an attribute is `undefined`'],
    ['NaN', put('k', { v: NaN }), InvalidItemError, 'Invalid DynamoDB item: a number is NaN or infinite'],
    ['an unsafe integer', put('k', { v: 2 ** 60 }), InvalidItemError, 'Invalid DynamoDB item: a number is beyond Number.MAX_SAFE_INTEGER'],
    ['a class instance', put('k', { v: new Opaque() }), InvalidItemError, 'Invalid DynamoDB item: a value has an unsupported type'],
    ['a symbol', put('k', { v: Symbol('s') }), InvalidItemError, 'Invalid DynamoDB item: the marshaller refused a value (TypeError)'],
    // The marshaller drops these without a word; the item would be written without them.
    ['a function attribute', put('k', { v: () => 1 }), InvalidItemError, 'Invalid DynamoDB item: an attribute or list element is a function'],
    ['a function in a list', put('k', { v: [1, () => 1] }), InvalidItemError, 'Invalid DynamoDB item: an attribute or list element is a function'],
    ['a function deep in a map', put('k', { v: { w: [{ x: () => 1 }] } }), InvalidItemError, 'Invalid DynamoDB item: an attribute or list element is a function'],
    ['a function in a Map', put('k', { v: new Map([['f', () => 1]]) }), InvalidItemError, 'Invalid DynamoDB item: an attribute or list element is a function'],
    // The marshaller turns a set's elements into the first one's kind: "5", the function's source, "[object Object]".
    ['a set of a string and a number', put('k', { v: new Set(['a', 5]) }), InvalidItemError, 'Invalid DynamoDB item: a set holds elements of different types'],
    ['a set of a string and a function', put('k', { v: new Set(['a', () => 1]) }), InvalidItemError, 'Invalid DynamoDB item: a set holds elements of different types'],
    ['a set of a string and an object', put('k', { v: { w: new Set(['a', { b: 1 }]) } }), InvalidItemError, 'Invalid DynamoDB item: a set holds elements of different types'],
    ['an empty set', put('k', { v: new Set() }), InvalidItemError, 'Invalid DynamoDB item: a set is empty'],
    ['a cycle', { put: cyclic() }, InvalidItemError, 'Invalid DynamoDB item: the value is cyclic or nested too deeply to marshal'],
    ['a number DynamoDB cannot store', put('k', { v: 1e-200 }), InvalidItemError, 'Invalid DynamoDB item: a number is not decimal notation, has more than 38 significant digits'],
    ['39 significant digits', put('k', { v: 123456789012345678901234567890123456789n }), InvalidItemError, 'more than 38 significant digits'],
    ['nesting 33 levels deep', put('k', { v: nested(33) }), InvalidItemError, 'Invalid DynamoDB item: lists and maps are nested deeper than 32 levels'],
    ['an empty attribute name', put('k', { '': 1 }), InvalidItemError, 'Invalid DynamoDB item: an attribute name is empty'],
    ['an item that is not an object', { put: 'k' as never }, InvalidItemError, 'Invalid DynamoDB item: expected an object of attribute names to values'],
    ['a job with neither put nor delete', {} as DynamoDbJob, InvalidJobError, 'A DynamoDB job must have exactly one of `put` and `delete`'],
    ['a job with both put and delete', { put: { pk: 'a' }, delete: { pk: 'a' } } as never, InvalidJobError, 'A DynamoDB job must have exactly one of `put` and `delete`'],
    ['a job that is not an object', null as never, InvalidJobError, 'A DynamoDB job must be `{ put: item }` or `{ delete: key }`'],
  ])('rejects %s at add() with a typed error, never sent, while its batch-mates land', async (_name, job, type, message) => {
    const [batcher, fake] = setup();
    const good = [batcher.add(put('good-1')), batcher.add(put('good-2'))];
    const bad = batcher.add(job);
    await expect(bad).rejects.toBeInstanceOf(type);
    await expect(bad).rejects.toThrow(message);
    await Promise.all(good);
    expect(fake.calls.map((call) => call.map((write) => write.item.pk))).toEqual([['good-1', 'good-2']]);
  });

  it('checks key types when keyAttributes give them, and the sort key limit of 1024 bytes', async () => {
    const [batcher] = setup({ keys: ['pk', 'sk'] }, { keyAttributes: [{ name: 'pk', type: 'S' }, 'sk'] });
    await expect(batcher.add({ put: { pk: 5, sk: 'a' } })).rejects.toThrow(new InvalidKeyError('pk', 'expected type S, got N'));
    await expect(batcher.add({ put: { pk: 'a', sk: 'x'.repeat(1025) } })).rejects.toThrow(
      'Invalid key attribute `sk`: 1025 bytes; DynamoDB allows at most 1024 for a sort key',
    );
    await expect(batcher.add({ put: { pk: 'a', sk: 'x'.repeat(1024) } })).resolves.toEqual({ status: 'written', attempts: 1 });
    await expect(batcher.add({ put: { pk: 'é'.repeat(1024), sk: 7 } })).resolves.toEqual({ status: 'written', attempts: 1 });
  });

  it('rejects a put above maxItemSize with JobTooLargeError, by AWS item-size rules', async () => {
    const [batcher, fake] = setup();
    // pk: 2 + 1; body: 4 + n
    const exact = put('a', { body: 'x'.repeat(409_600 - 3 - 4) });
    expect(itemSize({ pk: { S: 'a' }, body: { S: 'x'.repeat(409_600 - 7) } })).toBe(409_600);
    await expect(batcher.add(exact)).resolves.toEqual({ status: 'written', attempts: 1 });
    const error = (await batcher.add(put('b', { body: 'é' + 'x'.repeat(409_600 - 8) })).catch((e: unknown) => e)) as JobTooLargeError;
    expect(error).toBeInstanceOf(JobTooLargeError);
    expect(error).toMatchObject({ code: 'JOB_TOO_LARGE', limit: 'maxItemSize', size: 409_601, max: 409_600 });
    expect(error.message).toBe('Job of 409601 bytes exceeds `maxItemSize` of 409600 bytes (attribute names + values, by AWS item-size rules)');
    expect(fake.calls).toHaveLength(1);
  });

  it('applies a smaller maxItemSize, and never to deletes', async () => {
    const [batcher] = setup({}, { maxItemSize: 100 });
    await expect(batcher.add(put('a', { s: 'x'.repeat(200) }))).rejects.toMatchObject({ limit: 'maxItemSize', size: 204, max: 100 });
    await expect(batcher.add({ delete: { pk: 'a', s: 'x'.repeat(200) } })).resolves.toEqual({ status: 'written', attempts: 1 });
  });

  it('sends at most 25 writes per request', async () => {
    const [batcher, fake] = setup();
    await Promise.all(Array.from({ length: 60 }, (_, i) => batcher.add(put(`k${i}`))));
    expect(fake.calls.map((call) => call.length)).toEqual([25, 25, 10]);
  });

  it('packs requests by their JSON bytes: never over maxRequestBytes', async () => {
    const [batcher, fake] = setup({}, { maxItemSize: 2000, maxRequestBytes: 5000 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.add(put(`k${i}`, { s: '\u0001'.repeat(300) }))));
    // Each put is 1,825 bytes of JSON (a control character takes 6): two per 5,000-byte request.
    expect(fake.calls.map((call) => call.length)).toEqual([2, 2, 2, 2, 2]);
    for (const input of fake.inputs) expect(Buffer.byteLength(JSON.stringify(input))).toBeLessThanOrEqual(5000);
  });

  it('refuses batcher options beyond BatchWriteItem limits at construction', () => {
    const { client } = fakeClient();
    const sink = dynamoDbSink({ client, tableName: 'orders', keyAttributes: ['pk'] });
    expect(() => new Batcher({ ...sink, maxBatchSize: 26 })).toThrow('Expected `maxBatchSize` to be an integer between 1 and 25, got `26`');
    // 16 MB less the request's envelope: {"RequestItems":{"orders":[…]}}
    expect(() => new Batcher({ ...sink, maxBatchBytes: 17 * 1024 * 1024 })).toThrow('Expected `maxBatchBytes` to be a number between 1 and 16777187 (or Infinity), got `17825792`');
  });
});

describe('dynamoDbSink: failures', () => {
  it('retries only the unprocessed writes, mapped back to their own jobs', async () => {
    const [batcher, fake] = setup({ answer: (_writes, call) => (call === 1 ? { unprocessed: [1, 3] } : undefined) });
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((pk) => batcher.add(put(pk))));
    expect(fake.calls.map((call) => call.map((write) => write.item.pk))).toEqual([['a', 'b', 'c', 'd'], ['b', 'd']]);
    expect(results.map((result) => result.attempts)).toEqual([1, 2, 1, 2]);
  });

  it('maps unprocessed writes back by number and binary keys, whatever form DynamoDB echoes them in', async () => {
    const echo = fakeClient({ keys: ['id', 'bin'], answer: (_writes, call) => (call === 1 ? { unprocessed: [0, 2] } : undefined) });
    // DynamoDB answers with its own copies: the sink must match them by value, not identity.
    const send = echo.client.send.bind(echo.client) as (command: BatchWriteItemCommand) => Promise<{ UnprocessedItems?: Record<string, unknown[]> }>;
    const client = {
      send: async (command: BatchWriteItemCommand) => {
        const output = await send(command);
        const copy = structuredClone(output.UnprocessedItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: Record<string, { N?: string }> } }>>;
        for (const request of Object.values(copy).flat()) {
          const id = request.PutRequest?.Item.id;
          if (id?.N !== undefined) id.N = `${id.N}.000`;
        }
        return { ...output, UnprocessedItems: copy };
      },
    };
    const sink = dynamoDbSink({ client: client as never, tableName: 'orders', keyAttributes: [{ name: 'id', type: 'N' }, { name: 'bin', type: 'B' }] });
    const batcher = new Batcher({ ...sink, maxBatchDelay: 0, retry: { baseDelay: 1 } });
    const jobs = [1, 2, 3].map((id) => batcher.add({ put: { id, bin: new Uint8Array([id, 0]) } }));
    await expect(Promise.all(jobs)).resolves.toEqual([
      { status: 'written', attempts: 2 },
      { status: 'written', attempts: 1 },
      { status: 'written', attempts: 2 },
    ]);
    expect(echo.calls.map((call) => call.map((write) => write.item.id))).toEqual([[1, 2, 3], [1, 3]]);
  });

  it('rejects with RetriesExhaustedError carrying UnprocessedItemError when a write stays unprocessed', async () => {
    const [batcher] = setup({ answer: () => ({ unprocessed: [0] }) }, {}, { maxAttempts: 3 });
    const error = (await batcher.add(put('a')).catch((e: unknown) => e)) as RetriesExhaustedError;
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error.attempts).toBe(3);
    expect(error.cause).toBeInstanceOf(UnprocessedItemError);
    expect(error.cause).toMatchObject({ code: 'DYNAMODB_UNPROCESSED' });
  });

  it('retries request-level throttles, 5xx, timeouts and resets', async () => {
    const failures = [
      awsError('ProvisionedThroughputExceededException', 400),
      awsError('ThrottlingException', 400),
      awsError('RequestLimitExceeded', 400),
      awsError('InternalServerError', 500),
      awsError('ServiceUnavailable', 503),
      Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }),
      Object.assign(new Error('read ETIMEDOUT'), { code: 'ETIMEDOUT' }),
    ];
    const [batcher, fake] = setup({ answer: (_writes, call) => failures[call - 1] });
    await expect(batcher.add(put('a'))).resolves.toEqual({ status: 'written', attempts: 8 });
    expect(fake.calls).toHaveLength(8);
    expect(fake.applied).toHaveLength(1);
  });

  it.each(['ResourceNotFoundException', 'AccessDeniedException'])('rejects at once on %s, with the AWS error as cause', async (name) => {
    const failure = awsError(name, 400);
    const [batcher, fake] = setup({ answer: () => failure });
    const error = (await batcher.add(put('a')).catch((e: unknown) => e)) as JobFailedError;
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.cause).toBe(failure);
    expect(error.message).toBe(`Job failed on attempt 1: ${name}`);
    expect(fake.calls).toHaveLength(1);
  });

  it('fails only the writes of a request that failed as a whole; a write held back from it keeps its own outcome', async () => {
    const invalid = awsError('AccessDeniedException', 400);
    const fake = fakeClient({ answer: (_writes, call) => (call === 1 ? invalid : undefined) });
    // With oneJobPerKeyPerBatch overridden, the second write to `a` meets the first in a batch and is held back.
    const batcher = new Batcher({
      ...dynamoDbSink({ client: fake.client, tableName: 'orders', keyAttributes: ['pk'] }),
      oneJobPerKeyPerBatch: false,
      maxBatchDelay: 0,
      retry: { baseDelay: 1 },
    });
    const [first, second] = [batcher.add(put('a', { v: 1 })), batcher.add(put('a', { v: 2 }))];
    await expect(first).rejects.toMatchObject({ code: 'JOB_FAILED', cause: invalid });
    await expect(second).resolves.toEqual({ status: 'written', attempts: 2 });
    expect(fake.calls.map((call) => call.map((write) => write.item.v))).toEqual([[1], [2]]);
  });

  it.each(['ValidationException', 'ItemCollectionSizeLimitExceededException'])(
    'rejects a lone write DynamoDB refuses (%s) with WriteRejectedError, at once, with the AWS error as cause',
    async (name) => {
      const refusal = awsError(name, 400);
      const [batcher, fake] = setup({ answer: () => refusal });
      const error = (await batcher.add(put('a')).catch((e: unknown) => e)) as WriteRejectedError;
      expect(error).toBeInstanceOf(WriteRejectedError);
      expect(error).toMatchObject({ code: 'DYNAMODB_WRITE_REJECTED', awsError: name, cause: refusal });
      expect(error.message).toBe(`DynamoDB refused this write (${name})`);
      expect(fake.calls).toHaveLength(1);
    },
  );

  it.each(['ValidationException', 'ItemCollectionSizeLimitExceededException'])(
    'splits a request DynamoDB refuses whole (%s) until only the refused writes fail; their batch-mates land',
    async (name) => {
      // DynamoDB refuses any request holding a write marked bad, and then applies nothing of it.
      const [batcher, fake] = setup({ answer: (writes) => (writes.some((w) => w.item.bad === true) ? awsError(name, 400) : undefined) });
      const keys = Array.from({ length: 10 }, (_, i) => `k${i}`);
      const settled = await Promise.allSettled(keys.map((pk, i) => batcher.add(put(pk, { bad: i === 3 || i === 7 }))));
      expect(settled.map((s) => (s.status === 'fulfilled' ? s.value.status : (s.reason as WriteRejectedError).code))).toEqual(
        keys.map((_, i) => (i === 3 || i === 7 ? 'DYNAMODB_WRITE_REJECTED' : 'written')),
      );
      expect([...fake.table.keys()].sort()).toEqual(keys.filter((_, i) => i !== 3 && i !== 7).map((pk) => JSON.stringify([pk])).sort());
      expect(fake.applied).toHaveLength(8);
      // The whole request, then halves of halves: each refused request holds a bad write.
      expect(fake.calls.map((call) => call.map((w) => w.item.pk))).toEqual([
        keys,
        keys.slice(0, 5),
        keys.slice(0, 3),
        keys.slice(3, 5),
        ['k3'],
        ['k4'],
        keys.slice(5),
        keys.slice(5, 8),
        ['k5', 'k6'],
        ['k7'],
        keys.slice(8),
      ]);
    },
  );

  it('fails every job of a refused write, superseded ones included (coalesce)', async () => {
    const [batcher, fake] = setup(
      { answer: (writes) => (writes.some((w) => w.item.bad === true) ? awsError('ValidationException', 400) : undefined) },
      { coalesce: true },
      { maxBatchDelay: 0 },
    );
    const jobs = [batcher.add(put('a', { v: 1 })), batcher.add(put('a', { v: 2, bad: true })), batcher.add(put('b'))];
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value.status : (s.reason as WriteRejectedError).code))).toEqual([
      'DYNAMODB_WRITE_REJECTED',
      'DYNAMODB_WRITE_REJECTED',
      'written',
    ]);
    expect([...fake.table.keys()]).toEqual([JSON.stringify(['b'])]);
  });

  it('fails the writes of a request rejected without a reason, never resolves them', async () => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what a broken client might do
    const client = { send: () => Promise.reject(undefined) };
    const batcher = new Batcher({ ...dynamoDbSink({ client, tableName: 'orders', keyAttributes: ['pk'] }), maxBatchDelay: 0 });
    const error = await batcher.add(put('a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
  });

  it('does not split a request that failed for another reason', async () => {
    const [batcher, fake] = setup({ answer: () => awsError('AccessDeniedException', 400) });
    const settled = await Promise.allSettled(['a', 'b', 'c'].map((pk) => batcher.add(put(pk))));
    expect(settled.every((s) => s.status === 'rejected' && (s.reason as JobFailedError).code === 'JOB_FAILED')).toBe(true);
    expect(fake.calls).toHaveLength(1);
  });

  it('hands hooks the job as added, so a write that failed for good can be kept or added again', async () => {
    const fake = fakeClient({ answer: (_writes, call) => (call === 1 ? awsError('AccessDeniedException', 400) : undefined) });
    const failed: DynamoDbJob[] = [];
    const batcher = new Batcher({
      ...dynamoDbSink({ client: fake.client, tableName: 'orders', keyAttributes: ['pk'] }),
      maxBatchDelay: 0,
      hooks: { onJobFailed: ({ job }) => failed.push(job) },
    });
    const item = { pk: 'a', total: 3 };
    await expect(batcher.add({ put: item })).rejects.toBeInstanceOf(JobFailedError);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.put).toBe(item);
    await expect(batcher.add(failed[0] as DynamoDbJob)).resolves.toEqual({ status: 'written', attempts: 1 });
    expect([...fake.table.values()]).toEqual([item]);
  });

  it("checks a hook's job again against the key schema of the sink it is added to (a dead-letter table)", async () => {
    const fake = fakeClient({ answer: () => awsError('AccessDeniedException', 400) });
    const failed: DynamoDbJob[] = [];
    const orders = new Batcher({
      ...dynamoDbSink({ client: fake.client, tableName: 'orders', keyAttributes: ['pk'] }),
      maxBatchDelay: 0,
      hooks: { onJobFailed: ({ job }) => failed.push(job) },
    });
    await Promise.allSettled([orders.add({ put: { pk: 'a', total: 3 } }), orders.add({ put: { pk: 'b', id: 'x-1' } })]);
    expect(failed).toHaveLength(2);
    const deadLetters = fakeClient({ keys: ['id'] });
    const dlq = new Batcher({ ...dynamoDbSink({ client: deadLetters.client, tableName: 'dead', keyAttributes: ['id'] }), maxBatchDelay: 0 });
    // The first has no `id`: refused at add(), as the same write given as a plain job would be.
    const [missing, kept] = [dlq.add(failed[0] as DynamoDbJob), dlq.add(failed[1] as DynamoDbJob)];
    await expect(missing).rejects.toMatchObject({ code: 'DYNAMODB_INVALID_KEY', attribute: 'id' });
    await expect(kept).resolves.toEqual({ status: 'written', attempts: 1 });
    expect([...deadLetters.table.values()]).toEqual([{ pk: 'b', id: 'x-1' }]);
    expect(deadLetters.calls).toHaveLength(1);
  });

  it('fails the batch when UnprocessedItems names a write that was not sent', async () => {
    const client = { send: async () => ({ UnprocessedItems: { orders: [{ PutRequest: { Item: { pk: { S: 'stranger' } } } }] }, $metadata: {} }) };
    const batcher = new Batcher({ ...dynamoDbSink({ client: client, tableName: 'orders', keyAttributes: ['pk'] }), maxBatchDelay: 0 });
    const error = await batcher.add(put('a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamoDbResponseError);
    expect(error).toMatchObject({ code: 'DYNAMODB_BAD_RESPONSE', message: 'Malformed DynamoDB response: an unprocessed write matches no write of the request' });
  });
});
