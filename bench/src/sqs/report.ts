/** The sqs suite's markdown: setup, the results table, the packing sweep, and the targets. */
import { count, mb, micros, range, ratio, ratioOrDash, table, verdict } from '../lib/markdown.js';
import { medianIfAll, spread } from '../lib/stats.js';
import { landedCell, sameRoundRatios } from '../lib/measurement.js';
import type { Measured, Measurement as BaseMeasurement } from '../lib/measurement.js';
import type { ClientResult, ContenderName, LimitProbe, PackingRow, Verification } from './protocol.js';
import { greedyCalls, lowerBound, MAX_ENTRIES_PER_REQUEST, MAX_REQUEST_BYTES, messageSizes, producerCalls } from './workload.js';
import type { WorkloadSpec } from './workload.js';
import { describeLoss, landedExactlyOnce } from '../lib/exactlyOnce.js';

/** The workload and how many messages each contender sends (and warms up with). */
export interface Plan {
  readonly spec: WorkloadSpec;
  readonly warmupMessages: number;
  /** SendMessage one by one sends only this many. */
  readonly singleMessages: number;
  readonly singleWarmupMessages: number;
  readonly concurrency: number;
  readonly producerBatchSize: number;
}

/** One client child's result and the read-back of its queue. */
export type Measurement = BaseMeasurement<ContenderName, ClientResult, Verification>;

export interface ReportInput extends Measured<Measurement> {
  readonly plan: Plan;
  readonly probe: LimitProbe;
  readonly packing: readonly PackingRow[];
}

/** The targets for the sink. */
export const TARGETS = {
  /** Sink messages/s at least this × the raw loop's and sqs-producer's (ratio of medians). */
  rateToOthers: 1,
  /** Sink API calls, worst round, at most this × the lower bound. */
  callsToBound: 1.01,
} as const;

const ORDER: readonly ContenderName[] = ['sink', 'producer', 'raw', 'single'];



export function renderReport(input: ReportInput): string {
  const { plan, probe, measurements, rounds, targets } = input;
  const label: Record<ContenderName, string> = {
    sink: '`@batch/sink-sqs` in a Batcher',
    producer: `\`sqs-producer\` (batchSize ${plan.producerBatchSize}, ${plan.concurrency} concurrent \`send()\`)`,
    raw: 'raw `SendMessageBatch` loop (greedy, 10 / 1 MiB)',
    single: '`SendMessage` one by one',
  };
  const sizes = messageSizes(plan.spec);
  const bytesOf = (n: number): number => sizes.slice(0, n).reduce((sum, s) => sum + s, 0);
  const sorted = [...sizes].sort((a, b) => a - b);
  const total = bytesOf(sizes.length);
  const bound = lowerBound(sizes.length, total);
  const of = (contender: ContenderName): Measurement[] => measurements.filter((m) => m.contender === contender);
  const sinkRuns = of('sink');
  const sinkRate = spread(sinkRuns.map((m) => m.result.messagesPerSecond));
  const rawCpu = spread(of('raw').map((m) => m.result.cpuMicrosPerMessage));
  const rawMain = medianIfAll(of('raw').map((m) => m.result.mainThreadCpuMicrosPerMessage));
  const intact = (m: Measurement): boolean => landedExactlyOnce(m.verification);
  const sinkValid = sinkRuns.every(intact);
  const defaultProducer = producerCalls(sizes, MAX_ENTRIES_PER_REQUEST, plan.concurrency);

  const rows = ORDER.map((contender) => {
    const runs = of(contender);
    const n = runs[0]?.result.messages ?? 0;
    const nBound = lowerBound(n, bytesOf(n));
    const calls = spread(runs.map((m) => m.result.calls));
    const rate = spread(runs.map((m) => m.result.messagesPerSecond));
    const cpu = spread(runs.map((m) => m.result.cpuMicrosPerMessage));
    const largestMessages = Math.max(...runs.map((m) => m.result.largestCallMessages));
    const largestBytes = Math.max(...runs.map((m) => m.result.largestCallBytes));
    const landed = landedCell(runs, n, intact, (m) => describeLoss(m.round, m.verification));
    const sameRound = sameRoundRatios(sinkRuns, runs, (m) => m.result.messagesPerSecond);
    let target = '—';
    let result = '—';
    const valid = sinkValid && landed.valid;
    if (contender === 'producer' || contender === 'raw') {
      const pass = valid && sinkRate.median >= TARGETS.rateToOthers * rate.median;
      targets.push({
        name: `sink messages/s ≥ ${contender === 'raw' ? 'raw loop' : 'sqs-producer'}'s (ratio of medians)`,
        measured: valid ? `${ratio(sinkRate.median / rate.median)} (same-round ${range(sameRound, ratio)})` : 'invalid (data lost)',
        pass,
      });
      target = 'sink rate ≥ this';
      result = verdict(pass);
    } else if (contender === 'sink') {
      const pass = valid && calls.max <= TARGETS.callsToBound * nBound;
      targets.push({
        name: `sink API calls ≤ ${TARGETS.callsToBound} × lower bound (worst round)`,
        measured: valid ? `${calls.max} calls, bound ${nBound} (${ratio(calls.max / nBound)})` : 'invalid (data lost)',
        pass,
      });
      target = `calls ≤ ${TARGETS.callsToBound} × bound`;
      result = verdict(pass);
    }
    return [
      label[contender],
      count(n),
      `${count(rate.median)}/s`,
      range(rate, count),
      contender === 'sink' || contender === 'single' ? '—' : `${ratio(sinkRate.median / rate.median)} (${range(sameRound, ratio)})`,
      range(calls, count),
      count(nBound),
      ratio(calls.median / nBound),
      (n / calls.median).toFixed(2),
      `${largestMessages} / ${(largestBytes / MAX_REQUEST_BYTES).toFixed(3)} MiB`,
      micros(cpu.median),
      range(cpu, micros),
      ratio(cpu.median / rawCpu.median),
      ratioOrDash(medianIfAll(runs.map((m) => m.result.mainThreadCpuMicrosPerMessage)), rawMain),
      landed.cell,
      target,
      result,
    ];
  });

  return [
    '### Setup',
    '',
    `- **Request limit: ${count(MAX_REQUEST_BYTES)} characters (1 MiB)**, the sum of the bodies, for the sink (its default ` +
      '`maxRequestBytes`), the raw loop and the lower bound alike. local-aws-sqs counts characters (AWS counts UTF-8 bytes); the bodies ' +
      `are ASCII, so the two agree. Probed at the start of the run: a request of exactly ${count(probe.limit)} characters in 10 messages ` +
      `was ${probe.acceptedAtLimit ? 'accepted' : '**refused**'}, one character more was answered \`${probe.aboveLimit}\`. ` +
      `The queue's \`MaximumMessageSize\` is ${count(probe.maximumMessageSize)} (local-aws-sqs's default; every message here is ≤ ${count(plan.spec.maxSize)}).`,
    `- Lower bound = max(⌈messages / ${MAX_ENTRIES_PER_REQUEST}⌉, ⌈characters / ${count(MAX_REQUEST_BYTES)}⌉).`,
    `- Concurrency ${plan.concurrency} for all: the sink's \`concurrency\`; ${plan.concurrency} workers sharing one cursor for the loops; ` +
      `${plan.concurrency} concurrent \`producer.send(slice)\` calls on contiguous slices for sqs-producer (one \`send()\` sends its ` +
      'messages one request after another). Sink: `sqsSink({ client, queueUrl, maxMessageSize: 1048576 })` (the queue\'s, as probed, given so that every call counted ' +
      'is a SendMessageBatch; without it the sink adds one GetQueueAttributes per Batcher), `maxBatchDelay` 0, other options default. ' +
      "local-aws-sqs's own endpoint (no fault proxy), a fresh standard queue per measurement, read back and deleted.",
    `- **sqs-producer cuts by count only** (\`batchSize\`, default 10) and never looks at bytes. With the default, ` +
      `${defaultProducer.oversized} of its ${defaultProducer.calls} requests on this workload would exceed 1 MiB and be refused whole ` +
      `(\`BatchRequestTooLong\`, as probed): it would lose data. It runs with \`batchSize\` ${plan.producerBatchSize}, the largest for which ` +
      `no ${plan.producerBatchSize} messages of up to ${count(plan.spec.maxSize)} characters can exceed 1 MiB: what a user must choose.`,
    '- Client children: `new SQSClient({ endpoint, region, credentials, requestHandler: new NodeHttpHandler(), maxAttempts: 1 })`, ' +
      'CPU = `process.cpuUsage()` (user + system) around the timed run, after a warm-up on another queue and a `gc()`. local-aws-sqs runs ' +
      'in a separate process: its CPU is not counted. messages/s is wall clock and includes local-aws-sqs (a few ms per call). API calls ' +
      'are counted by an `initialize`-step middleware (with `maxAttempts: 1`, one call is one HTTP request).',
    '- **landed** is the read-back: the emulator child receives everything (8 concurrent receivers, long visibility timeout) and ' +
      'checks that every message sent arrived exactly once with its exact body (each body starts with its index), and nothing else.',
    '',
    table(
      ['workload', 'messages', 'characters', 'size min / median / max', 'lower bound (calls)', 'greedy in-order (calls)', `sqs-producer, batchSize ${plan.producerBatchSize} (calls)`, 'warm-up'],
      [
        [
          `${plan.spec.name} ${count(plan.spec.minSize)} B – ${count(plan.spec.maxSize)} B (seed ${plan.spec.seed})`,
          count(sizes.length),
          mb(total),
          `${count(sorted[0] ?? 0)} / ${count(sorted[sorted.length >> 1] ?? 0)} / ${count(sorted[sorted.length - 1] ?? 0)}`,
          count(bound),
          count(greedyCalls(sizes)),
          count(producerCalls(sizes, plan.producerBatchSize, plan.concurrency).calls),
          `${count(plan.warmupMessages)} (one by one: ${count(plan.singleMessages)} timed, ${count(plan.singleWarmupMessages)} warm-up)`,
        ],
      ],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
    `### ${plan.spec.name}: ${count(plan.spec.messages)} messages`,
    '',
    table(
      [
        'contender',
        'messages',
        'messages/s (median)',
        'min – max',
        'sink ÷ this (same-round)',
        'API calls',
        'lower bound',
        'calls ÷ bound',
        'messages/call',
        'largest call (messages / size)',
        'client CPU/message (median)',
        'min – max',
        '÷ raw',
        'main thread: CPU/message ÷ raw',
        'landed',
        'target',
        'result',
      ],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'l', 'l'],
    ),
    '',
    `Medians over ${rounds} rounds, min – max beside them. "sink ÷ this" is the sink's median messages/s over this contender's, ` +
      'with the range of the same ratio within each round. "main thread" is the JavaScript thread\'s own CPU (Linux `schedstat`), ' +
      "without V8's compiler and GC threads that `process.cpuUsage()` includes. API calls: the target takes the worst round.",
    '',
    packingSection(input.packing),
  ].join('\n');
}

function packingSection(rows: readonly PackingRow[]): string {
  const over = (calls: number, bound: number): string => `${calls} (${ratio(calls / bound)})`;
  return [
    '### Packing sweep: API calls vs the lower bound on other workloads',
    '',
    'The real sink and Batcher (same settings) with a stubbed transport that answers each SendMessageBatch with one success per ' +
      'entry on the next macrotask: the call count, not speed. Three size distributions between 10 B and 200 KiB, 500 and 1,000 ' +
      'messages, four seeds each (the first is the timed one). Greedy is the raw loop\'s in-order packing; sqs-producer is computed ' +
      'for its safe `batchSize`, and "default would refuse" counts its requests over 1 MiB with `batchSize` 10.',
    '',
    table(
      ['distribution', 'messages', 'seed', 'characters', 'lower bound', 'sink calls (÷ bound)', 'greedy calls (÷ bound)', 'sqs-producer calls (÷ bound)', 'default sqs-producer would refuse'],
      rows.map((r) => [
        r.workload.distribution,
        count(r.workload.messages),
        String(r.workload.seed),
        mb(r.bytes),
        count(r.bound),
        over(r.sink, r.bound),
        over(r.greedy, r.bound),
        `${over(r.producer, r.bound)}, batchSize ${r.producerBatchSize}`,
        `${r.producerOversized} requests`,
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  ].join('\n');
}
