import {
  BatchWriteItemCommand,
  PutItemCommand,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { fastRetryStrategy, startLocalAws, type LocalAws } from '@batch/local-aws';
import { caught, uniqueName } from './helpers.js';

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws({ seed: 42, services: ['dynamodb'] });
});

afterAll(async () => {
  await aws.stop();
});

afterEach(() => {
  aws.dynamodb.faults.clear();
  aws.dynamodb.faults.clearLog();
  aws.dynamodb.faults.enforceLimits = false;
});

const puts = (count: number, prefix = 'item'): WriteRequest[] =>
  Array.from({ length: count }, (_, i) => ({ PutRequest: { Item: marshall({ pk: `${prefix}-${i}`, n: i }) } }));

const keys = (items: Record<string, unknown>[]): unknown[] => items.map((item) => item.pk).sort();

async function newTable(): Promise<string> {
  const name = uniqueName('table');
  await aws.dynamodb.createTable(name, { partitionKey: 'pk' });
  return name;
}

describe('emulator and read-back', () => {
  it('creates tables with string or number keys and a sort key', async () => {
    const name = uniqueName('table');
    const created = await aws.dynamodb.createTable(name, { partitionKey: { name: 'id', type: 'N' }, sortKey: 'sk' });
    expect(created).toEqual({ tableName: name, tableArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${name}` });
    await aws.dynamodb.client().send(new PutItemCommand({ TableName: name, Item: marshall({ id: 7, sk: 'a', v: true }) }));
    expect(await aws.dynamodb.scanAll(name)).toEqual([{ id: 7, sk: 'a', v: true }]);
    const byDefault = uniqueName('table');
    await aws.dynamodb.createTable(byDefault);
    await aws.dynamodb.client().send(new PutItemCommand({ TableName: byDefault, Item: marshall({ pk: 'x' }) }));
    expect(await aws.dynamodb.scanAll(byDefault)).toEqual([{ pk: 'x' }]);
  });

  it('scans every page of a large table', async () => {
    const name = await newTable();
    const client = aws.dynamodb.client();
    const filler = 'z'.repeat(100_000);
    for (let batch = 0; batch < 2; batch += 1) {
      const requests = Array.from({ length: 10 }, (_, i) => ({
        PutRequest: { Item: marshall({ pk: `big-${batch}-${i}`, filler }) },
      }));
      await client.send(new BatchWriteItemCommand({ RequestItems: { [name]: requests } }));
    }
    // 20 items of ~100 KB exceed Scan's 1 MB page.
    const firstPage = await aws.dynamodb.directClient().send(new ScanCommand({ TableName: name }));
    expect(firstPage.LastEvaluatedKey).toBeDefined();
    const items = await aws.dynamodb.scanAll(name);
    expect(items).toHaveLength(20);
    expect(new Set(items.map((item) => item.pk)).size).toBe(20);
  });
});

describe('partial failure of BatchWriteItem', () => {
  it('returns the chosen items as UnprocessedItems and writes only the others', async () => {
    const [a, b] = [await newTable(), await newTable()];
    const request = { [a]: puts(3, 'a'), [b]: puts(2, 'b') };
    const rule = aws.dynamodb.faults.add({ times: 1, failEntries: { indices: [1, 3] } });
    const out = await aws.dynamodb.client({ maxAttempts: 1 }).send(new BatchWriteItemCommand({ RequestItems: request }));
    expect(out.UnprocessedItems).toEqual({ [a]: [request[a]?.[1]], [b]: [request[b]?.[0]] });
    expect(keys(await aws.dynamodb.scanAll(a))).toEqual(['a-0', 'a-2']);
    expect(keys(await aws.dynamodb.scanAll(b))).toEqual(['b-1']);
    expect(aws.dynamodb.faults.log).toEqual([
      { seq: expect.any(Number) as number, operation: 'BatchWriteItem', status: 200, entries: 5, ruleId: rule.id, failedIndices: [1, 3], fault: 'failEntries' },
    ]);
  });

  it('returns every item unprocessed without calling dynalite when all are chosen', async () => {
    const name = await newTable();
    aws.dynamodb.faults.add({ failEntries: { ratio: 1 } });
    const request = { [name]: puts(4) };
    const out = await aws.dynamodb.client().send(new BatchWriteItemCommand({ RequestItems: request }));
    expect(out.UnprocessedItems).toEqual(request);
    expect(await aws.dynamodb.scanAll(name)).toEqual([]);
  });

  it('passes dynalite validation errors of the surviving items through', async () => {
    const name = await newTable();
    aws.dynamodb.faults.add({ failEntries: { indices: [0] } });
    const duplicate = { PutRequest: { Item: marshall({ pk: 'same' }) } };
    const failure = await caught(
      aws.dynamodb.client({ maxAttempts: 1 }).send(
        new BatchWriteItemCommand({ RequestItems: { [name]: [puts(1)[0] as WriteRequest, duplicate, duplicate] } }),
      ),
    );
    expect(failure).toMatchObject({ name: 'ValidationException', status: 400, message: 'Provided list of item keys contains duplicates' });
  });
});

describe('whole-request faults', () => {
  it.each([
    ['throttling', { status: 400, name: 'ProvisionedThroughputExceededException' }],
    ['a 500', { status: 500, name: 'InternalServerError' }],
    ['a 503', { status: 503, name: 'ServiceUnavailable' }],
    ['a chosen error name', { status: 400, name: 'ThrottlingException' }],
  ])('answers %s that the SDK parses as the named exception', async (_label, error) => {
    const name = await newTable();
    aws.dynamodb.faults.add({ operation: 'BatchWriteItem', times: 1, error });
    const failure = await caught(
      aws.dynamodb.client({ maxAttempts: 1 }).send(new BatchWriteItemCommand({ RequestItems: { [name]: puts(1) } })),
    );
    expect(failure).toMatchObject({ name: error.name, status: error.status });
    expect(await aws.dynamodb.scanAll(name)).toEqual([]);
  });

  it('exposes the service errors for composing rules', () => {
    expect(aws.dynamodb.faults.throttlingError).toMatchObject({ status: 400, name: 'ProvisionedThroughputExceededException' });
    expect(aws.dynamodb.faults.internalError).toMatchObject({ status: 500, name: 'InternalServerError' });
    expect(aws.dynamodb.faults.unavailableError).toMatchObject({ status: 503, name: 'ServiceUnavailable' });
  });

  it('retries a throttle through the SDK and succeeds', async () => {
    const name = await newTable();
    aws.dynamodb.faults.throttle({ operation: 'BatchWriteItem', times: 3 });
    const out = await aws.dynamodb.client({ retryStrategy: fastRetryStrategy({ maxAttempts: 4 }) }).send(
      new BatchWriteItemCommand({ RequestItems: { [name]: puts(2) } }),
    );
    expect(out.$metadata.attempts).toBe(4);
    expect(keys(await aws.dynamodb.scanAll(name))).toEqual(['item-0', 'item-1']);
  });

  it('adds latency', async () => {
    const name = await newTable();
    aws.dynamodb.faults.add({ latencyMs: 20, times: 1 });
    await aws.dynamodb.client().send(new BatchWriteItemCommand({ RequestItems: { [name]: puts(1) } }));
    expect(aws.dynamodb.faults.log).toEqual([expect.objectContaining({ fault: 'latency', latencyMs: 20, status: 200 })]);
  });

  it('resets before forwarding (nothing written) and after (written)', async () => {
    const name = await newTable();
    const client = aws.dynamodb.client({ maxAttempts: 1 });
    aws.dynamodb.faults.add({ times: 1, reset: 'before' });
    expect(await caught(client.send(new BatchWriteItemCommand({ RequestItems: { [name]: puts(1, 'x') } })))).toMatchObject({
      errno: 'ECONNRESET',
    });
    aws.dynamodb.faults.add({ times: 1, reset: 'after' });
    expect(await caught(client.send(new BatchWriteItemCommand({ RequestItems: { [name]: puts(1, 'y') } })))).toMatchObject({
      errno: 'ECONNRESET',
    });
    expect(keys(await aws.dynamodb.scanAll(name))).toEqual(['y-0']);
  });

  it('hangs until the client gives up', async () => {
    const name = await newTable();
    aws.dynamodb.faults.add({ times: 1, hang: true });
    const client = aws.dynamodb.client({ maxAttempts: 1, requestHandler: { requestTimeout: 100 } });
    expect(await caught(client.send(new BatchWriteItemCommand({ RequestItems: { [name]: puts(1) } })))).toMatchObject({
      name: 'TimeoutError',
    });
  });
});

describe('real limits', () => {
  it('verifies the quirk: dynalite counts 25 items per table; the proxy counts per request', async () => {
    const [a, b] = [await newTable(), await newTable()];
    const request = { [a]: puts(13, 'a'), [b]: puts(13, 'b') };
    const direct = await aws.dynamodb.directClient().send(new BatchWriteItemCommand({ RequestItems: request }));
    expect(direct.UnprocessedItems).toEqual({});
    aws.dynamodb.faults.enforceLimits = true;
    const failure = await caught(
      aws.dynamodb.client({ maxAttempts: 1 }).send(new BatchWriteItemCommand({ RequestItems: request })),
    );
    expect(failure).toMatchObject({
      name: 'ValidationException',
      status: 400,
      message: 'Too many items requested for the BatchWriteItem call',
    });
    const ok = await aws.dynamodb.client().send(
      new BatchWriteItemCommand({ RequestItems: { [a]: puts(12, 'c'), [b]: puts(13, 'd') } }),
    );
    expect(ok.UnprocessedItems).toEqual({});
    expect(aws.dynamodb.faults.log.map((e) => [e.entries, e.fault, e.status])).toEqual([
      [26, 'limit', 400],
      [25, undefined, 200],
    ]);
  });
});
