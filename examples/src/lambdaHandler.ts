// An AWS Lambda-style handler for an SQS event source, with no AWS involved. The Batcher is
// created once, at module scope, so warm invocations reuse it; each invocation add()s its
// records and then `await batcher.flush()` before returning. That matters because Lambda
// freezes the process the moment the handler returns: a job still waiting for maxBatchDelay
// (and its timer) would sit frozen until the next invocation, or be lost with the container.
// flush() sends everything at once and resolves when every record added so far has settled,
// so the handler returns with nothing pending and no timer left. Failed records are reported
// as SQS partial batch failures (`batchItemFailures`), so only they are redelivered.
//
// Deploy: handler `lambdaHandler.handler` (with ReportBatchItemFailures enabled on the event source).
// Run locally: pnpm --filter "@batch/examples..." build && node examples/dist/lambdaHandler.js
//              (invokes the handler a few times with sample events and prints what is left after each).
import { Batcher, BatchError, failure, success } from '@batch/core';
import type { BatcherStats } from '@batch/core';
import { isEntryPoint, parseFlags, runCli } from './support/cli.js';
import { formatCount } from './support/format.js';
import type { Output } from './support/types.js';

// Minimal local event types: the fields this handler reads, nothing more (no aws-lambda dependency).

/** One SQS message as delivered to Lambda. */
export interface SqsRecord {
  readonly messageId: string;
  readonly body: string;
}

/** The SQS event source's event. */
export interface SqsEvent {
  readonly Records: readonly SqsRecord[];
}

/** A partial batch response: the messages SQS should deliver again. */
export interface SqsBatchResponse {
  readonly batchItemFailures: readonly { readonly itemIdentifier: string }[];
}

/** The Lambda context, reduced to one field (this handler does not read it; Lambda passes it). */
export interface LambdaContext {
  readonly awsRequestId: string;
}

/** A Lambda handler for SQS events. */
export type SqsHandler = (event: SqsEvent, context: LambdaContext) => Promise<SqsBatchResponse>;

/** The job: a page view parsed from a message body. */
export interface PageView {
  readonly messageId: string;
  readonly userId: string;
  readonly url: string;
}

/** The downstream "analytics table" (in memory here): how many times each message was written. */
export type Warehouse = Map<string, number>;

/** Thrown by the warehouse for rows it refuses for good. */
export class RejectedRowError extends Error {
  override readonly name = 'RejectedRowError';
}

/** Options of {@link createHandler}. */
export interface HandlerOptions {
  /** Where rows land. @default a new, empty Map */
  readonly warehouse?: Warehouse | undefined;
  /** @default 100 */
  readonly maxBatchSize?: number | undefined;
  /**
   * Milliseconds. Within an invocation flush() makes this moot; it only matters to jobs added
   * without a flush, which this handler never leaves behind. @default 1000
   */
  readonly maxBatchDelay?: number | undefined;
}

/** A handler together with what it owns, for inspection. */
export interface HandlerService {
  readonly handler: SqsHandler;
  readonly batcher: Batcher<PageView, number>;
  readonly warehouse: Warehouse;
}

/** Parses a message body into a page view, or explains why it cannot. */
export function parsePageView(record: SqsRecord): PageView | Error {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch (error) {
    return new Error('body is not JSON', { cause: error });
  }
  if (typeof body !== 'object' || body === null) return new Error('body is not an object');
  const { userId, url } = body as { userId?: unknown; url?: unknown };
  if (typeof userId !== 'string' || typeof url !== 'string') return new Error('body lacks userId or url');
  return { messageId: record.messageId, userId, url };
}

/**
 * Builds a handler with its own Batcher. Call it once, at module scope, as below: one batcher
 * per container, shared by every invocation that container serves.
 * @example export const { handler } = createHandler();
 */
export function createHandler(options: HandlerOptions = {}): HandlerService {
  const warehouse = options.warehouse ?? new Map<string, number>();
  const batcher = new Batcher<PageView, number>({
    maxBatchSize: options.maxBatchSize ?? 100,
    maxBatchDelay: options.maxBatchDelay ?? 1000,
    // A real sink would call the downstream API here; the warehouse refuses internal URLs.
    processBatch(views) {
      const outcomes = views.map((view) => {
        if (view.url.startsWith('internal:')) return failure(new RejectedRowError('internal URL'), { retryable: false });
        warehouse.set(view.messageId, (warehouse.get(view.messageId) ?? 0) + 1);
        return success(warehouse.size);
      });
      return Promise.resolve(outcomes);
    },
  });

  const handler: SqsHandler = async (event) => {
    // One promise per record, each resolving to the messageId when that record failed.
    const outcomes = event.Records.map((record): Promise<string | undefined> => {
      const view = parsePageView(record);
      if (view instanceof Error) return Promise.resolve(record.messageId);
      return batcher.add(view).then(
        () => undefined,
        (error: unknown) => {
          // Only the batcher's own errors are expected here; anything else is a bug, rethrown.
          if (!(error instanceof BatchError)) throw error;
          return record.messageId;
        },
      );
    });
    // Send now rather than after maxBatchDelay, and wait until every record has settled: when
    // the handler returns, the batcher holds no job and no timer. flush() never rejects.
    await batcher.flush();
    const failed = (await Promise.all(outcomes)).filter((id): id is string => id !== undefined);
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };

  return { handler, batcher, warehouse };
}

/** The module-scope service: created once per container, reused by warm invocations. */
export const service: HandlerService = createHandler();

/** The Lambda entry point. */
export const handler: SqsHandler = service.handler;

/** One local invocation's result. */
export interface InvocationReport {
  readonly requestId: string;
  readonly records: number;
  readonly response: SqsBatchResponse;
  /** `stats()` after the handler returned: `pending` must be 0. */
  readonly stats: BatcherStats;
  /** Active `Timeout` handles in the process after the handler returned. */
  readonly timers: number;
}

/** Builds a sample event of `size` records; every 50th body is malformed, every 40th is refused. */
export function sampleEvent(invocation: number, size: number): SqsEvent {
  const Records: SqsRecord[] = [];
  for (let i = 1; i <= size; i++) {
    const messageId = `msg-${invocation}-${i}`;
    const url = i % 40 === 0 ? `internal:/admin/${i}` : `https://example.com/p/${i}`;
    Records.push({ messageId, body: i % 50 === 0 ? '{not json' : JSON.stringify({ userId: `user-${i % 7}`, url }) });
  }
  return { Records };
}

/** The records of `sampleEvent(invocation, size)` the handler must report failed: the malformed and the refused. */
export function expectedFailures(invocation: number, size: number): string[] {
  const failed: string[] = [];
  for (let i = 1; i <= size; i++) if (i % 50 === 0 || i % 40 === 0) failed.push(`msg-${invocation}-${i}`);
  return failed;
}

/**
 * What is wrong with a run of `main`, if anything: an invocation that reported other failures
 * than its malformed and refused records, or left a job or a timer behind; a warehouse that does
 * not hold exactly the other records, each once.
 */
export function checkRun(reports: readonly InvocationReport[], warehouse: Warehouse): string[] {
  const problems: string[] = [];
  const expectedRows = new Set<string>();
  for (const [index, report] of reports.entries()) {
    const invocation = index + 1;
    const failed = report.response.batchItemFailures.map((item) => item.itemIdentifier).sort();
    const expected = expectedFailures(invocation, report.records);
    if (JSON.stringify(failed) !== JSON.stringify([...expected].sort())) {
      problems.push(`${report.requestId}: reported ${failed.length} failures, expected ${expected.length}`);
    }
    if (report.stats.pending !== 0 || report.timers !== 0) problems.push(`${report.requestId}: returned with ${report.stats.pending} pending, ${report.timers} timers`);
    const refused = new Set(expected);
    for (let i = 1; i <= report.records; i++) if (!refused.has(`msg-${invocation}-${i}`)) expectedRows.add(`msg-${invocation}-${i}`);
  }
  const rows = [...warehouse.keys()];
  if (rows.length !== expectedRows.size || rows.some((row) => !expectedRows.has(row))) {
    problems.push(`warehouse holds ${rows.length} rows, expected ${expectedRows.size}`);
  }
  const repeated = [...warehouse.values()].filter((n) => n !== 1).length;
  if (repeated > 0) problems.push(`${repeated} rows written more than once`);
  return problems;
}

/**
 * Invokes the module-scope handler like a warm Lambda container would, once per entry of
 * `sizes`, and reports what each invocation left behind.
 */
export async function main(
  options: { readonly sizes?: readonly number[]; readonly out?: Output; readonly service?: HandlerService } = {},
): Promise<InvocationReport[]> {
  const out = options.out ?? process.stdout;
  const sizes = options.sizes ?? [250, 37, 120];
  const { handler: invoke, batcher, warehouse } = options.service ?? service;
  const reports: InvocationReport[] = [];
  for (const [index, size] of sizes.entries()) {
    const requestId = `req-${index + 1}`;
    const response = await invoke(sampleEvent(index + 1, size), { awsRequestId: requestId });
    const stats = batcher.stats();
    const timers = process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    reports.push({ requestId, records: size, response, stats, timers });
    const failed = response.batchItemFailures.map((item) => item.itemIdentifier);
    out.write(
      `${requestId}: ${formatCount(size)} records -> ${failed.length} batchItemFailures ` +
        `[${failed.slice(0, 4).join(', ')}${failed.length > 4 ? ', ...' : ''}]; ` +
        `after return: pending ${stats.pending}, timers ${timers}; batcher totals: ` +
        `${formatCount(stats.added)} added, ${formatCount(stats.batches)} batches\n`,
    );
  }
  out.write(`warehouse holds ${formatCount(warehouse.size)} rows, each written once: ${[...warehouse.values()].every((n) => n === 1)}\n`);
  return reports;
}

const USAGE = `Usage: node dist/lambdaHandler.js

Invokes the SQS Lambda handler locally three times (250, 37 and 120 records) on one warm
"container" and shows that each invocation returns with nothing pending and no timer left.
`;

if (isEntryPoint('lambdaHandler')) {
  runCli(USAGE, async () => {
    const flags = parseFlags(process.argv.slice(2), { help: { type: 'boolean', short: 'h' } });
    if (flags.help === true) {
      process.stdout.write(USAGE);
      return 0;
    }
    const reports = await main();
    const problems = checkRun(reports, service.warehouse);
    process.stdout.write(
      problems.length === 0
        ? 'verification: OK - each invocation reported exactly its malformed and refused records, left nothing behind, and every other record landed once\n'
        : `verification: FAILED - ${problems.join('; ')}\n`,
    );
    return problems.length === 0 ? 0 : 1;
  });
}
