// FIFO ordering per message group, against local-aws-sqs behind the fault proxy. Messages of
// many groups (customers) are add()ed interleaved, each carrying its position in its group, to
// a FIFO queue through a Batcher with concurrency 4, while the proxy fails entries, throttles
// whole requests, answers 500 and resets connections after SQS applied a request. Then the queue
// is drained and every group is checked: exactly its messages, in add order, none twice.
//
// What keeps the order (all the sink's defaults): a group is never in two requests in flight,
// a failed message is re-sent before any later message of its group, and a request carries at
// most one message per group (`strictOrdering`), since SQS would enqueue a later message of the
// group while failing an earlier one in the same request. The deduplication id fixed at add()
// makes a re-send after a reset harmless. `--loose` turns strictOrdering off to show the
// reordering it prevents (the verification then fails, exit code 1).
//
// Run: pnpm --filter "@batch/examples..." build && node examples/dist/fifoOrdering.js [--messages 2000] [--groups 20] [--seed 7] [--loose]
import { Batcher, BatchError } from '@batch/core';
import { startLocalAws } from '@batch/local-aws';
import type { SqsMessage } from '@batch/local-aws';
import { sqsSink } from '@batch/sink-sqs';
import { isEntryPoint, numberFlag, parseFlags, runCli } from './support/cli.js';
import { formatCount } from './support/format.js';
import { mulberry32 } from './support/random.js';
import type { Output } from './support/types.js';

/** Options of {@link main}. */
export interface FifoOrderingOptions {
  /** Messages in all, spread over the groups at random (seeded). @default 2000 */
  readonly messages?: number | undefined;
  /** Message groups (customers). @default 20 */
  readonly groups?: number | undefined;
  /** Requests in flight at once. @default 4 */
  readonly concurrency?: number | undefined;
  /** The sink's `strictOrdering` (one message per group per request). @default true */
  readonly strictOrdering?: boolean | undefined;
  /** Seed of the groups' draw, the proxy's faults and the retry jitter. @default 7 */
  readonly seed?: number | undefined;
  /** Where to print. @default process.stdout */
  readonly out?: Output | undefined;
}

/** What a run sent, what came back, and whether every group kept its order. */
export interface FifoOrderingSummary {
  readonly messages: number;
  readonly delivered: number;
  /** Failed messages by error code. */
  readonly failures: Readonly<Record<string, number>>;
  readonly retried: number;
  /** SendMessageBatch requests, by what the proxy did to them (`ok` when nothing). */
  readonly requests: Readonly<Record<string, number>>;
  readonly received: number;
  readonly missing: number;
  readonly duplicated: number;
  /** Groups whose messages were received out of add order. */
  readonly outOfOrderGroups: number;
  readonly ok: boolean;
}

/** One message's body: its group and its position in the group. */
interface Body {
  readonly group: string;
  readonly seq: number;
}

/**
 * Sends the messages through the faults, drains the queue and checks every group.
 * @example const { ok } = await main({ messages: 500, groups: 10 });
 */
export async function main(options: FifoOrderingOptions = {}): Promise<FifoOrderingSummary> {
  const messages = options.messages ?? 2000;
  const groups = options.groups ?? 20;
  const concurrency = options.concurrency ?? 4;
  const strictOrdering = options.strictOrdering ?? true;
  const seed = options.seed ?? 7;
  const out = options.out ?? process.stdout;

  const aws = await startLocalAws({ seed, services: ['sqs'] });
  const client = aws.sqs.client({ maxAttempts: 1 }); // every retry is the batcher's own
  try {
    const queueUrl = await aws.sqs.createQueue('customer-updates.fifo');
    const { faults } = aws.sqs;
    const operation = 'SendMessageBatch';
    faults.add({ operation, ratio: 0.05, reset: 'after' });
    faults.add({ operation, ratio: 0.05, error: faults.internalError });
    faults.add({ operation, ratio: 0.05, error: faults.throttlingError });
    faults.add({ operation, ratio: 0.3, failEntries: { ratio: 0.3 } });
    out.write(
      `FIFO ordering: ${formatCount(messages)} messages in ${groups} groups, concurrency ${concurrency}, ` +
        `strictOrdering ${strictOrdering ? 'on' : 'OFF'}, seed ${seed}\n` +
        `faults on ${operation} (seeded): 5% reset after SQS applied them, 5% answered 500, 5% throttled, ` +
        `30% of the rest with 30% of their entries failed\n`,
    );

    const fifo = new Batcher({
      ...sqsSink({ client, queueUrl, strictOrdering }),
      maxBatchDelay: 5,
      concurrency,
      retry: { baseDelay: 10, maxDelay: 200, random: mulberry32(seed ^ 0x5eed) },
    });
    const random = mulberry32(seed);
    const sent = new Map<string, number[]>();
    const failures: Record<string, number> = {};
    let delivered = 0;
    const settled: Promise<void>[] = [];
    for (let i = 0; i < messages; i++) {
      const group = `customer-${String(Math.floor(random() * groups) + 1).padStart(2, '0')}`;
      const seqs = sent.get(group) ?? [];
      seqs.push(seqs.length + 1);
      sent.set(group, seqs);
      const body: Body = { group, seq: seqs.length };
      settled.push(
        fifo.add({ body, messageGroupId: group }).then(
          () => void (delivered += 1),
          (error: unknown) => {
            const code = error instanceof BatchError ? error.code : 'UNKNOWN';
            failures[code] = (failures[code] ?? 0) + 1;
          },
        ),
      );
    }
    await Promise.all(settled);
    await fifo.shutdown();

    const requests: Record<string, number> = {};
    for (const entry of faults.log) {
      if (entry.operation === operation) requests[entry.fault ?? 'ok'] = (requests[entry.fault ?? 'ok'] ?? 0) + 1;
    }
    faults.clear();
    const received = await aws.sqs.receiveAll(queueUrl);
    const check = checkGroups(sent, received);
    const summary: FifoOrderingSummary = {
      messages,
      delivered,
      failures,
      retried: fifo.stats().retried,
      requests,
      received: received.length,
      ...check,
      ok: check.missing === 0 && check.duplicated === 0 && check.outOfOrderGroups === 0 && delivered === messages,
    };
    out.write(formatSummary(summary, groups));
    return summary;
  } finally {
    client.destroy();
    await aws.stop();
  }
}

/**
 * Compares what each group received (in receive order) with what was sent to it (in add
 * order): missing and duplicated messages, and groups whose first receipts are out of order.
 */
export function checkGroups(
  sent: ReadonlyMap<string, readonly number[]>,
  received: readonly Pick<SqsMessage, 'body' | 'attributes'>[],
): { missing: number; duplicated: number; outOfOrderGroups: number } {
  const got = new Map<string, number[]>();
  for (const message of received) {
    const body = JSON.parse(message.body) as Body;
    // The group SQS filed it under, not the one the body claims.
    const group = message.attributes.MessageGroupId ?? '';
    const seqs = got.get(group) ?? [];
    seqs.push(body.group === group ? body.seq : -1);
    got.set(group, seqs);
  }
  let missing = 0;
  let duplicated = 0;
  let outOfOrderGroups = 0;
  for (const group of new Set([...sent.keys(), ...got.keys()])) {
    const want = new Set(sent.get(group));
    const seqs = got.get(group) ?? [];
    const seen = new Set<number>();
    let previous = 0;
    let inOrder = true;
    for (const seq of seqs) {
      if (seen.has(seq)) duplicated += 1;
      else if (seq < previous) inOrder = false;
      seen.add(seq);
      previous = Math.max(previous, seq);
    }
    for (const seq of want) if (!seen.has(seq)) missing += 1;
    // A message that was never sent to this group (wrong group, unknown) counts as out of order.
    if (!inOrder || seqs.some((seq) => !want.has(seq))) outOfOrderGroups += 1;
  }
  return { missing, duplicated, outOfOrderGroups };
}

function formatSummary(s: FifoOrderingSummary, groups: number): string {
  const requests = Object.entries(s.requests)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${kind} ${formatCount(n)}`)
    .join(', ');
  const failed = Object.entries(s.failures)
    .map(([code, n]) => `${code} ${formatCount(n)}`)
    .join(', ');
  const verdict = s.ok
    ? `OK - every group received exactly its messages, in add order, none twice\n`
    : `FAILED - ${formatCount(s.missing)} missing, ${formatCount(s.duplicated)} duplicated, ` +
      `${s.outOfOrderGroups} of ${groups} groups out of add order${failed === '' ? '' : `; failed: ${failed}`}\n`;
  return (
    `sent: ${formatCount(s.delivered)} delivered${failed === '' ? '' : ` (failed: ${failed})`}, ${formatCount(s.retried)} retries\n` +
    `SendMessageBatch requests: ${requests}\n` +
    `received ${formatCount(s.received)} messages: ${verdict}`
  );
}

const USAGE = `Usage: node dist/fifoOrdering.js [options]

Sends messages of many groups to a local FIFO queue through a Batcher (concurrency 4) while
the fault proxy fails entries, throttles, answers 500 and resets connections, then receives the
queue and checks every group: its messages in add order, none missing, none twice.

Options:
  --messages <n>   messages in all (default 2000)
  --groups <n>     message groups (default 20)
  --seed <n>       seed of the groups, the faults and the retry jitter (default 7)
  --loose          strictOrdering off: several messages of a group per request (reorders)
  -h, --help       show this help

Exit code: 0 when every group is in order, 1 otherwise, 2 on a bad command line.
`;

/** The command line: parses `argv`, returns the exit code. */
export async function cli(argv: readonly string[], out: Output = process.stdout): Promise<number> {
  const flags = parseFlags(argv, {
    messages: { type: 'string' },
    groups: { type: 'string' },
    seed: { type: 'string' },
    loose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help === true) {
    out.write(USAGE);
    return 0;
  }
  const summary = await main({
    messages: numberFlag('messages', flags.messages, 2000, { integer: true, min: 1, max: 1_000_000 }),
    groups: numberFlag('groups', flags.groups, 20, { integer: true, min: 1, max: 10_000 }),
    seed: numberFlag('seed', flags.seed, 7, { integer: true, min: 0, max: 2 ** 32 - 1 }),
    strictOrdering: flags.loose !== true,
    out,
  });
  return summary.ok ? 0 : 1;
}

if (isEntryPoint('fifoOrdering')) runCli(USAGE, () => cli(process.argv.slice(2)));
