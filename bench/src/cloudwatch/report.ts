/** The cloudwatch suite's markdown: setup, the results table with predicted bytes, and the saving. */
import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { buildPutMetricDataRequests, putMetricDataBodyBytes } from '@batch/sink-cloudwatch';

import { count, micros, range, ratio, table } from '../lib/markdown.js';
import { spread } from '../lib/stats.js';
import { MAX_DATUMS_PER_REQUEST, RAISED, toDatum } from './contenders.js';
import type { ClientResult, ContenderName, Verification } from './protocol.js';
import { buildPoints, dimensionsOf, METRICS } from './workload.js';
import type { WorkloadSpec } from './workload.js';
import { landedExactlyOnce } from '../lib/exactlyOnce.js';
import { sameRoundRatios } from '../lib/measurement.js';
import type { Measurement as BaseMeasurement } from '../lib/measurement.js';

/** The workload and the shared settings. */
export interface Plan {
  readonly spec: WorkloadSpec;
  readonly warmupPoints: number;
  readonly concurrency: number;
}

/** One client child's result and the check of its namespace. */
export type Measurement = BaseMeasurement<ContenderName, ClientResult, Verification>;

export interface ReportInput {
  readonly plan: Plan;
  readonly start: number;
  readonly measurements: readonly Measurement[];
  readonly rounds: number;
  readonly namespaceOf: (k: number) => string;
}

const ORDER: readonly ContenderName[] = ['folded', 'plain', 'raised', 'raw'];
const LABEL: Record<ContenderName, string> = {
  folded: 'sink, aggregation on (default), default limits',
  plain: 'sink, `aggregate: false`, default limits',
  raised: `sink, aggregation on, \`maxBatchSize\` ${count(RAISED.maxBatchSize)}, \`maxBatchBytes\` ${count(RAISED.maxBatchBytes)}`,
  raw: 'raw `PutMetricData` loop (1,000 datums per request)',
};

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;


/**
 * The requests each contender sends when nothing fails, planned offline: `buildPutMetricDataRequests`
 * per batch the Batcher cuts (every point is queued before the first cut, so batches are
 * consecutive runs of `maxBatchSize` points), and the raw loop's own datums.
 */
function predict(contender: ContenderName, plan: Plan, start: number, namespace: string): PutMetricDataCommandInput[] {
  const points = buildPoints(plan.spec, start);
  const batch = contender === 'raised' ? RAISED.maxBatchSize : MAX_DATUMS_PER_REQUEST;
  const inputs: PutMetricDataCommandInput[] = [];
  for (let i = 0; i < points.length; i += batch) {
    const chunk = points.slice(i, i + batch);
    if (contender === 'raw') inputs.push({ Namespace: namespace, MetricData: chunk.map(toDatum) });
    else inputs.push(...buildPutMetricDataRequests(chunk, { namespace, aggregate: contender !== 'plain' }));
  }
  return inputs;
}

export function renderReport(input: ReportInput): string {
  const { plan, start, measurements, rounds } = input;
  const of = (contender: ContenderName): Measurement[] => measurements.filter((m) => m.contender === contender);
  const median = (contender: ContenderName, pick: (r: ClientResult) => number): number => spread(of(contender).map((m) => pick(m.result))).median;
  const rawWire = median('raw', (r) => r.wireBytes);
  const rawJson = median('raw', (r) => r.jsonBytes);
  const rawCpu = median('raw', (r) => r.cpuMicrosPerPoint);
  const predicted = new Map(
    ORDER.map((contender) => {
      const inputs = predict(contender, plan, start, input.namespaceOf(0));
      return [contender, { requests: inputs.length, bytes: inputs.reduce((sum, i) => sum + putMetricDataBodyBytes(i), 0) }];
    }),
  );

  const rows = ORDER.map((contender) => {
    const runs = of(contender);
    const calls = spread(runs.map((m) => m.result.calls));
    const datums = spread(runs.map((m) => m.result.datums));
    const json = spread(runs.map((m) => m.result.jsonBytes));
    const wire = spread(runs.map((m) => m.result.wireBytes));
    const gzipped = spread(runs.map((m) => m.result.gzippedRequests));
    const rate = spread(runs.map((m) => m.result.pointsPerSecond));
    const cpu = spread(runs.map((m) => m.result.cpuMicrosPerPoint));
    const prediction = predicted.get(contender) as { requests: number; bytes: number };
    const bad = runs.filter((m) => !landedExactlyOnce(m.verification));
    const v = runs[0]?.verification;
    const landed =
      bad.length === 0
        ? `${count(v?.expected ?? 0)}/${count(v?.expected ?? 0)} points in ${count(v?.datums ?? 0)} data, ${runs.length} of ${runs.length} rounds`
        : `**INVALID**: ${bad.map((m) => `round ${m.round + 1}: ${JSON.stringify(m.verification)}`).join('; ')}`;
    const sameRound = sameRoundRatios(runs, of('raw'), (m) => m.result.cpuMicrosPerPoint);
    return [
      LABEL[contender],
      `${range(calls, count)} (${count(prediction.requests)})`,
      range(gzipped, count),
      range(datums, count),
      `${kb(json.median)} (${kb(prediction.bytes)})`,
      ratio(json.median / rawJson),
      kb(wire.median),
      ratio(wire.median / rawWire),
      `${count(rate.median)}/s`,
      range(rate, count),
      micros(cpu.median),
      range(cpu, micros),
      contender === 'raw' ? '1.00×' : `${ratio(cpu.median / rawCpu)} (${range(sameRound, ratio)})`,
      landed,
    ];
  });

  const pct = (a: number, b: number): string => `${(100 * (1 - a / b)).toFixed(0)}%`;
  const folded = { wire: median('folded', (r) => r.wireBytes), json: median('folded', (r) => r.jsonBytes), calls: median('folded', (r) => r.calls) };
  const plain = { wire: median('plain', (r) => r.wireBytes), json: median('plain', (r) => r.jsonBytes), calls: median('plain', (r) => r.calls) };
  const raised = { wire: median('raised', (r) => r.wireBytes), json: median('raised', (r) => r.jsonBytes), calls: median('raised', (r) => r.calls) };
  const metrics = METRICS.map((m) => `${m.name} (${m.unit})`).join(', ');
  return [
    '### Setup',
    '',
    `- Workload: ${count(plan.spec.points)} points, metric \`i mod 5\` of ${metrics}; dimensions one of ${plan.spec.dimensionSets} sets ` +
      `(\`${JSON.stringify(dimensionsOf(0))}\` …), drawn per point (seed ${plan.spec.seed}): ${METRICS.length * plan.spec.dimensionSets} ` +
      `combinations. Integer values that repeat as real ones do (whole milliseconds, bytes in hundreds, counts). Timestamps given, ` +
      `spread evenly over ${plan.spec.spanMs / 60_000} minutes starting at ${new Date(start).toISOString()} (whole minutes, so every child builds the same points).`,
    `- Concurrency ${plan.concurrency} for all (the sink's \`concurrency\`; ${plan.concurrency} workers sharing one cursor for the raw loop). ` +
      'Sink: `cloudWatchSink({ client, namespace, aggregate })`, `maxBatchDelay` 0; the raised configuration adds the batch limits its ' +
      'README gives for saving requests. Warm-up: the first ' +
      `${count(plan.warmupPoints)} points to another namespace, then \`gc()\`.`,
    '- **Bytes** are measured where they leave the client: a `NodeHttpHandler` subclass counts each request body after ' +
      "serialization, compression and signing (\"on the wire\": the SDK gzips bodies of 10,240 B and more, so every request here goes " +
      'gzipped; HTTP headers not counted). "JSON" is the same bodies inflated after the clock stopped. In brackets: the ' +
      'requests and uncompressed bytes predicted offline with `buildPutMetricDataRequests` + `putMetricDataBodyBytes` (raw loop: its own ' +
      'datums through `putMetricDataBodyBytes`), which should match the measured ones exactly.',
    '- Client children: `new CloudWatchClient({ endpoint, region, credentials, requestHandler, maxAttempts: 1 })`; CPU = `process.cpuUsage()` ' +
      'around the timed run; the local endpoint (`@batch/local-aws`, which validates every datum) runs in a separate process. ' +
      'points/s is wall clock and includes it. Requests are counted by an `initialize`-step middleware and by the handler (they agree).',
    '- **landed**: the endpoint recorded, for the namespace, exactly the workload\'s points: multisets of (metric, dimensions, unit, ' +
      'resolution, minute, value) compared, a folded datum counting as the points its `Values`/`Counts` stand for.',
    '',
    `### ${count(plan.spec.points)} points over ${METRICS.length * plan.spec.dimensionSets} combinations`,
    '',
    table(
      [
        'contender',
        'requests (predicted)',
        'gzipped',
        'data sent',
        'JSON bytes, median (predicted)',
        'JSON ÷ raw',
        'on the wire (gzip)',
        'wire ÷ raw',
        'points/s (median)',
        'min – max',
        'client CPU/point (median)',
        'min – max',
        '÷ raw (same-round)',
        'landed',
      ],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
    `Medians over ${rounds} rounds, min – max beside them. Requests, data and JSON bytes are the same in every round; gzip sizes ` +
      'move by a few bytes because each measurement has its own namespace (`Bench/0001`, `Bench/0002`, …: same length, other digits).',
    '',
    '**The saving.** With the default limits aggregation keeps the request count ' +
      `(${count(folded.calls)} vs ${count(plain.calls)}: each batch of 1,000 points is one request either way) and cuts the bytes: ` +
      `${pct(folded.json, plain.json)} less JSON and ${pct(folded.wire, plain.wire)} less on the wire than without it. With the raised ` +
      `limits it also cuts requests: ${count(raised.calls)} instead of ${count(folded.calls)}, with ${pct(raised.wire, plain.wire)} less on ` +
      'the wire than without aggregation. The issue sets no numeric target for this suite.',
  ].join('\n');
}
