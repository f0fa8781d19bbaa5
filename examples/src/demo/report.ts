// What the demo prints: the header, the live status block and the summary.
import { formatCount, formatDecimal, formatPercent, formatTable } from '../support/format.js';
import { RESOURCES, SETTINGS, apiCalls } from './pipelines.js';
import type { Pipelines } from './pipelines.js';
import { SINK_NAMES } from './types.js';
import type { DemoSummary, SinkName } from './types.js';

/** What the header states about the run. */
export interface HeaderFacts {
  readonly total: number;
  readonly durationMs: number;
  readonly rate: number;
  readonly faultRate: number;
  readonly seed: number;
  readonly customers: number;
  readonly paidShare: number;
}

/** What the run will do: resources, workload, batcher settings per sink, faults. */
export function header(p: Pipelines, facts: HeaderFacts): string {
  const perOrder: Record<SinkName, string> = {
    kinesis: 'event, partition key = customer',
    dynamodb: `item by order id (${Math.round(facts.paidShare * 100)}% twice)`,
    sqs: 'message',
    fifo: 'message, group = customer',
    cloudwatch: 'latency point, dimension route',
  };
  const rows = [
    ['sink', 'API', 'per order', 'maxBatchDelay', 'concurrency'],
    ...p.views.map((view) => [
      view.name,
      view.api,
      perOrder[view.name],
      `${formatCount(SETTINGS[view.name].maxBatchDelay)} ms`,
      String(SETTINGS[view.name].concurrency),
    ]),
  ];
  const faults = p.views.map((view) => `  ${view.name.padEnd(10)}  ${view.faults}\n`).join('');
  return (
    `created stream ${RESOURCES.streamName} (${RESOURCES.shards} shards), table ${RESOURCES.tableName}, ` +
    `queues ${RESOURCES.queueName} and ${RESOURCES.fifoQueueName}\n` +
    `order service: ${formatCount(facts.total)} orders over ${formatDecimal(facts.durationMs / 1000)} s (${formatCount(facts.rate)}/s), ` +
    `${facts.customers} customers, seed ${facts.seed}\n\n` +
    formatTable(rows, ['left', 'left', 'left', 'right', 'right']) +
    `\nfaults: the proxies fault ${formatPercent(facts.faultRate)} of each sink's batch requests (seeded draws; CloudWatch's\n` +
    `PutMetricData is all-or-nothing, so it is only throttled; no connection resets). SDK clients make\n` +
    `one attempt, so every retry below is the library's own.\n${faults}\n`
  );
}

/** The live status: a line for the intake, then one per sink. */
export function statusBlock(p: Pipelines, orders: number, total: number, elapsedMs: number): string {
  const lines = [`${formatDecimal(elapsedMs / 1000).padStart(5)} s  ${formatCount(orders)} of ${formatCount(total)} orders`];
  for (const view of p.views) {
    const s = view.batcher.stats();
    const { calls } = apiCalls(view);
    lines.push(
      `  ${view.name.padEnd(10)} added ${formatCount(s.added).padStart(7)}  delivered ${formatCount(s.succeeded).padStart(7)}  ` +
        `retried ${formatCount(s.retried).padStart(5)}  failed ${formatCount(s.failed).padStart(3)}  ` +
        `in flight ${formatCount(s.inFlight).padStart(5)}  API calls ${formatCount(calls).padStart(5)}`,
    );
  }
  return lines.join('\n');
}

/** The summary table, each sink's read-back verdict, and what the lower bounds mean. */
export function formatSummary(summary: DemoSummary): string {
  const checks = new Map(summary.checks.map((check) => [check.sink, check]));
  const rows = [
    ['sink', 'added', 'delivered', 'failed', 'retries', 'API calls', 'faulted', 'lower bound', 'read-back'],
    ...summary.sinks.map((s) => [
      s.sink,
      formatCount(s.added),
      formatCount(s.delivered),
      formatCount(s.failed),
      formatCount(s.retried),
      formatCount(s.apiCalls),
      formatCount(s.faultedCalls),
      formatCount(s.lowerBound),
      checks.get(s.sink)?.ok === true ? 'OK' : 'FAILED',
    ]),
  ];
  const verdicts = SINK_NAMES.map((sink) => {
    const check = checks.get(sink);
    if (check === undefined) return `  ${sink}: not checked\n`;
    const head = `  ${sink}: ${check.ok ? 'OK' : 'FAILED'} - ${check.verified}\n`;
    return head + check.problems.map((problem) => `      ! ${problem}\n`).join('');
  }).join('');
  const cloudwatch = summary.sinks.find((s) => s.sink === 'cloudwatch');
  const withoutFolding = cloudwatch === undefined ? 0 : Math.ceil(cloudwatch.added / 1000);
  const bounds =
    'lower bound = the fewest requests that could carry the jobs added, by the service limits and the\n' +
    'ordering constraints alone (n jobs):\n' +
    '  Kinesis     max(ceil(n/500), ceil(bytes/10 MiB), most records of one customer): strictOrdering\n' +
    '              sends at most one record per partition key per request\n' +
    '  DynamoDB    max(ceil(n/25), most writes to one key): a request never names a key twice\n' +
    '  SQS         max(ceil(n/10), ceil(bytes/1 MiB)); FIFO also the longest group (one message per\n' +
    '              group per request)\n' +
    '  CloudWatch  points fold per route and minute, so max(ceil(n/10,000) points per folded batch,\n' +
    `              ceil(datums/1000)); without folding it would be ceil(n/1000) = ${formatCount(withoutFolding)}\n` +
    'Calls above the bound are batches cut by maxBatchDelay before they fill (at this rate), and\n' +
    'retries of the faulted calls.\n';
  const verdict = summary.ok
    ? `verification: OK - every job delivered, nothing lost or duplicated, order kept per customer and per key (seed ${summary.seed})\n`
    : `verification: FAILED (seed ${summary.seed}: rerun with --seed ${summary.seed} to replay the workload and fault draws)\n`;
  return (
    `${formatCount(summary.orders)} orders, stopped by ${summary.stoppedBy}, ${formatDecimal(summary.elapsedMs / 1000)} s in all\n\n` +
    `${formatTable(rows)}\nread-back:\n${verdicts}\n${bounds}\n${verdict}`
  );
}
