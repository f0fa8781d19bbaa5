import { EmulatorChild } from '../lib/EmulatorChild.js';
import { dependencyVersion, packageVersion } from '../lib/machine.js';
import { rotate } from '../lib/rotate.js';
import { runChild } from '../lib/runChild.js';
import type { Suite, SuiteOptions, SuiteReport, TargetResult } from '../suite.js';
import type { ClientResult, ClientTask, ContenderName, EmulatorCommand, Verification } from './protocol.js';
import { renderReport } from './report.js';
import type { Measurement, Plan } from './report.js';

/**
 * The workload: 3,000 order items with unique `(pk, sk)` keys over 1,000 partition keys, a
 * free-text note log-uniform from 16 B to 16 KiB (352 B – 16.7 KB per write as JSON, median 1.07 KB).
 * PutItem one by one writes the first 400 only: at ~1 ms per call the full workload would take
 * too long; its numbers are per item. The warm-up is the whole workload on another table, as in
 * the sqs suite: the per-item code (marshalling, the check walk) must be compiled before the
 * clock starts, as it is in a long-running service.
 *
 * Three warm-up passes, not one: code that runs once per request (120 requests a pass: the
 * sink's processBatch, the batcher's cut, the SDK's signing and parsing) is not all optimized
 * after one pass, and V8 then compiled it during the timed run. Summing `--trace-opt`'s compile
 * times inside the timed run (bench/README.md), two processes each: after one pass 229–242 ms
 * for the sink, 116–151 ms for the reference, 100–110 ms for the raw loop; after three, 61–70,
 * 67–74 and 36–54 ms. A long-running service compiled that code long ago.
 */
export const PLAN: Plan = {
  spec: { name: 'orders', items: 3_000, minNote: 16, maxNote: 16 * 1024, seed: 20_261_124, customers: 1_000 },
  warmupItems: 3_000,
  warmupPasses: 3,
  singleItems: 400,
  singleWarmupItems: 100,
  concurrency: 4,
};

const DEFAULT_ROUNDS = 7;
const CONTENDERS: readonly ContenderName[] = ['raw', 'sink', 'reference', 'single'];
const worker = new URL('./dynamodbWorker.js', import.meta.url);
const emulatorScript = new URL('./dynamodbEmulator.js', import.meta.url);
/** `--expose-gc` for the GC between the warm-up and the timed run; nothing else changes. */
const NODE_FLAGS = ['--expose-gc'];

/**
 * The dynamodb suite. Each round starts dynalite in an emulator child, then runs the
 * contenders in an order rotated each round, each in a fresh client child that measures its own
 * CPU. Each measurement writes to a fresh table, which the emulator child then scans (every item
 * exactly as written, nothing else) and deletes.
 */
export const dynamodbSuite: Suite = {
  name: 'dynamodb',
  description: 'DynamoDB sink vs a raw BatchWriteItem loop vs PutItem one by one (dynalite): items/s, API calls, client CPU/item',
  async run(options: SuiteOptions): Promise<SuiteReport> {
    const rounds = options.rounds ?? DEFAULT_ROUNDS;
    const log = options.log;
    const measurements: Measurement[] = [];
    let tables = 0;
    for (let round = 0; round < rounds; round++) {
      const emulator = await EmulatorChild.start<EmulatorCommand>(emulatorScript, 'dynamodb');
      try {
        for (const contender of rotate(CONTENDERS, round)) {
          const table = `bench-${contender}-${process.pid}-${++tables}`;
          const warmupTable = `${table}-warmup`;
          await emulator.request({ op: 'createTable', table });
          await emulator.request({ op: 'createTable', table: warmupTable });
          const single = contender === 'single';
          const task: ClientTask = {
            contender,
            workload: PLAN.spec,
            items: single ? PLAN.singleItems : PLAN.spec.items,
            warmupItems: single ? PLAN.singleWarmupItems : PLAN.warmupItems,
            warmupPasses: PLAN.warmupPasses,
            endpoint: emulator.endpoint,
            table,
            warmupTable,
            concurrency: PLAN.concurrency,
          };
          const started = performance.now();
          const result = await runChild<ClientResult>(worker, task, NODE_FLAGS);
          const childDone = performance.now();
          await emulator.request({ op: 'deleteTable', table: warmupTable });
          const verification = await emulator.request<Verification>({ op: 'verify', table, workload: PLAN.spec, items: task.items });
          await emulator.request({ op: 'deleteTable', table });
          measurements.push({ round, contender, result, verification });
          const seconds = (at: number, from: number): string => `${((at - from) / 1000).toFixed(1)} s`;
          const landed = verification.matching === verification.expected && verification.read === verification.expected && result.itemsSent === result.items;
          log(
            `[dynamodb] round ${round + 1}/${rounds} ${contender.padEnd(6)} ${result.itemsPerSecond.toFixed(0).padStart(6)} items/s, ` +
              `${result.calls} calls, ${result.cpuMicrosPerItem.toFixed(1)} µs CPU/item (${result.ms.toFixed(0)} ms), ` +
              `${landed ? 'all landed once' : `LANDED WRONG: ${JSON.stringify(verification)}, ${result.itemsSent} sent`} ` +
              `(child ${seconds(childDone, started)}, read-back ${seconds(performance.now(), childDone)})`,
          );
        }
      } finally {
        await emulator.stop();
      }
    }
    const targets: TargetResult[] = [];
    const markdown = renderReport({ plan: PLAN, measurements, rounds, targets });
    return {
      markdown,
      packages: {
        '@batch/core': packageVersion('@batch/core'),
        '@batch/sink-dynamodb': packageVersion('@batch/sink-dynamodb'),
        '@aws-sdk/client-dynamodb': packageVersion('@aws-sdk/client-dynamodb'),
        '@aws-sdk/util-dynamodb': packageVersion('@aws-sdk/util-dynamodb'),
        '@smithy/node-http-handler': packageVersion('@smithy/node-http-handler'),
        dynalite: dependencyVersion('@batch/local-aws', 'dynalite'),
      },
      targets,
    };
  },
};
