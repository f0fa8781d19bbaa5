/** The kinesis suite's markdown: setup, one results table per workload, and the targets. */
import { count, mb, micros, range, ratio, ratioOrDash, table, verdict } from '../lib/markdown.js';
import { medianIfAll, spread } from '../lib/stats.js';
import { landedCell, sameRoundRatios } from '../lib/measurement.js';
import type { Measured, Measurement as BaseMeasurement } from '../lib/measurement.js';
import type { ClientResult, ContenderName, LimitProbe, PackingResult, SendSettings, Verification } from './protocol.js';
import { greedyCalls, lowerBound, MAX_RECORDS_PER_REQUEST, payloadSizes, recordBytes } from './workload.js';
import type { WorkloadName, WorkloadSpec } from './workload.js';
import { describeLoss, landedExactlyOnce } from '../lib/exactlyOnce.js';

/** A workload and how many records each contender sends of it (and warms up with). */
export interface Plan {
  readonly spec: WorkloadSpec;
  readonly warmupRecords: number;
  /** PutRecord one by one sends only this many: at ~1 ms per call the full workload would take too long. */
  readonly singleRecords: number;
  readonly singleWarmupRecords: number;
}

/** One client child's result and the read-back of its stream. */
export interface Measurement extends BaseMeasurement<ContenderName, ClientResult, Verification> {
  readonly workload: WorkloadName;
}

export interface ReportInput extends Measured<Measurement> {
  readonly plans: Readonly<Record<WorkloadName, Plan>>;
  readonly settings: SendSettings;
  readonly shards: number;
  readonly probe: LimitProbe;
  readonly packing: PackingResult;
}

/** The issue's targets for the sink. */
export const TARGETS = {
  /** Sink API calls on the mixed workload, worst round, at most this × the lower bound. */
  callsToBound: 1.01,
  /** Sink client CPU per record at most this × the raw loop's, on each workload. */
  cpuToRaw: 1.15,
} as const;

const LABEL: Record<ContenderName, string> = {
  sink: '`@batch/sink-kinesis` in a Batcher',
  raw: 'raw `PutRecords` loop (greedy, 500 / limit)',
  rawPromises: 'reference: raw loop + one pending promise per record',
  single: '`PutRecord` one by one',
};
const ORDER: readonly ContenderName[] = ['sink', 'raw', 'rawPromises', 'single'];

const MiB = 1024 * 1024;

const intact = (m: Measurement): boolean => landedExactlyOnce(m.verification);
const lossOf = (m: Measurement): string => describeLoss(m.round, m.verification);

export function renderReport(input: ReportInput): string {
  const { plans, settings, shards, probe, rounds } = input;
  const probeLine =
    `kinesalite accepted PutRecords of exactly ${count(probe.limit)} B (data + partition keys) with ` +
    `${probe.acceptedRecordCounts.join(' and with ')} records, and answered ${count(probe.aboveLimitBytes)} B (5% more) with ` +
    `${typeof probe.aboveLimitStatus === 'number' ? `HTTP ${probe.aboveLimitStatus}` : probe.aboveLimitStatus}.`;
  const workloadRows = Object.values(plans).map((plan) => {
    const sizes = payloadSizes(plan.spec);
    const sorted = [...sizes].sort((a, b) => a - b);
    const bytes = recordBytes(sizes);
    const bound = lowerBound(sizes.length, bytes, settings.maxRequestBytes);
    return [
      plan.spec.name,
      count(plan.spec.records),
      mb(bytes),
      `${count(sorted[0] ?? 0)} / ${count(sorted[sorted.length >> 1] ?? 0)} / ${count(sorted[sorted.length - 1] ?? 0)} B`,
      count(bound),
      `${((100 * bytes) / (bound * settings.maxRequestBytes)).toFixed(1)}%`,
      count(greedyCalls(sizes, settings.maxRequestBytes)),
      `${count(plan.warmupRecords)} (one by one: ${count(plan.singleRecords)}, warm-up ${count(plan.singleWarmupRecords)})`,
    ];
  });
  const sections = [
    '### Setup',
    '',
    `- **Request limit: ${count(settings.maxRequestBytes)} B (${settings.maxRequestBytes / MiB} MiB)** of data + partition keys, for the sink ` +
      `(\`maxRequestBytes\`), the raw loop and the lower bound alike. AWS allows 10 MiB; kinesalite refuses request ` +
      `bodies over 7 MiB of JSON (base64 data), about 5.25 MiB of data. ${probeLine}`,
    `- Lower bound = max(⌈records / ${MAX_RECORDS_PER_REQUEST}⌉, ⌈bytes / limit⌉), bytes = data + partition keys ` +
      '(every key is 32 hex characters from `randomPartitionKey()`).',
    `- Concurrency ${settings.concurrency} for all three (the sink's \`concurrency\`; ${settings.concurrency} workers sharing one cursor for the loops). ` +
      `Sink: \`maxBatchDelay\` ${settings.maxBatchDelay}, other options default. kinesalite's own endpoint (no fault proxy), ` +
      `${shards} shards per stream, a fresh stream per measurement, read back afterwards and deleted.`,
    '- Client children: `new KinesisClient({ endpoint, region, credentials, requestHandler: new NodeHttpHandler(), maxAttempts: 1 })`, ' +
      'CPU = `process.cpuUsage()` (user + system) around the timed run, after a warm-up on another stream and a `gc()`. ' +
      'kinesalite runs in a separate process: its CPU is not counted. records/s is wall clock and includes kinesalite.',
    '',
    table(
      ['workload', 'records', 'data + keys', 'size min / median / max', 'lower bound (calls)', 'fill the bound needs', 'greedy in-order packing (calls)', 'warm-up records'],
      workloadRows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
    'The mixed count (345) is chosen so that the bound is tight: the requests must be 98.4% full on average, so ' +
      'packing quality decides the call count. With 300 records (89.6%) any packer meets the bound. The packing ' +
      'sweep below covers every count from 20 to 600.',
  ];
  for (const plan of Object.values(plans)) sections.push('', workloadSection(plan, input));
  sections.push('', packingSection(input));
  sections.push(
    '',
    `Medians over ${rounds} rounds, min – max beside them. "÷ raw" is the ratio of medians; "same-round" is the range of ` +
      'sink ÷ raw within each round. "main thread" is the JavaScript thread\'s own CPU (Linux `schedstat`), without V8\'s ' +
      'compiler and GC threads that `process.cpuUsage()` includes; informational, the target is on the whole process. ' +
      'API calls: the target takes the worst round. "landed" is the read-back: every record ' +
      'of the contender exactly once, byte for byte, nothing else; a benchmark that loses or duplicates data is invalid.',
  );
  return sections.join('\n');
}

function workloadSection(plan: Plan, input: ReportInput): string {
  const { settings, targets, measurements } = input;
  const workload = plan.spec.name;
  const sizes = payloadSizes(plan.spec);
  const of = (contender: ContenderName): Measurement[] => measurements.filter((m) => m.workload === workload && m.contender === contender);
  const rawRuns = of('raw');
  const rawCpu = spread(rawRuns.map((m) => m.result.cpuMicrosPerRecord));
  const rawMain = medianIfAll(rawRuns.map((m) => m.result.mainThreadCpuMicrosPerRecord));
  const rows = ORDER.map((contender) => {
    const runs = of(contender);
    const records = runs[0]?.result.records ?? 0;
    const bound = lowerBound(records, recordBytes(sizes, records), settings.maxRequestBytes);
    const calls = spread(runs.map((m) => m.result.calls));
    const rate = spread(runs.map((m) => m.result.recordsPerSecond));
    const cpu = spread(runs.map((m) => m.result.cpuMicrosPerRecord));
    const largestRecords = Math.max(...runs.map((m) => m.result.largestCallRecords));
    const largestBytes = Math.max(...runs.map((m) => m.result.largestCallBytes));
    const landed = landedCell(runs, records, intact, lossOf);
    let target = '—';
    let result = '—';
    let sameRound = '—';
    if (contender === 'sink' || contender === 'rawPromises') {
      sameRound = range(sameRoundRatios(runs, rawRuns, (m) => m.result.cpuMicrosPerRecord), ratio);
    }
    if (contender === 'sink') {
      const cpuRatio = cpu.median / rawCpu.median;
      const valid = landed.valid && rawRuns.every(intact);
      const cpuPass = valid && cpuRatio <= TARGETS.cpuToRaw;
      const parts = [`CPU ≤ ${ratio(TARGETS.cpuToRaw)} raw: ${verdict(cpuPass)}`];
      targets.push({ name: `${workload}: sink client CPU/record ≤ ${ratio(TARGETS.cpuToRaw)} raw loop's`, measured: valid ? ratio(cpuRatio) : 'invalid (data lost)', pass: cpuPass });
      if (workload === 'mixed') {
        const callsPass = valid && calls.max <= TARGETS.callsToBound * bound;
        parts.unshift(`calls ≤ ${TARGETS.callsToBound} × bound: ${verdict(callsPass)}`);
        targets.push({
          name: `${workload}: sink API calls ≤ ${TARGETS.callsToBound} × lower bound (worst round)`,
          measured: valid ? `${calls.max} calls, bound ${bound} (${ratio(calls.max / bound)})` : 'invalid (data lost)',
          pass: callsPass,
        });
      }
      target = parts.join('<br>');
      result = parts.every((p) => p.endsWith('pass')) ? 'pass' : '**FAIL**';
    }
    return [
      LABEL[contender],
      count(records),
      `${count(rate.median)}/s`,
      range(rate, count),
      range(calls, count),
      count(bound),
      ratio(calls.median / bound),
      (records / calls.median).toFixed(1),
      `${count(largestRecords)} / ${(largestBytes / MiB).toFixed(2)} MiB`,
      micros(cpu.median),
      range(cpu, micros),
      contender === 'raw' ? '1.00×' : ratio(cpu.median / rawCpu.median),
      sameRound,
      ratioOrDash(medianIfAll(runs.map((m) => m.result.mainThreadCpuMicrosPerRecord)), rawMain),
      landed.cell,
      target,
      result,
    ];
  });
  const title =
    workload === 'mixed'
      ? `### mixed: ${count(plan.spec.records)} records of ${count(plan.spec.minSize)} B – ${count(plan.spec.maxSize)} B (log-uniform, seed ${plan.spec.seed})`
      : `### small: ${count(plan.spec.records)} records of ${count(plan.spec.minSize)} B`;
  return [
    title,
    '',
    table(
      [
        'contender',
        'records',
        'records/s (median)',
        'min – max',
        'API calls',
        'lower bound',
        'calls ÷ bound',
        'records/call',
        'largest call (records / bytes)',
        'client CPU/record (median)',
        'min – max',
        '÷ raw',
        'same-round ÷ raw',
        'main thread: CPU/record ÷ raw',
        'landed',
        'target',
        'result',
      ],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'l', 'l'],
    ),
  ].join('\n');
}

function packingSection(input: ReportInput): string {
  const excess = (histogram: Readonly<Record<string, number>>, workloads: number): string =>
    Object.entries(histogram)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([k, n]) => `${k === '0' ? 'bound' : `bound + ${k}`}: ${n} (${((100 * n) / workloads).toFixed(1)}%)`)
      .join(', ');
  const rows = input.packing.rows.map((row) => [
    `${row.seed}`,
    count(row.workloads),
    excess(row.sink, row.workloads),
    ratio(row.worstSink),
    excess(row.greedy, row.workloads),
    ratio(row.worstGreedy),
  ]);
  const { minRecords, maxRecords } = input.packing;
  return [
    `### Packing sweep: API calls vs the lower bound over many totals`,
    '',
    `Every prefix of ${count(minRecords)} … ${count(maxRecords)} records of the mixed ` +
      'distribution, per seed, through the real sink and Batcher (same settings) with a stubbed transport that answers each ' +
      'PutRecords with one success per record on the next macrotask: the call count, not speed. The greedy column is the ' +
      "raw loop's in-order packing, computed.",
    '',
    table(['seed', 'workloads', 'sink calls', 'sink worst calls ÷ bound', 'greedy calls', 'greedy worst calls ÷ bound'], rows, ['r', 'r', 'l', 'r', 'l', 'r']),
  ].join('\n');
}


