import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ServiceNotStartedError, startLocalAws, type LocalAws } from '@batch/local-aws';
import { caught, uniqueName } from './helpers.js';

describe('startLocalAws', () => {
  let aws: LocalAws;

  beforeAll(async () => {
    aws = await startLocalAws({ seed: 21, services: ['sqs', 'dynamodb'] });
  });

  afterAll(async () => {
    await aws.stop();
  });

  it('starts only the requested services and names the missing ones', () => {
    expect(aws.services).toEqual(['dynamodb', 'sqs']);
    expect(() => aws.kinesis).toThrow(
      new ServiceNotStartedError('kinesis'),
    );
    expect(() => aws.cloudwatch).toThrow(
      "The cloudwatch emulator was not started: add 'cloudwatch' to the `services` option of startLocalAws",
    );
    try {
      void aws.kinesis;
    } catch (error) {
      expect(error).toMatchObject({ code: 'SERVICE_NOT_STARTED', service: 'kinesis', name: 'ServiceNotStartedError' });
    }
  });

  it('exposes fixed region and credentials, the seed, and separate proxy and emulator endpoints', () => {
    expect(aws.region).toBe('us-east-1');
    expect(aws.credentials).toEqual({ accessKeyId: 'AKIDLOCALAWS00000000', secretAccessKey: 'local-aws-secret-access-key' });
    expect(aws.seed).toBe(21);
    const urls = [aws.sqs.endpoint, aws.sqs.directEndpoint, aws.dynamodb.endpoint, aws.dynamodb.directEndpoint];
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set(urls).size).toBe(4);
    expect(aws.sqs.faults.endpoint).toBe(aws.sqs.endpoint);
    expect(aws.sqs.faults.service).toBe('sqs');
    expect(aws.sqs.faults.seed).not.toBe(aws.dynamodb.faults.seed);
  });

  it('makes a new client per call, and direct clients bypass the proxy', async () => {
    expect(aws.sqs.client()).not.toBe(aws.sqs.client());
    const url = await aws.sqs.createQueue(uniqueName('q'));
    aws.sqs.faults.clearLog();
    aws.sqs.faults.add({ error: aws.sqs.faults.internalError });
    await aws.sqs.directClient().send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'direct' }));
    expect(aws.sqs.faults.log).toEqual([]);
    aws.sqs.faults.clear();
    expect((await aws.sqs.receiveAll(url)).map((m) => m.body)).toEqual(['direct']);
  });

  it('uses a given request handler instance as is', async () => {
    const handler = new NodeHttpHandler();
    const client = aws.sqs.client({ requestHandler: handler });
    expect(client.config.requestHandler).toBe(handler);
  });

  it('numbers log entries across clearLog and returns snapshots', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    const client = aws.sqs.client();
    aws.sqs.faults.clearLog();
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a' }));
    const snapshot = aws.sqs.faults.log;
    const [first] = snapshot;
    aws.sqs.faults.clearLog();
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'b' }));
    expect(snapshot).toHaveLength(1);
    expect(aws.sqs.faults.log).toEqual([{ seq: (first?.seq ?? 0) + 1, operation: 'SendMessage', status: 200 }]);
  });

  it('removes a rule through its handle', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    const rule = aws.sqs.faults.throttle();
    rule.remove();
    await aws.sqs.client({ maxAttempts: 1 }).send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'ok' }));
    expect(rule.applied).toBe(0);
  });

  it('answers 500 LocalAwsProxyError and logs it when a rule predicate throws', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    aws.sqs.faults.clearLog();
    aws.sqs.faults.add({
      hang: true,
      when: () => {
        throw new Error('predicate bug');
      },
    });
    const failure = await caught(
      aws.sqs.client({ maxAttempts: 1 }).send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })),
    );
    aws.sqs.faults.clear();
    expect(failure).toMatchObject({ name: 'LocalAwsProxyError', status: 500, message: 'predicate bug' });
    expect(aws.sqs.faults.log).toEqual([
      { seq: expect.any(Number) as number, operation: 'SendMessage', status: 500, fault: 'proxy-error', message: 'predicate bug' },
    ]);
  });
});

describe('lifecycle', () => {
  it('turns limit enforcement on for every proxy when asked', async () => {
    const local = await startLocalAws({ enforceLimits: true });
    try {
      expect([local.kinesis, local.dynamodb, local.sqs, local.cloudwatch].map((s) => s.faults.enforceLimits)).toEqual([
        true,
        true,
        true,
        true,
      ]);
    } finally {
      await local.stop();
    }
  });

  it('stops without waiting for hung requests or pending latency, and is idempotent', async () => {
    const local = await startLocalAws({ services: ['sqs'] });
    const url = await local.sqs.createQueue('hung');
    let arrived = 0;
    const arrival = (): boolean => {
      arrived += 1;
      return true;
    };
    local.sqs.faults.add({ operation: 'SendMessage', hang: true, when: arrival });
    local.sqs.faults.add({ operation: 'GetQueueUrl', latencyMs: 600_000, when: arrival });
    const client = local.sqs.client({ maxAttempts: 1 });
    const hung = caught(client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'never answered' })));
    const slow = caught(client.send(new GetQueueUrlCommand({ QueueName: 'hung' })));
    while (arrived < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([local.stop(), local.stop()]);
    await local.stop();
    expect(await hung).toMatchObject({ name: 'TimeoutError', errno: 'ECONNRESET' });
    expect(await slow).toMatchObject({ name: 'TimeoutError', errno: 'ECONNRESET' });
    expect(local.sqs.faults.log).toEqual([expect.objectContaining({ operation: 'SendMessage', status: 0, fault: 'hang' })]);
    await expect(fetch(local.sqs.endpoint)).rejects.toMatchObject({ message: 'fetch failed' });
  });

  it('replays the same proxy seeds for the same run seed', async () => {
    const [a, b] = [await startLocalAws({ seed: 9, services: ['sqs'] }), await startLocalAws({ seed: 9, services: ['sqs'] })];
    try {
      expect(a.sqs.faults.seed).toBe(b.sqs.faults.seed);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
