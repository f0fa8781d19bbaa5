import {
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { fastRetryStrategy, startLocalAws, type LocalAws } from '@batch/local-aws';
import { caught, captureLogger, uniqueName } from './helpers.js';

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws({ seed: 7, services: ['sqs'] });
});

afterAll(async () => {
  await aws.stop();
});

afterEach(() => {
  aws.sqs.faults.clear();
  aws.sqs.faults.clearLog();
  aws.sqs.faults.enforceLimits = false;
});

const entries = (count: number, prefix = 'm'): SendMessageBatchRequestEntry[] =>
  Array.from({ length: count }, (_, i) => ({ Id: `e${i}`, MessageBody: `${prefix}${i}` }));

const bodies = (messages: { body: string }[]): string[] => messages.map((m) => m.body).sort();

describe('emulator and read-back', () => {
  it('creates a standard queue whose URL names the emulator, yet clients go through the proxy', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    expect(url.startsWith(`${aws.sqs.directEndpoint}/`)).toBe(true);
    await aws.sqs.client().send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'hello' }));
    expect(aws.sqs.faults.log.map((e) => e.operation)).toEqual(['SendMessage']);
    const [message, ...rest] = await aws.sqs.receiveAll(url);
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ body: 'hello', messageId: expect.any(String) as string, messageAttributes: {} });
    expect(message?.attributes.SentTimestamp).toMatch(/^\d+$/);
    expect(await aws.sqs.receiveAll(url)).toEqual([]);
  });

  it('verifies the quirk: without `endpoint` the SDK sends to the QueueUrl host, bypassing the proxy', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    const { logger, warnings } = captureLogger();
    const bare = new SQSClient({
      region: aws.region,
      credentials: { ...aws.credentials },
      requestHandler: new NodeHttpHandler(),
      logger,
    });
    await bare.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'direct' }));
    bare.destroy();
    expect(aws.sqs.faults.log).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('using QueueUrl host as endpoint')]);
    expect(bodies(await aws.sqs.receiveAll(url))).toEqual(['direct']);
  });

  it('creates FIFO queues and reads each group back in order with its system attributes', async () => {
    const url = await aws.sqs.createQueue(uniqueName('fifo'), { fifo: true, contentBasedDeduplication: true });
    expect(url.endsWith('.fifo')).toBe(true);
    const client = aws.sqs.client();
    for (let round = 0; round < 3; round += 1) {
      await client.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: Array.from({ length: 10 }, (_, i) => ({
            Id: `e${i}`,
            MessageBody: `g${i % 3}-${round}-${i}`,
            MessageGroupId: `g${i % 3}`,
          })),
        }),
      );
    }
    const received = await aws.sqs.receiveAll(url);
    expect(received).toHaveLength(30);
    for (const group of ['g0', 'g1', 'g2']) {
      const inGroup = received.filter((m) => m.attributes.MessageGroupId === group);
      const sent = Array.from({ length: 30 }, (_, k) => ({ round: Math.floor(k / 10), i: k % 10 }))
        .filter(({ i }) => `g${i % 3}` === group)
        .map(({ round, i }) => `${group}-${round}-${i}`);
      expect(inGroup.map((m) => m.body)).toEqual(sent);
      // local-aws-sqs's SequenceNumbers are unique decimal strings but not numerically increasing (README).
      const sequence = inGroup.map((m) => m.attributes.SequenceNumber);
      expect(sequence.every((n) => /^\d+$/.test(n ?? ''))).toBe(true);
      expect(new Set(sequence).size).toBe(sequence.length);
      expect(inGroup.every((m) => typeof m.attributes.MessageDeduplicationId === 'string')).toBe(true);
    }
  });

  it('passes queue attributes and message attributes through', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'), { attributes: { MaximumMessageSize: '2048' } });
    await aws.sqs.client().send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'with attributes',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' } },
      }),
    );
    const [message] = await aws.sqs.receiveAll(url);
    expect(message?.messageAttributes).toEqual({ kind: { DataType: 'String', StringValue: 'order' } });
  });
});

describe('partial failure of SendMessageBatch', () => {
  it('answers the chosen entries as Failed with SenderFault false and sends only the others', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    const rule = aws.sqs.faults.add({ operation: 'SendMessageBatch', times: 1, failEntries: { indices: [0, 2] } });
    const out = await aws.sqs.client({ maxAttempts: 1 }).send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(4) }));
    expect(out.Failed).toEqual([
      { Id: 'e0', SenderFault: false, Code: 'InternalError', Message: 'Fault injected by @batch/local-aws' },
      { Id: 'e2', SenderFault: false, Code: 'InternalError', Message: 'Fault injected by @batch/local-aws' },
    ]);
    expect(out.Successful?.map((s) => s.Id)).toEqual(['e1', 'e3']);
    expect(bodies(await aws.sqs.receiveAll(url))).toEqual(['m1', 'm3']);
    expect(aws.sqs.faults.log).toEqual([
      { seq: expect.any(Number) as number, operation: 'SendMessageBatch', status: 200, entries: 4, ruleId: rule.id, failedIndices: [0, 2], fault: 'failEntries' },
    ]);
  });

  it('honours a chosen code and SenderFault', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    aws.sqs.faults.add({ failEntries: { indices: [1], errorCode: 'KMS.ThrottlingException', errorMessage: 'slow down', senderFault: true } });
    const out = await aws.sqs.client().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(2) }));
    expect(out.Failed).toEqual([{ Id: 'e1', SenderFault: true, Code: 'KMS.ThrottlingException', Message: 'slow down' }]);
  });

  it('answers every entry failed without calling the emulator when all are chosen', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    aws.sqs.faults.add({ failEntries: { ratio: 1 } });
    const out = await aws.sqs.client().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(3) }));
    expect(out.Successful).toEqual([]);
    expect(out.Failed?.map((f) => f.Id)).toEqual(['e0', 'e1', 'e2']);
    expect(await aws.sqs.receiveAll(url)).toEqual([]);
  });
});

describe('whole-request faults', () => {
  it.each([
    ['throttling', { status: 403, name: 'RequestThrottled' }, 'RequestThrottled'],
    ['a 500', { status: 500, name: 'InternalError' }, 'InternalError'],
    ['a 503', { status: 503, name: 'ServiceUnavailable' }, 'ServiceUnavailable'],
    ['a chosen error name', { status: 400, name: 'QueueDoesNotExist' }, 'AWS.SimpleQueueService.NonExistentQueue'],
    ['a 400 throttle', { status: 400, name: 'ThrottlingException' }, 'ThrottlingException'],
  ])('answers %s that the SDK parses as the named exception with its query code', async (_label, error, code) => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    aws.sqs.faults.add({ operation: 'SendMessageBatch', times: 1, error });
    const failure = await caught(
      aws.sqs.client({ maxAttempts: 1 }).send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(1) })),
    );
    expect(failure).toMatchObject({ name: error.name, status: error.status, code, fault: error.status >= 500 ? 'server' : 'client' });
    expect(await aws.sqs.receiveAll(url)).toEqual([]);
  });

  it('throttle() answers RequestThrottled, which the SDK retries', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    const rule = aws.sqs.faults.throttle({ times: 2 });
    const out = await aws.sqs.client({ retryStrategy: fastRetryStrategy({ maxAttempts: 3 }) }).send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(1) }),
    );
    expect(out.$metadata.attempts).toBe(3);
    expect(rule.applied).toBe(2);
  });

  it('adds latency', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    aws.sqs.faults.add({ operation: 'SendMessage', latencyMs: 25 });
    await aws.sqs.client().send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'slow' }));
    expect(aws.sqs.faults.log).toEqual([expect.objectContaining({ operation: 'SendMessage', fault: 'latency', latencyMs: 25 })]);
  });

  it('resets after the send was applied, so the retry duplicates the message (at-least-once)', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    aws.sqs.faults.add({ times: 1, reset: 'after' });
    const out = await aws.sqs.client({ retryStrategy: fastRetryStrategy({ maxAttempts: 2 }) }).send(
      new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(2) }),
    );
    expect(out.Successful).toHaveLength(2);
    expect(bodies(await aws.sqs.receiveAll(url))).toEqual(['m0', 'm0', 'm1', 'm1']);
  });

  it('resets before forwarding: nothing is sent', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    aws.sqs.faults.add({ times: 1, reset: 'before' });
    const failure = await caught(
      aws.sqs.client({ maxAttempts: 1 }).send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(2) })),
    );
    expect(failure).toMatchObject({ name: 'TimeoutError', errno: 'ECONNRESET' });
    expect(await aws.sqs.receiveAll(url)).toEqual([]);
  });

  it('hangs until the client gives up', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    aws.sqs.faults.add({ times: 1, hang: true });
    const client = aws.sqs.client({ maxAttempts: 1, requestHandler: { requestTimeout: 100 } });
    const failure = await caught(client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })));
    expect(failure).toMatchObject({ name: 'TimeoutError', errno: 'ETIMEDOUT' });
  });

  it('answers AWS Query requests with an XML error', async () => {
    aws.sqs.faults.add({ operation: 'ListQueues', times: 1, error: { status: 400, name: 'QueueDoesNotExist', message: 'gone' } });
    const response = await fetch(aws.sqs.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListQueues&Version=2012-11-05',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      /^<\?xml version="1.0"\?><ErrorResponse><Error><Type>Sender<\/Type><Code>AWS.SimpleQueueService.NonExistentQueue<\/Code><Message>gone<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
    expect(aws.sqs.faults.log).toEqual([expect.objectContaining({ operation: 'ListQueues', status: 400, fault: 'error' })]);
  });
});

describe('real limits in UTF-8 bytes', () => {
  it('verifies the quirk: local-aws-sqs counts characters, so a batch over 1 MiB of UTF-8 passes it; the proxy rejects it', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'));
    // 4 x 100,000 three-byte characters: 400,000 characters, 1,200,000 bytes.
    const heavy = Array.from({ length: 4 }, (_, i) => ({ Id: `e${i}`, MessageBody: '€'.repeat(100_000) }));
    const direct = await aws.sqs.directClient().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: heavy }));
    expect(direct.Successful).toHaveLength(4);
    aws.sqs.faults.enforceLimits = true;
    const failure = await caught(
      aws.sqs.client({ maxAttempts: 1 }).send(new SendMessageBatchCommand({ QueueUrl: url, Entries: heavy })),
    );
    expect(failure).toMatchObject({
      name: 'BatchRequestTooLong',
      status: 400,
      code: 'AWS.SimpleQueueService.BatchRequestTooLong',
      message: 'Batch requests cannot be longer than 1048576 bytes. You have sent 1200000 bytes.',
    });
  });

  it('fails an entry over the queue MaximumMessageSize in bytes with SenderFault true', async () => {
    const url = await aws.sqs.createQueue(uniqueName('q'), { attributes: { MaximumMessageSize: '1024' } });
    aws.sqs.faults.enforceLimits = true;
    const out = await aws.sqs.client().send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'small', MessageBody: 'ok' },
          { Id: 'wide', MessageBody: 'é'.repeat(600) },
          { Id: 'attr', MessageBody: 'x', MessageAttributes: { blob: { DataType: 'Binary', BinaryValue: new Uint8Array(1100) } } },
        ],
      }),
    );
    const tooLong = 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.';
    expect(out.Failed).toEqual([
      { Id: 'wide', SenderFault: true, Code: 'InvalidParameterValue', Message: tooLong },
      { Id: 'attr', SenderFault: true, Code: 'InvalidParameterValue', Message: tooLong },
    ]);
    expect(bodies(await aws.sqs.receiveAll(url))).toEqual(['ok']);
    expect(aws.sqs.faults.log).toEqual([expect.objectContaining({ fault: 'limit', failedIndices: [1, 2], status: 200 })]);
    const single = await caught(
      aws.sqs.client({ maxAttempts: 1 }).send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'é'.repeat(600) })),
    );
    // SQS does not model this error, so the SDK names it after its query code, as it does for the emulator's own.
    expect(single).toMatchObject({ name: 'InvalidParameterValue', status: 400, code: 'InvalidParameterValue', message: tooLong });
  });
});
