import { EmulatorChild } from '../lib/EmulatorChild.js';
import { packageVersion } from '../lib/machine.js';
import { rotate } from '../lib/rotate.js';
import { runChild } from '../lib/runChild.js';
import type { Suite, SuiteOptions, SuiteReport, TargetResult } from '../suite.js';
import type { ClientResult, ClientTask, ContenderName, EmulatorCommand, Verification } from './protocol.js';
import { renderReport } from './report.js';
import type { Measurement, Plan } from './report.js';

/**
 * The issue's workload: 100,000 points over 50 metric/dimension combinations (5 metrics × 10
 * dimension sets), timestamps spread over five minutes. Warm-up: the first 5,000 points.
 */
export const PLAN: Plan = {
  spec: { points: 100_000, dimensionSets: 10, spanMs: 5 * 60_000, seed: 20_261_126 },
  warmupPoints: 5_000,
  concurrency: 4,
};

const DEFAULT_ROUNDS = 5;
const CONTENDERS: readonly ContenderName[] = ['raw', 'folded', 'plain', 'raised'];
const worker = new URL('./cloudwatchWorker.js', import.meta.url);
const emulatorScript = new URL('./cloudwatchEmulator.js', import.meta.url);
/** `--expose-gc` for the GC between the warm-up and the timed run; nothing else changes. */
const NODE_FLAGS = ['--expose-gc'];

/** The same length for every measurement, so that requests differ only in what the contender puts in them. */
export function namespaceOf(k: number): string {
  return `Bench/${String(k).padStart(4, '0')}`;
}

/**
 * The cloudwatch suite. Each round starts the local CloudWatch endpoint in an emulator child,
 * then runs the four contenders in an order rotated each round, each in a fresh client child that
 * measures its own CPU and the bytes it sends. Each measurement writes to a fresh namespace, which
 * the emulator child then checks (every point exactly once) and forgets.
 */
export const cloudwatchSuite: Suite = {
  name: 'cloudwatch',
  description: 'CloudWatch sink with and without aggregation vs a raw PutMetricData(1000) loop: requests, bytes on the wire, client CPU/point',
  async run(options: SuiteOptions): Promise<SuiteReport> {
    const rounds = options.rounds ?? DEFAULT_ROUNDS;
    const log = options.log;
    const measurements: Measurement[] = [];
    // Whole minutes, ten minutes ago: inside CloudWatch's window (two weeks back, two hours ahead)
    // for the whole run, and the same for every child so that each builds identical points.
    const start = Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000;
    let namespaces = 0;
    for (let round = 0; round < rounds; round++) {
      const emulator = await EmulatorChild.start<EmulatorCommand>(emulatorScript, 'cloudwatch');
      try {
        for (const contender of rotate(CONTENDERS, round)) {
          const namespace = namespaceOf(++namespaces);
          const task: ClientTask = {
            contender,
            workload: PLAN.spec,
            start,
            warmupPoints: PLAN.warmupPoints,
            endpoint: emulator.endpoint,
            namespace,
            warmupNamespace: `${namespace}/warmup`,
            concurrency: PLAN.concurrency,
          };
          const started = performance.now();
          const result = await runChild<ClientResult>(worker, task, NODE_FLAGS);
          const childDone = performance.now();
          const verification = await emulator.request<Verification>({ op: 'verify', namespace, workload: PLAN.spec, start });
          await emulator.request({ op: 'clear' });
          measurements.push({ round, contender, result, verification });
          const seconds = (at: number, from: number): string => `${((at - from) / 1000).toFixed(1)} s`;
          const landed = verification.exactlyOnce === verification.expected && verification.read === verification.expected;
          log(
            `[cloudwatch] round ${round + 1}/${rounds} ${contender.padEnd(6)} ${result.calls} requests, ${result.datums} datums, ` +
              `${result.jsonBytes} B JSON, ${result.wireBytes} B sent, ${result.cpuMicrosPerPoint.toFixed(1)} µs CPU/point (${result.ms.toFixed(0)} ms), ` +
              `${landed ? 'all landed once' : `LANDED WRONG: ${JSON.stringify(verification)}`} ` +
              `(child ${seconds(childDone, started)}, check ${seconds(performance.now(), childDone)})`,
          );
        }
      } finally {
        await emulator.stop();
      }
    }
    const targets: TargetResult[] = [];
    const markdown = renderReport({ plan: PLAN, start, measurements, rounds, namespaceOf });
    return {
      markdown,
      packages: {
        '@batch/core': packageVersion('@batch/core'),
        '@batch/sink-cloudwatch': packageVersion('@batch/sink-cloudwatch'),
        '@aws-sdk/client-cloudwatch': packageVersion('@aws-sdk/client-cloudwatch'),
        '@smithy/node-http-handler': packageVersion('@smithy/node-http-handler'),
        '@batch/local-aws': packageVersion('@batch/local-aws'),
      },
      targets,
    };
  },
};
