/**
 * Emulator child of the sqs suite: local-aws-sqs in a process of its own, so the client children's
 * CPU readings never include it. Prints one ready line with the emulator's direct endpoint (no
 * fault proxy: it would parse every body), then answers one JSON command per stdin line (see
 * protocol.ts) until stdin closes.
 */
import { DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startLocalAws } from '@batch/local-aws';

import { collectGarbage, emulatorMain } from '../lib/emulatorMain.js';
import type { EmulatorCommand, LimitProbe, Verification } from './protocol.js';
import { memoLast } from '../lib/memo.js';
import { bodyIndex, buildBodies, MAX_ENTRIES_PER_REQUEST } from './workload.js';
import type { WorkloadSpec } from './workload.js';

/**
 * Concurrent receivers in the read-back. local-aws-sqs answers a receive by polling its queue every
 * 10 ms (40 ms when fewer messages are waiting than asked for); concurrent receives get disjoint
 * messages, so eight of them read ~8× faster than one.
 */
const RECEIVERS = 8;

/** The bodies of one `[workload, messages]`, built once per round rather than once per check. */
const expectedBodies = memoLast((key: string): string[] => {
  const [workload, messages] = JSON.parse(key) as [WorkloadSpec, number];
  return buildBodies(workload, messages);
});

/**
 * Reads the queue back and checks that messages `0 … messages-1` of the workload each arrived
 * exactly once with the body sent, and nothing else did. Messages are received with a long
 * visibility timeout and not deleted (the queue is deleted next), which halves the calls.
 */
async function verify(client: SQSClient, command: Extract<EmulatorCommand, { op: 'verify' }>): Promise<Verification> {
  const expected = expectedBodies(JSON.stringify([command.workload, command.messages]));
  const seen = new Uint32Array(expected.length);
  let read = 0;
  let corrupt = 0;
  let receives = 0;
  const receiver = async (): Promise<void> => {
    for (;;) {
      receives += 1;
      const { Messages: messages = [] } = await client.send(
        new ReceiveMessageCommand({ QueueUrl: command.queueUrl, MaxNumberOfMessages: MAX_ENTRIES_PER_REQUEST, WaitTimeSeconds: 0, VisibilityTimeout: 3600 }),
      );
      if (messages.length === 0) return;
      for (const message of messages) {
        read += 1;
        const body = message.Body ?? '';
        const index = bodyIndex(body);
        if (index >= 0 && index < expected.length && expected[index] === body) seen[index] = (seen[index] as number) + 1;
        else corrupt += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: RECEIVERS }, receiver));
  let exactlyOnce = 0;
  let missing = 0;
  let duplicates = 0;
  for (const times of seen) {
    if (times === 1) exactlyOnce += 1;
    else if (times === 0) missing += 1;
    else duplicates += times - 1;
  }
  return { expected: expected.length, read, exactlyOnce, missing, duplicates, corrupt, receives };
}

/**
 * Confirms the request limit against local-aws-sqs: a SendMessageBatch of exactly `limit`
 * characters in 10 messages is accepted, one character more is refused (`BatchRequestTooLong`).
 * Also reads a fresh queue's MaximumMessageSize.
 */
async function probe(client: SQSClient, queueUrl: string, limit: number): Promise<LimitProbe> {
  const entries = (total: number): Array<{ Id: string; MessageBody: string }> =>
    Array.from({ length: MAX_ENTRIES_PER_REQUEST }, (_, i) => {
      const size = i < MAX_ENTRIES_PER_REQUEST - 1 ? Math.floor(total / MAX_ENTRIES_PER_REQUEST) : total - (MAX_ENTRIES_PER_REQUEST - 1) * Math.floor(total / MAX_ENTRIES_PER_REQUEST);
      return { Id: String(i), MessageBody: 'p'.repeat(size) };
    });
  const accepted = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries(limit) }));
  let aboveLimit = 'accepted';
  try {
    await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries(limit + 1) }));
  } catch (error) {
    aboveLimit = (error as { name?: string }).name ?? String(error);
  }
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['MaximumMessageSize'] }));
  return {
    limit,
    maximumMessageSize: Number(Attributes?.MaximumMessageSize),
    acceptedAtLimit: (accepted.Successful?.length ?? 0) === MAX_ENTRIES_PER_REQUEST,
    aboveLimit,
  };
}

emulatorMain<EmulatorCommand>(async () => {
  const aws = await startLocalAws({ services: ['sqs'] });
  const client = aws.sqs.directClient({ maxAttempts: 1 });
  return {
    endpoint: aws.sqs.directEndpoint,
    async handle(command) {
      switch (command.op) {
        case 'createQueue':
          return aws.sqs.createQueue(command.name);
        case 'deleteQueue':
          await client.send(new DeleteQueueCommand({ QueueUrl: command.queueUrl }));
          // Frees the queue's messages (tens of MB); collect now, not during the next client child.
          collectGarbage();
          return null;
        case 'verify':
          return verify(client, command);
        case 'probe': {
          const queueUrl = await aws.sqs.createQueue(`probe-${process.pid}`);
          const result = await probe(client, queueUrl, command.limit);
          await client.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
          return result;
        }
      }
    },
    async stop() {
      client.destroy();
      await aws.stop();
    },
  };
});
