import { EmulatorChild } from '../lib/EmulatorChild.js';
import { dependencyVersion, packageVersion } from '../lib/machine.js';
import { rotate } from '../lib/rotate.js';
import { runChild } from '../lib/runChild.js';
import type { Suite, SuiteOptions, SuiteReport, TargetResult } from '../suite.js';
import type { ClientResult, ClientTask, ContenderName, EmulatorCommand, LimitProbe, PackingRow, PackingTask, Verification } from './protocol.js';
import { renderReport } from './report.js';
import type { Measurement, Plan } from './report.js';
import { MAX_REQUEST_BYTES, safeProducerBatchSize } from './workload.js';
import type { SizeDistribution, WorkloadSpec } from './workload.js';

const MAX_SIZE = 200 * 1024;

/**
 * The timed workload: 500 messages of 10 B – 200 KiB, uniform (mean ~100 KiB: ten messages
 * usually exceed 1 MiB, so byte packing decides the call count; 54.7 MB per measurement).
 * local-aws-sqs takes a few ms per call and the read-back ~10 ms per 10 messages, so the count is
 * modest. SendMessage one by one sends the first 150 only; its numbers are per message.
 * The warm-up is one whole workload for every contender: the sink's per-batch code (cutting,
 * planning, settling) runs once per request, so a short warm-up (40 messages, 4 requests) left
 * it to be compiled during the timed run, which a long-running service does not pay.
 */
export const PLAN: Plan = {
  spec: { name: 'uniform', messages: 500, minSize: 10, maxSize: MAX_SIZE, distribution: 'uniform', seed: 20_261_125 },
  warmupMessages: 500,
  singleMessages: 150,
  singleWarmupMessages: 20,
  concurrency: 4,
  producerBatchSize: safeProducerBatchSize(MAX_SIZE),
};

/** The packing sweep: each distribution at 500 and 1,000 messages, the timed seed and three more. */
const SWEEP: readonly WorkloadSpec[] = (['uniform', 'bimodal', 'log-uniform'] as const satisfies readonly SizeDistribution[]).flatMap((distribution) =>
  [500, 1_000].flatMap((messages) =>
    [PLAN.spec.seed, 1, 2, 3].map((seed) => ({ name: distribution, messages, minSize: 10, maxSize: MAX_SIZE, distribution, seed })),
  ),
);

const DEFAULT_ROUNDS = 7;
const CONTENDERS: readonly ContenderName[] = ['raw', 'sink', 'producer', 'single'];
const worker = new URL('./sqsWorker.js', import.meta.url);
const emulatorScript = new URL('./sqsEmulator.js', import.meta.url);
/** `--expose-gc` for the GC between the warm-up and the timed run; nothing else changes. */
const NODE_FLAGS = ['--expose-gc'];

/**
 * The sqs suite. A packing sweep first (stubbed transport), then each round starts local-aws-sqs
 * in an emulator child and runs the four contenders in an order rotated each round, each in a
 * fresh client child that measures its own CPU. Each measurement sends to a fresh queue, which the
 * emulator child then reads back (every message exactly once, body for body) and deletes.
 */
export const sqsSuite: Suite = {
  name: 'sqs',
  description: 'SQS sink vs sqs-producer vs a raw SendMessageBatch loop vs SendMessage one by one (local-aws-sqs): messages/s, API calls, client CPU/message',
  async run(options: SuiteOptions): Promise<SuiteReport> {
    const rounds = options.rounds ?? DEFAULT_ROUNDS;
    const log = options.log;
    const measurements: Measurement[] = [];
    let probe: LimitProbe | undefined;
    let queues = 0;
    const packing = await runChild<PackingRow[]>(worker, { kind: 'packing', workloads: SWEEP } satisfies PackingTask, NODE_FLAGS);
    log(`[sqs] packing sweep: ${packing.map((r) => `${r.workload.name}/${r.workload.messages}/${r.workload.seed}: sink ${r.sink}, greedy ${r.greedy}, bound ${r.bound}`).join('; ')}`);
    for (let round = 0; round < rounds; round++) {
      const emulator = await EmulatorChild.start<EmulatorCommand>(emulatorScript, 'sqs');
      try {
        if (probe === undefined) {
          probe = await emulator.request<LimitProbe>({ op: 'probe', limit: MAX_REQUEST_BYTES });
          log(`[sqs] local-aws-sqs: ${JSON.stringify(probe)}`);
        }
        for (const contender of rotate(CONTENDERS, round)) {
          const name = `bench-${contender}-${process.pid}-${++queues}`;
          const queueUrl = await emulator.request<string>({ op: 'createQueue', name });
          const warmupQueueUrl = await emulator.request<string>({ op: 'createQueue', name: `${name}-warmup` });
          const single = contender === 'single';
          const task: ClientTask = {
            kind: 'send',
            contender,
            workload: PLAN.spec,
            messages: single ? PLAN.singleMessages : PLAN.spec.messages,
            warmupMessages: single ? PLAN.singleWarmupMessages : PLAN.warmupMessages,
            endpoint: emulator.endpoint,
            queueUrl,
            warmupQueueUrl,
            concurrency: PLAN.concurrency,
            producerBatchSize: PLAN.producerBatchSize,
          };
          const started = performance.now();
          const result = await runChild<ClientResult>(worker, task, NODE_FLAGS);
          const childDone = performance.now();
          await emulator.request({ op: 'deleteQueue', queueUrl: warmupQueueUrl });
          const verification = await emulator.request<Verification>({ op: 'verify', queueUrl, workload: PLAN.spec, messages: task.messages });
          await emulator.request({ op: 'deleteQueue', queueUrl });
          measurements.push({ round, contender, result, verification });
          const seconds = (at: number, from: number): string => `${((at - from) / 1000).toFixed(1)} s`;
          const landed = verification.exactlyOnce === verification.expected && verification.read === verification.expected;
          log(
            `[sqs] round ${round + 1}/${rounds} ${contender.padEnd(8)} ${result.messagesPerSecond.toFixed(0).padStart(5)} messages/s, ` +
              `${result.calls} calls, ${result.cpuMicrosPerMessage.toFixed(0)} µs CPU/message (${result.ms.toFixed(0)} ms), ` +
              `${landed ? 'all landed once' : `LANDED WRONG: ${JSON.stringify(verification)}`} ` +
              `(child ${seconds(childDone, started)}, read-back ${seconds(performance.now(), childDone)}, ${verification.receives} receives)`,
          );
        }
      } finally {
        await emulator.stop();
      }
    }
    if (probe === undefined) throw new Error('no rounds were run');
    const targets: TargetResult[] = [];
    const markdown = renderReport({ plan: PLAN, probe, packing, measurements, rounds, targets });
    return {
      markdown,
      packages: {
        '@batch/core': packageVersion('@batch/core'),
        '@batch/sink-sqs': packageVersion('@batch/sink-sqs'),
        'sqs-producer': packageVersion('sqs-producer'),
        '@aws-sdk/client-sqs': packageVersion('@aws-sdk/client-sqs'),
        '@smithy/node-http-handler': packageVersion('@smithy/node-http-handler'),
        'local-aws-sqs': dependencyVersion('@batch/local-aws', 'local-aws-sqs'),
      },
      targets,
    };
  },
};
