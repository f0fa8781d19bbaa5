// Each sink's minimal usage, against the local emulators (no AWS account): build the SDK
// client, spread the sink into a Batcher, add() a few jobs, print what each promise resolved
// with, shut down, and read back what landed. Swap the `aws.<service>.client()` calls for your
// own `new KinesisClient({})` & co. and nothing else changes.
//
// Run: pnpm --filter "@batch/examples..." build && node examples/dist/sinks.js
import { Batcher } from '@batch/core';
import { startLocalAws } from '@batch/local-aws';
import type { LocalAws } from '@batch/local-aws';
import { cloudWatchSink } from '@batch/sink-cloudwatch';
import { dynamoDbSinkForTable } from '@batch/sink-dynamodb';
import { kinesisSink } from '@batch/sink-kinesis';
import { sqsSink, sqsSinkForQueue } from '@batch/sink-sqs';
import { isEntryPoint, parseFlags, runCli } from './support/cli.js';
import type { Output } from './support/types.js';

/** What one snippet did: jobs added, items read back, and whether the read-back is exactly what was sent. */
export interface SnippetResult {
  readonly added: number;
  readonly readBack: number;
  readonly ok: boolean;
}

/** Each snippet's result. */
export type SinksSummary = Readonly<Record<'kinesis' | 'dynamodb' | 'sqs' | 'fifo' | 'cloudwatch', SnippetResult>>;

/**
 * Runs the five snippets against fresh emulators and prints what they did.
 * @example const summary = await main(); summary.kinesis.readBack; // 3
 */
export async function main(options: { readonly out?: Output | undefined } = {}): Promise<SinksSummary> {
  const out = options.out ?? process.stdout;
  const aws = await startLocalAws();
  try {
    return {
      kinesis: await kinesis(aws, out),
      dynamodb: await dynamodb(aws, out),
      sqs: await sqs(aws, out),
      fifo: await fifo(aws, out),
      cloudwatch: await cloudwatch(aws, out),
    };
  } finally {
    await aws.stop();
  }
}

async function kinesis(aws: LocalAws, out: Output): Promise<SnippetResult> {
  await aws.kinesis.createStream('events', { shardCount: 2 });
  const client = aws.kinesis.client();
  const batcher = new Batcher({ ...kinesisSink({ client, streamName: 'events' }), maxBatchDelay: 50 });
  const results = await Promise.all([
    batcher.add({ data: { user: 42, action: 'login' }, partitionKey: 'user-42' }),
    batcher.add({ data: { user: 42, action: 'buy' }, partitionKey: 'user-42' }),
    batcher.add({ data: 'plain text, sent as UTF-8' }), // no key: a random one, unordered
  ]);
  await batcher.shutdown();
  client.destroy();
  for (const { shardId, sequenceNumber } of results) out.write(`kinesis     ${shardId} #${sequenceNumber.slice(-6)}\n`);
  const records = await aws.kinesis.readAll('events');
  const stored = records.map((r) => r.sequenceNumber).sort();
  // Each add() resolved with its own record: the sequence numbers read back are exactly those.
  const ok = JSON.stringify(stored) === JSON.stringify(results.map((r) => r.sequenceNumber).sort());
  return { added: results.length, readBack: records.length, ok };
}

async function dynamodb(aws: LocalAws, out: Output): Promise<SnippetResult> {
  await aws.dynamodb.createTable('orders', { partitionKey: 'pk' });
  const client = aws.dynamodb.client();
  // Reads the key schema with one DescribeTable; `dynamoDbSink({ client, tableName, keyAttributes: ['pk'] })` skips it.
  const batcher = new Batcher({ ...(await dynamoDbSinkForTable({ client, tableName: 'orders' })), maxBatchDelay: 50 });
  const results = await Promise.all([
    batcher.add({ put: { pk: 'order#1', status: 'placed', total: 12.5 } }),
    batcher.add({ put: { pk: 'order#1', status: 'paid', total: 12.5 } }), // same key: a later request, in order
    batcher.add({ put: { pk: 'order#2', status: 'placed', total: 3 } }),
    batcher.add({ delete: { pk: 'order#2' } }),
  ]);
  await batcher.shutdown();
  client.destroy();
  out.write(`dynamodb    ${results.map((r) => `${r.status} after ${r.attempts} attempt(s)`).join(', ')}\n`);
  const items = await aws.dynamodb.scanAll('orders');
  out.write(`dynamodb    table now holds ${JSON.stringify(items)}\n`);
  // The later put of order#1 won, order#2 was put then deleted, every write was written itself.
  const ok =
    JSON.stringify(items) === JSON.stringify([{ pk: 'order#1', status: 'paid', total: 12.5 }]) && results.every((r) => r.status === 'written');
  return { added: results.length, readBack: items.length, ok };
}

async function sqs(aws: LocalAws, out: Output): Promise<SnippetResult> {
  const queueUrl = await aws.sqs.createQueue('notifications');
  const client = aws.sqs.client();
  // Reads MaximumMessageSize (and, on FIFO queues, ContentBasedDeduplication) first.
  const batcher = new Batcher({ ...(await sqsSinkForQueue({ client, queueUrl })), maxBatchDelay: 20 });
  const results = await Promise.all([
    batcher.add({ body: { orderId: 1 } }),
    batcher.add({ body: 'plain text', messageAttributes: { kind: 'note', priority: 2 } }),
  ]);
  await batcher.shutdown();
  client.destroy();
  out.write(`sqs         message ids ${results.map((r) => r.messageId).join(', ')}\n`);
  const received = await aws.sqs.receiveAll(queueUrl);
  const ok = JSON.stringify(received.map((m) => m.body).sort()) === JSON.stringify(['plain text', '{"orderId":1}'].sort());
  return { added: results.length, readBack: received.length, ok };
}

async function fifo(aws: LocalAws, out: Output): Promise<SnippetResult> {
  const queueUrl = await aws.sqs.createQueue('updates.fifo');
  const client = aws.sqs.client();
  const batcher = new Batcher({ ...sqsSink({ client, queueUrl }), maxBatchDelay: 20, concurrency: 4 });
  const results = await Promise.all(
    ['created', 'paid', 'shipped'].map((step) => batcher.add({ body: { customer: 9, step }, messageGroupId: 'customer-9' })),
  );
  await batcher.shutdown();
  client.destroy();
  out.write(`fifo        sequence numbers ${results.map((r) => r.sequenceNumber ?? '?').join(', ')}\n`);
  const received = await aws.sqs.receiveAll(queueUrl);
  const steps = received.map((m) => (JSON.parse(m.body) as { step: string }).step);
  out.write(`fifo        received in order: ${steps.join(' -> ')}\n`);
  return { added: results.length, readBack: received.length, ok: steps.join() === 'created,paid,shipped' };
}

async function cloudwatch(aws: LocalAws, out: Output): Promise<SnippetResult> {
  const client = aws.cloudwatch.client();
  const batcher = new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop' }), maxBatchDelay: 1000 });
  const latencies = [12, 15, 12, 40, 12];
  // One timestamp for all five, so that they fold into one datum even at a minute's turn.
  const timestamp = Date.now();
  const results = await Promise.all(
    latencies.map((value) => batcher.add({ metricName: 'Latency', value, unit: 'Milliseconds', dimensions: { route: '/buy' }, timestamp })),
  );
  await batcher.shutdown();
  client.destroy();
  const data = aws.cloudwatch.recorded({ namespace: 'Shop' });
  // Aggregation folds the five points into one datum: Values [12, 15, 40], Counts [3, 1, 1].
  for (const datum of data) {
    out.write(`cloudwatch  ${datum.metricName} ${JSON.stringify(datum.dimensions)} values ${JSON.stringify(datum.values ?? datum.value)} counts ${JSON.stringify(datum.counts ?? null)}\n`);
  }
  const [datum] = data;
  const ok = data.length === 1 && JSON.stringify(datum?.values) === '[12,15,40]' && JSON.stringify(datum?.counts) === '[3,1,1]';
  return { added: results.length, readBack: data.length, ok };
}

const USAGE = `Usage: node dist/sinks.js

Runs each sink's minimal usage (Kinesis, DynamoDB, SQS standard and FIFO, CloudWatch) against
local emulators, prints what every add() resolved with and what landed, and checks that what
landed is exactly what was sent (exit code 1 if not).
`;

if (isEntryPoint('sinks')) {
  runCli(USAGE, async () => {
    if (parseFlags(process.argv.slice(2), { help: { type: 'boolean', short: 'h' } }).help === true) {
      process.stdout.write(USAGE);
      return 0;
    }
    const summary = await main();
    const failed = Object.entries(summary).filter(([, result]) => !result.ok).map(([sink]) => sink);
    process.stdout.write(failed.length === 0 ? 'verification: OK - every snippet read back exactly what it sent\n' : `verification: FAILED - ${failed.join(', ')}\n`);
    return failed.length === 0 ? 0 : 1;
  });
}
