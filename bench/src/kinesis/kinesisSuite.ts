import { packageVersion } from '../lib/machine.js';
import { rotate } from '../lib/rotate.js';
import { runChild } from '../lib/runChild.js';
import type { Suite, SuiteOptions, SuiteReport, TargetResult } from '../suite.js';
import { EmulatorProcess } from './EmulatorProcess.js';
import type { ClientResult, ClientTask, ContenderName, LimitProbe, PackingResult, PackingTask, SendSettings } from './protocol.js';
import { renderReport } from './report.js';
import type { Measurement, Plan } from './report.js';
import type { WorkloadName } from './workload.js';

/**
 * The request-size limit for every contender and for the lower bound: 5 MiB of data + partition
 * keys, the pre-October-2025 AWS limit and the largest round number kinesalite accepts (it
 * answers request bodies over 7 MiB of JSON, about 5.25 MiB of data, with a bare 413). Probed
 * against kinesalite at the start of every run and reported.
 */
const LIMIT = 5 * 1024 * 1024;

const SETTINGS: SendSettings = { concurrency: 4, maxRequestBytes: LIMIT, maxBatchDelay: 0 };

/**
 * kinesalite has no throughput limits, and PutRecords costs it a loop over shards per record,
 * so more shards would only slow it down. On AWS these volumes would need ~50 shards (1 MB/s each).
 */
const SHARDS = 4;
const DEFAULT_ROUNDS = 7;

/**
 * The two workloads. mixed: 345 records, log-uniform from 10 B to 900 KiB (half under ~2 KB;
 * most bytes in the few dozen above 100 KB), where the byte limit binds. The count is chosen so
 * that the lower bound is tight (25.8 MB in 5 requests: 98.4% average fill), where packing
 * quality decides the call count; at 300 records (89.6% fill) any packer meets the bound. The
 * packing sweep covers every count from 20 to 600. small: 20,000 × 100 B, where the 500-record
 * limit binds. PutRecord one by one is limited on small (1,000 records). mixed warms up with a
 * whole workload: it sends only 5-6 requests, so the per-request code of a shorter warm-up would
 * still be compiling during the timed run (see the sqs suite).
 */
export const PLANS: Readonly<Record<WorkloadName, Plan>> = {
  mixed: {
    spec: { name: 'mixed', records: 345, minSize: 10, maxSize: 900 * 1024, seed: 20_261_123 },
    warmupRecords: 345,
    singleRecords: 345,
    singleWarmupRecords: 30,
  },
  small: {
    spec: { name: 'small', records: 20_000, minSize: 100, maxSize: 100, seed: 7 },
    warmupRecords: 2_000,
    singleRecords: 1_000,
    singleWarmupRecords: 200,
  },
};

const WORKLOADS: readonly WorkloadName[] = ['mixed', 'small'];

/** The packing sweep: the timed mixed workload's seed and three more, every count from 20 to 600. */
const PACKING: Omit<PackingTask, 'settings'> = {
  kind: 'packing',
  seeds: [PLANS.mixed.spec.seed, 1, 2, 3],
  minRecords: 20,
  maxRecords: 600,
  minSize: PLANS.mixed.spec.minSize,
  maxSize: PLANS.mixed.spec.maxSize,
};
const CONTENDERS: readonly ContenderName[] = ['raw', 'sink', 'rawPromises', 'single'];

const worker = new URL('./kinesisWorker.js', import.meta.url);
/** `--expose-gc` for the GC between the warm-up and the timed run; nothing else changes. */
const NODE_FLAGS = ['--expose-gc'];

/**
 * The kinesis suite. Each round starts kinesalite in an emulator child, then for each workload
 * runs the contenders in an order rotated each round, each in a fresh client child that
 * measures its own CPU; kinesalite's CPU is in the other process. Each measurement writes to a
 * fresh stream, which the emulator child then reads back (every record exactly once, byte for
 * byte) and deletes.
 */
export const kinesisSuite: Suite = {
  name: 'kinesis',
  description: 'Kinesis sink vs a raw PutRecords loop vs PutRecord one by one (kinesalite): records/s, API calls, client CPU/record',
  async run(options: SuiteOptions): Promise<SuiteReport> {
    const rounds = options.rounds ?? DEFAULT_ROUNDS;
    const log = options.log;
    const measurements: Measurement[] = [];
    let probe: LimitProbe | undefined;
    let streams = 0;
    const packing = await runChild<PackingResult>(worker, { ...PACKING, settings: SETTINGS } satisfies PackingTask, NODE_FLAGS);
    log(`[kinesis] packing sweep: ${packing.rows.map((r) => `seed ${r.seed}: sink ${JSON.stringify(r.sink)}, greedy ${JSON.stringify(r.greedy)}`).join('; ')}`);
    for (let round = 0; round < rounds; round++) {
      const emulator = await EmulatorProcess.start();
      try {
        if (probe === undefined) {
          probe = await emulator.probeLimit(LIMIT);
          log(`[kinesis] kinesalite accepts ${LIMIT} B requests (${probe.acceptedRecordCounts.join(' and ')} records); ${probe.aboveLimitBytes} B: ${probe.aboveLimitStatus}`);
        }
        for (const workload of WORKLOADS) {
          const plan = PLANS[workload];
          const order = rotate(CONTENDERS, round);
          for (const contender of order) {
            const stream = `bench-${workload}-${contender}-${process.pid}-${++streams}`;
            const warmupStream = `${stream}-warmup`;
            await emulator.createStream(stream, SHARDS);
            await emulator.createStream(warmupStream, SHARDS);
            const single = contender === 'single';
            const task: ClientTask = {
              kind: 'send',
              contender,
              workload: plan.spec,
              records: single ? plan.singleRecords : plan.spec.records,
              warmupRecords: single ? plan.singleWarmupRecords : plan.warmupRecords,
              endpoint: emulator.endpoint,
              stream,
              warmupStream,
              settings: SETTINGS,
            };
            const started = performance.now();
            const result = await runChild<ClientResult>(worker, task, NODE_FLAGS);
            const childDone = performance.now();
            await emulator.deleteStream(warmupStream);
            const verification = await emulator.verify({ stream, workload: plan.spec, records: task.records });
            await emulator.deleteStream(stream);
            const seconds = (at: number, from: number): string => `${((at - from) / 1000).toFixed(1)} s`;
            measurements.push({ round, workload, contender, result, verification });
            const landed = verification.exactlyOnce === verification.expected && verification.read === verification.expected;
            log(
              `[kinesis] round ${round + 1}/${rounds} ${workload.padEnd(5)} ${contender.padEnd(6)} ` +
                `${result.recordsPerSecond.toFixed(0).padStart(6)} records/s, ${result.calls} calls, ` +
                `${result.cpuMicrosPerRecord.toFixed(1)} µs CPU/record (${result.ms.toFixed(0)} ms), ` +
                `${landed ? 'all landed once' : `LANDED WRONG: ${JSON.stringify(verification)}`} ` +
                `(child ${seconds(childDone, started)}, read-back ${seconds(performance.now(), childDone)})`,
            );
          }
        }
      } finally {
        await emulator.stop();
      }
    }
    if (probe === undefined) throw new Error('no rounds were run');
    const targets: TargetResult[] = [];
    const markdown = renderReport({ plans: PLANS, settings: SETTINGS, shards: SHARDS, probe, packing, measurements, rounds, targets });
    return {
      markdown,
      packages: {
        '@batch/core': packageVersion('@batch/core'),
        '@batch/sink-kinesis': packageVersion('@batch/sink-kinesis'),
        '@aws-sdk/client-kinesis': packageVersion('@aws-sdk/client-kinesis'),
        '@smithy/node-http-handler': packageVersion('@smithy/node-http-handler'),
      },
      targets,
    };
  },
};
