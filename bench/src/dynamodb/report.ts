/** The dynamodb suite's markdown: setup, the results table, and the targets. */
import { count, mb, micros, range, ratio, ratioOrDash, table, verdict } from '../lib/markdown.js';
import { medianIfAll, spread } from '../lib/stats.js';
import { landedCell, sameRoundRatios } from '../lib/measurement.js';
import type { Measured, Measurement as BaseMeasurement } from '../lib/measurement.js';
import type { ClientResult, ContenderName, Verification } from './protocol.js';
import { buildItems, lowerBound, MAX_REQUEST_BYTES, MAX_WRITES_PER_REQUEST, requestBytes } from './workload.js';
import type { WorkloadSpec } from './workload.js';

/** The workload and how many items each contender writes (and warms up with). */
export interface Plan {
  readonly spec: WorkloadSpec;
  readonly warmupItems: number;
  /** How many times the warm-up items are written before the timed run (each time a fresh Batcher or loop). */
  readonly warmupPasses: number;
  /** PutItem one by one writes only this many: at ~1 ms per call the full workload would take too long. */
  readonly singleItems: number;
  readonly singleWarmupItems: number;
  readonly concurrency: number;
}

/** One client child's result and the scan of its table. */
export type Measurement = BaseMeasurement<ContenderName, ClientResult, Verification>;

export interface ReportInput extends Measured<Measurement> {
  readonly plan: Plan;
}

/** The targets for the sink. */
export const TARGETS = {
  /** Sink API calls, worst round, at most this × the lower bound (keys do not repeat). */
  callsToBound: 1.01,
  /** Sink client CPU per item at most this × the raw loop's. */
  cpuToRaw: 1.15,
} as const;

const LABEL: Record<ContenderName, string> = {
  sink: '`@batch/sink-dynamodb` in a Batcher',
  raw: 'raw `BatchWriteItem` loop (25, retries `UnprocessedItems`)',
  reference: 'reference: a Batcher that only marshals at `add()`',
  single: '`PutItem` one by one',
};
const ORDER: readonly ContenderName[] = ['sink', 'raw', 'reference', 'single'];

function landedOnce(m: Measurement): boolean {
  const v = m.verification;
  return v.matching === v.expected && v.read === v.expected && v.missing === 0 && v.corrupt === 0 && m.result.itemsSent === m.result.items + m.result.retriedItems;
}

function describeLoss(m: Measurement): string {
  const v = m.verification;
  return `round ${m.round + 1}: ${v.missing} missing, ${v.corrupt} wrong of ${v.expected}; ${m.result.itemsSent} writes sent`;
}

export function renderReport(input: ReportInput): string {
  const { plan, measurements, rounds, targets } = input;
  const items = buildItems(plan.spec);
  const sizes = requestBytes(items);
  const sorted = [...sizes].sort((a, b) => a - b);
  const bytesOf = (n: number): number => sizes.slice(0, n).reduce((sum, s) => sum + s, 0);
  const of = (contender: ContenderName): Measurement[] => measurements.filter((m) => m.contender === contender);
  const rawRuns = of('raw');
  const rawCpu = spread(rawRuns.map((m) => m.result.cpuMicrosPerItem));
  const rawMain = medianIfAll(rawRuns.map((m) => m.result.mainThreadCpuMicrosPerItem));
  const rawValid = rawRuns.every(landedOnce);

  const rows = ORDER.map((contender) => {
    const runs = of(contender);
    const n = runs[0]?.result.items ?? 0;
    const bound = lowerBound(n, bytesOf(n));
    const calls = spread(runs.map((m) => m.result.calls));
    const rate = spread(runs.map((m) => m.result.itemsPerSecond));
    const cpu = spread(runs.map((m) => m.result.cpuMicrosPerItem));
    const largest = Math.max(...runs.map((m) => m.result.largestCallItems));
    const landed = landedCell(runs, n, landedOnce, describeLoss);
    let target = '—';
    let result = '—';
    let sameRound = '—';
    if (contender === 'sink' || contender === 'reference') {
      sameRound = range(sameRoundRatios(runs, rawRuns, (m) => m.result.cpuMicrosPerItem), ratio);
    }
    if (contender === 'sink') {
      const valid = landed.valid && rawValid;
      const cpuRatio = cpu.median / rawCpu.median;
      const cpuPass = valid && cpuRatio <= TARGETS.cpuToRaw;
      const callsPass = valid && calls.max <= TARGETS.callsToBound * bound;
      targets.push({
        name: `sink API calls ≤ ${TARGETS.callsToBound} × lower bound (keys do not repeat; worst round)`,
        measured: valid ? `${calls.max} calls, bound ${bound} (${ratio(calls.max / bound)})` : 'invalid (data lost)',
        pass: callsPass,
      });
      targets.push({ name: `sink client CPU/item ≤ ${ratio(TARGETS.cpuToRaw)} raw loop's`, measured: valid ? ratio(cpuRatio) : 'invalid (data lost)', pass: cpuPass });
      target = `calls ≤ ${TARGETS.callsToBound} × bound: ${verdict(callsPass)}<br>CPU ≤ ${ratio(TARGETS.cpuToRaw)} raw: ${verdict(cpuPass)}`;
      result = callsPass && cpuPass ? 'pass' : '**FAIL**';
    }
    return [
      LABEL[contender],
      count(n),
      `${count(rate.median)}/s`,
      range(rate, count),
      range(calls, count),
      count(bound),
      ratio(calls.median / bound),
      count(largest),
      micros(cpu.median),
      range(cpu, micros),
      contender === 'raw' ? '1.00×' : ratio(cpu.median / rawCpu.median),
      sameRound,
      ratioOrDash(medianIfAll(runs.map((m) => m.result.mainThreadCpuMicrosPerItem)), rawMain),
      landed.cell,
      target,
      result,
    ];
  });

  const total = bytesOf(items.length);
  return [
    '### Setup',
    '',
    `- Lower bound = max(⌈items / ${MAX_WRITES_PER_REQUEST}⌉, ⌈bytes / ${count(MAX_REQUEST_BYTES)}⌉), bytes = each write's ` +
      '`{"PutRequest":{"Item":…}},` as the SDK serializes it. Keys never repeat, so the bound is reachable. The 16 MB limit cannot bind ' +
      'here (25 items of ≤ 400 KB are at most 10 MB); the 25-write limit does.',
    `- Concurrency ${plan.concurrency} for all (the Batchers' \`concurrency\`; ${plan.concurrency} workers sharing one cursor for the loops). ` +
      'Sink: `dynamoDbSink({ client, tableName, keyAttributes: [{ name: \'pk\', type: \'S\' }, { name: \'sk\', type: \'N\' }] })`, ' +
      '`maxBatchDelay` 0, other options default. Every contender starts from the same plain JavaScript items and marshals them with ' +
      "`@aws-sdk/util-dynamodb` (the Batchers at `add()`, the loops before each call). dynalite's own endpoint (no fault proxy), a fresh " +
      'on-demand table per measurement, scanned afterwards and deleted.',
    '- The reference is not a product: a Batcher whose `prepare` only marshals (no checks, sizes or keys) and whose `processBatch` ' +
      'sends the marshalled items and answers each written. Its CPU over the raw loop is what marshalling at `add()` and holding a ' +
      "whole burst marshalled, with a promise per item, costs before any of the sink's own work.",
    '- Client children: `new DynamoDBClient({ endpoint, region, credentials, requestHandler: new NodeHttpHandler(), maxAttempts: 1 })`, ' +
      `CPU = \`process.cpuUsage()\` (user + system) around the timed run, after a warm-up on another table (the warm-up items written ${plan.warmupPasses} times) and a \`gc()\`. dynalite runs ` +
      'in a separate process: its CPU is not counted. items/s is wall clock and includes dynalite. API calls are counted by an ' +
      '`initialize`-step middleware (with `maxAttempts: 1`, one call is one HTTP request).',
    '- **landed** is the read-back: a full scan finds every item written, with exactly the attributes written (both sides ' +
      'unmarshalled and compared as canonical JSON), and nothing else; and the middleware counted exactly one write sent per item ' +
      '(plus re-sent `UnprocessedItems`; dynalite never returns any), since a scan cannot show a put applied twice.',
    '',
    table(
      ['workload', 'items', 'request bytes', 'bytes/write min / median / max', 'lower bound (calls)', 'warm-up items'],
      [
        [
          `${plan.spec.name} (seed ${plan.spec.seed})`,
          count(items.length),
          mb(total),
          `${count(sorted[0] ?? 0)} / ${count(sorted[sorted.length >> 1] ?? 0)} / ${count(sorted[sorted.length - 1] ?? 0)} B`,
          count(lowerBound(items.length, total)),
          `${plan.warmupPasses} × ${count(plan.warmupItems)} (one by one: ${count(plan.singleItems)} timed, ${plan.warmupPasses} × ${count(plan.singleWarmupItems)} warm-up)`,
        ],
      ],
      ['l', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
    `Each item: \`pk\` = \`customer#<n>\` (${count(plan.spec.customers)} customers), \`sk\` = its index (unique), status, total, ` +
      `currency, createdAt, a boolean, 1–5 order lines (list of maps), a string set of 1–3 tags, and a note of ` +
      `${count(plan.spec.minNote)} B – ${count(plan.spec.maxNote)} B (log-uniform).`,
    '',
    `### ${plan.spec.name}: ${count(plan.spec.items)} items`,
    '',
    table(
      [
        'contender',
        'items',
        'items/s (median)',
        'min – max',
        'API calls',
        'lower bound',
        'calls ÷ bound',
        'largest call (items)',
        'client CPU/item (median)',
        'min – max',
        '÷ raw',
        'same-round ÷ raw',
        'main thread: CPU/item ÷ raw',
        'landed',
        'target',
        'result',
      ],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'l', 'l'],
    ),
    '',
    `Medians over ${rounds} rounds, min – max beside them. "÷ raw" is the ratio of medians; "same-round" is the range of the contender ÷ raw ` +
      'within each round. "main thread" is the JavaScript thread\'s own CPU (Linux `schedstat`), without V8\'s compiler and GC threads ' +
      'that `process.cpuUsage()` includes; informational, the target is on the whole process. ' +
      'API calls: the target takes the worst round. A contender that loses data is invalid and fails its targets.',
  ].join('\n');
}
