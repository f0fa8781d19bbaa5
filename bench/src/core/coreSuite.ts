import { packageVersion } from '../lib/machine.js';
import { millions, ms, ratio, table, verdict } from '../lib/markdown.js';
import { rotate } from '../lib/rotate.js';
import { runChild } from '../lib/runChild.js';
import { spread } from '../lib/stats.js';
import type { Spread } from '../lib/stats.js';
import type { Suite, SuiteOptions, SuiteReport, TargetResult } from '../suite.js';
import type {
  ContenderName,
  Mode,
  RetainedResult,
  RetainedTask,
  ThroughputResult,
  ThroughputTask,
  TrickleResult,
  TrickleTask,
} from './protocol.js';

const JOBS = 1_000_000;
const WINDOW = 10_000;
const MAX_BATCH_SIZE = 500;
const WARMUP_JOBS = 100_000;
const TRICKLE: Omit<TrickleTask, 'kind'> = { durationMs: 3000, intervalMs: 1, maxBatchDelay: 10, maxBatchSize: MAX_BATCH_SIZE, warmupJobs: 200 };
const DEFAULT_ROUNDS = 7;

/** The targets for the Batcher, and what it quotes for dataloader on its machine. */
const TARGETS = {
  burst: { min: 0.6, dataloader: '≈ 0.4×' },
  windowed: { min: 0.7, dataloader: '≈ 0.6×' },
  bytesPerJob: { max: 150, dataloader: '≈ 280 B' },
  p99: { max: TRICKLE.maxBatchDelay + 2 },
} as const;

const CONTENDERS: readonly ContenderName[] = ['floor', 'batcher', 'dataloader', 'derived', 'resolvers'];
const MODES: readonly Mode[] = ['burst', 'windowed'];
const LABEL: Record<ContenderName, string> = {
  floor: 'floor: `new Promise(r => r(i))`',
  batcher: '`@batch/core` Batcher',
  dataloader: '`dataloader` (cache off)',
  derived: 'design reference: `group.then(pick[k])` per job, no batching work',
  resolvers: 'design reference: `new Promise` per job, resolve kept, no batching work',
};

const worker = new URL('./coreWorker.js', import.meta.url);
/** `--expose-gc` for the GCs around the measurements; no other flag changes the heap or JIT. */
const NODE_FLAGS = ['--expose-gc'];

/**
 * The core suite: Batcher throughput against dataloader and a bare-promise floor (burst and
 * windowed), heap retained per pending job, and latency added under a trickle. Every
 * measurement runs in a fresh child; contenders are interleaved round by round, in an order
 * rotated each round, so drift on a shared machine hits all of them alike.
 */
export const coreSuite: Suite = {
  name: 'core',
  description: '@batch/core Batcher vs dataloader vs a bare-promise floor: throughput, retained bytes, trickle latency',
  async run(options: SuiteOptions): Promise<SuiteReport> {
    const rounds = options.rounds ?? DEFAULT_ROUNDS;
    const log = options.log;
    const throughputs = new Map<string, ThroughputResult[]>();
    const retainedBytes = new Map<ContenderName, RetainedResult[]>();
    const trickles: TrickleResult[] = [];

    for (let round = 0; round < rounds; round++) {
      const order = rotate(CONTENDERS, round);
      const tag = `[core] round ${round + 1}/${rounds}`;
      for (const mode of MODES) {
        for (const contender of order) {
          const task: ThroughputTask = { kind: 'throughput', contender, mode, jobs: JOBS, window: WINDOW, maxBatchSize: MAX_BATCH_SIZE, warmupJobs: WARMUP_JOBS };
          const result = await runChild<ThroughputResult>(worker, task, NODE_FLAGS);
          push(throughputs, `${mode}/${contender}`, result);
          log(`${tag} ${mode.padEnd(8)} ${contender.padEnd(10)} ${millions(result.jobsPerSecond)}jobs/s (${result.ms.toFixed(0)} ms)`);
        }
      }
      for (const contender of order) {
        const task: RetainedTask = { kind: 'retained', contender, jobs: JOBS, maxBatchSize: MAX_BATCH_SIZE };
        const result = await runChild<RetainedResult>(worker, task, NODE_FLAGS);
        push(retainedBytes, contender, result);
        log(`${tag} retained ${contender.padEnd(10)} ${result.bytesPerJob.toFixed(1)} B/pending job`);
      }
      const result = await runChild<TrickleResult>(worker, { kind: 'trickle', ...TRICKLE } satisfies TrickleTask, NODE_FLAGS);
      trickles.push(result);
      log(`${tag} trickle  batcher    p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, max ${ms(result.max)} (${result.samples} jobs)`);
    }

    const targets: TargetResult[] = [];
    const sections = [
      throughputSection(throughputs, targets),
      retainedSection(retainedBytes, targets),
      trickleSection(trickles, targets),
      `Rounds: ${rounds}; each cell is the median over rounds with the min–max beside it. ` +
        'Every measurement ran in a fresh `node --expose-gc` child; contenders interleaved round by round. ' +
        'See bench/README.md for the method.',
    ];
    return {
      markdown: sections.join('\n\n'),
      packages: { '@batch/core': packageVersion('@batch/core'), dataloader: packageVersion('dataloader') },
      targets,
    };
  },
};

function throughputSection(results: Map<string, ThroughputResult[]>, targets: TargetResult[]): string {
  const rows: string[][] = [];
  for (const mode of MODES) {
    const floorRuns = get(results, `${mode}/floor`);
    const floor = spread(floorRuns.map((r) => r.jobsPerSecond));
    for (const contender of CONTENDERS) {
      const runs = get(results, `${mode}/${contender}`);
      const rate = spread(runs.map((r) => r.jobsPerSecond));
      const toFloor = rate.median / floor.median;
      // Same-round ratios: how much the ratio itself moved from round to round.
      const paired = spread(runs.map((r, i) => r.jobsPerSecond / (floorRuns[i] as ThroughputResult).jobsPerSecond));
      const batches = runs[0]?.batches ?? 0;
      let target = '—';
      let result = '—';
      if (contender === 'batcher') {
        const min = TARGETS[mode].min;
        const pass = toFloor >= min;
        target = `≥ ${ratio(min)}`;
        result = verdict(pass);
        targets.push({ name: `${mode} throughput ≥ ${ratio(min)} floor`, measured: ratio(toFloor), pass });
      } else if (contender === 'dataloader') {
        target = `issue quotes ${TARGETS[mode].dataloader}`;
      }
      rows.push([
        mode,
        LABEL[contender],
        `${millions(rate.median)}/s`,
        `${millions(rate.min)} – ${millions(rate.max)}`,
        ratio(toFloor),
        contender === 'floor' ? '—' : `${ratio(paired.min)} – ${ratio(paired.max)}`,
        batches === 0 ? '—' : `${(JOBS / batches).toFixed(0)}`,
        target,
        result,
      ]);
    }
  }
  return [
    `### Throughput: ${JOBS.toLocaleString('en-US')} jobs, maxBatchSize ${MAX_BATCH_SIZE}, no-op backend`,
    '',
    `burst: all jobs added at once, then awaited. windowed: ${WINDOW.toLocaleString('en-US')} added, awaited, repeat.`,
    '',
    table(
      ['mode', 'contender', 'jobs/s (median)', 'min – max', 'ratio to floor', 'same-round ratios', 'jobs/batch', 'target', 'result'],
      rows,
      ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l', 'l'],
    ),
  ].join('\n');
}

function retainedSection(results: Map<ContenderName, RetainedResult[]>, targets: TargetResult[]): string {
  const rows = CONTENDERS.map((contender) => {
    const bytes = spread(get(results, contender).map((r) => r.bytesPerJob));
    let target = '—';
    let result = '—';
    if (contender === 'batcher') {
      const pass = bytes.median <= TARGETS.bytesPerJob.max;
      target = `≤ ${TARGETS.bytesPerJob.max} B`;
      result = verdict(pass);
      targets.push({ name: `retained ≤ ${TARGETS.bytesPerJob.max} B per pending job`, measured: `${bytes.median.toFixed(0)} B`, pass });
    } else if (contender === 'dataloader') {
      target = `issue quotes ${TARGETS.bytesPerJob.dataloader}`;
    }
    const label = contender === 'floor' ? 'floor: `new Promise(r => keep(r))`' : LABEL[contender];
    return [label, `${bytes.median.toFixed(1)} B`, `${bytes.min.toFixed(1)} – ${bytes.max.toFixed(1)} B`, target, result];
  });
  return [
    `### Retained heap per pending job: ${JOBS.toLocaleString('en-US')} jobs that never complete`,
    '',
    table(['contender', 'bytes/job (median)', 'min – max', 'target', 'result'], rows, ['l', 'r', 'r', 'l', 'l']),
  ].join('\n');
}

function trickleSection(results: readonly TrickleResult[], targets: TargetResult[]): string {
  const p50 = spread(results.map((r) => r.p50));
  const p99 = spread(results.map((r) => r.p99));
  const max = spread(results.map((r) => r.max));
  const interval = spread(results.map((r) => r.meanIntervalMs));
  const pass = p99.median <= TARGETS.p99.max;
  targets.push({ name: `trickle p99 ≤ maxBatchDelay + 2 ms (${TARGETS.p99.max} ms)`, measured: ms(p99.median), pass });
  const cell = (s: Spread): string => `${ms(s.median)} (${s.min.toFixed(2)} – ${s.max.toFixed(2)})`;
  return [
    `### Added latency under a trickle: Batcher, maxBatchDelay ${TRICKLE.maxBatchDelay} ms, one add per ${TRICKLE.intervalMs} ms for ${TRICKLE.durationMs / 1000} s`,
    '',
    table(
      ['jobs measured/round', 'mean add interval', 'p50', 'p99', 'max', 'target (p99)', 'result'],
      [[`${results[0]?.samples ?? 0}`, ms(interval.median), cell(p50), cell(p99), cell(max), `≤ ${ms(TARGETS.p99.max)}`, verdict(pass)]],
      ['r', 'r', 'r', 'r', 'r', 'l', 'l'],
    ),
  ].join('\n');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function get<K, V>(map: Map<K, V[]>, key: K): V[] {
  const list = map.get(key);
  if (list === undefined) throw new Error(`no results for ${String(key)}`);
  return list;
}
