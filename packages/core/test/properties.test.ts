import fc from 'fast-check';
import { Batcher, BatchError, failure, success } from '@batch/core';
import type { BatchContext, Outcome } from '@batch/core';

/*
 * Random sequences of adds (keys, sizes), time passing, batch completions (all ok, mixed
 * per-job outcomes, whole-batch throws), flushes and shutdowns, against a sink that holds each
 * batch until the sequence says how it ends. Invariants checked on every run:
 * - every accepted job settles exactly once; none is lost; stats balance;
 * - each success carries that job's own value;
 * - per key, a job is only sent once every earlier job of its key has settled for good or
 *   sits before it in the same batch (order survives retries and concurrency);
 * - no key is in two in-flight batches;
 * - pending jobs never exceed maxQueueSize.
 */

interface Job {
  readonly id: number;
  readonly key: string | undefined;
  readonly size: number;
}

type Command =
  | { readonly kind: 'add'; readonly key: number; readonly size: number }
  | { readonly kind: 'tick'; readonly ms: number }
  | { readonly kind: 'complete'; readonly which: number; readonly mode: 'ok' | 'mixed' | 'throwRetryable' | 'throwFatal'; readonly seed: number }
  | { readonly kind: 'flush' }
  | { readonly kind: 'shutdown'; readonly timeout: number | undefined };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('add' as const), key: fc.integer({ min: -1, max: 4 }), size: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 300 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('complete' as const),
      which: fc.nat({ max: 3 }),
      mode: fc.constantFrom('ok' as const, 'mixed' as const, 'throwRetryable' as const, 'throwFatal' as const),
      seed: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('shutdown' as const), timeout: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }) }) },
);

const config = fc.record({
  maxBatchSize: fc.integer({ min: 1, max: 6 }),
  maxBatchBytes: fc.integer({ min: 40, max: 120 }),
  maxBatchDelay: fc.integer({ min: 0, max: 100 }),
  concurrency: fc.integer({ min: 1, max: 3 }),
  maxQueueSize: fc.integer({ min: 6, max: 30 }),
  maxAttempts: fc.integer({ min: 1, max: 4 }),
  oneJobPerKeyPerBatch: fc.boolean(),
});

interface Held {
  readonly jobs: readonly Job[];
  readonly attempts: readonly number[];
  readonly resolve: (outcomes: readonly Outcome<string>[]) => void;
  readonly reject: (error: Error) => void;
  done: boolean;
}

const retryable = Object.assign(new Error('throttled'), { retryable: true });
const fatal = new Error('fatal');

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

it('keeps every invariant over random sequences of adds, outcomes, sizes, concurrency and shutdowns', async () => {
  const seed = process.env.BATCH_TEST_SEED === undefined ? undefined : Number(process.env.BATCH_TEST_SEED);
  await fc.assert(
    fc.asyncProperty(config, fc.array(command, { minLength: 1, maxLength: 60 }), async (cfg, commands) => {
      const held: Held[] = [];
      const finalIds = new Set<number>();
      const violations: string[] = [];
      const jobsById = new Map<number, Job>();
      const processBatch = (jobs: readonly Job[], context: BatchContext): Promise<readonly Outcome<string>[]> => {
        const live = held.filter((h) => !h.done);
        for (const job of jobs) {
          if (job.key !== undefined && live.some((h) => h.jobs.some((other) => other.key === job.key))) {
            violations.push(`key ${job.key} in two in-flight batches`);
          }
        }
        jobs.forEach((job, position) => {
          if (job.key === undefined) return;
          for (const earlier of jobsById.values()) {
            if (earlier.id >= job.id || earlier.key !== job.key || finalIds.has(earlier.id)) continue;
            const at = jobs.indexOf(earlier);
            if (at === -1 || at > position) violations.push(`job ${job.id} sent before earlier job ${earlier.id} of key ${job.key}`);
          }
        });
        if (cfg.oneJobPerKeyPerBatch) {
          const keys = jobs.map((j) => j.key).filter((k) => k !== undefined);
          if (new Set(keys).size !== keys.length) violations.push('two jobs of one key in a batch');
        }
        const bytes = jobs.reduce((sum, j) => sum + j.size, 0);
        if (jobs.length > cfg.maxBatchSize || bytes > cfg.maxBatchBytes) violations.push('batch over its limits');
        return new Promise((resolve, reject) => {
          held.push({ jobs, attempts: [...context.attempts], resolve, reject, done: false });
        });
      };
      const batcher = new Batcher<Job, string>({
        processBatch,
        maxBatchSize: cfg.maxBatchSize,
        maxBatchBytes: cfg.maxBatchBytes,
        sizeOf: (job) => job.size,
        maxBatchDelay: cfg.maxBatchDelay,
        concurrency: cfg.concurrency,
        maxQueueSize: cfg.maxQueueSize,
        orderingKey: (job) => job.key,
        oneJobPerKeyPerBatch: cfg.oneJobPerKeyPerBatch,
        isRetryable: (error) => error === retryable,
        retry: { maxAttempts: cfg.maxAttempts, baseDelay: 10, maxDelay: 40, random: () => 0.5 },
      });
      const settledCount = new Map<number, number>();
      const results = new Map<number, { ok: boolean; value: unknown }>();
      let nextId = 0;

      const complete = (entry: Held, mode: 'ok' | 'mixed' | 'throwRetryable' | 'throwFatal', seedValue: number): void => {
        entry.done = true;
        if (mode === 'throwRetryable' || mode === 'throwFatal') {
          entry.jobs.forEach((job, i) => {
            if (mode === 'throwFatal' || (entry.attempts[i] ?? 0) >= cfg.maxAttempts) finalIds.add(job.id);
          });
          entry.reject(mode === 'throwRetryable' ? retryable : fatal);
          return;
        }
        const outcomes = entry.jobs.map((job, i): Outcome<string> => {
          const pick = mode === 'ok' ? 0 : (seedValue + i * 7) % 3;
          if (pick === 0 || (pick === 1 && (entry.attempts[i] ?? 0) >= cfg.maxAttempts)) finalIds.add(job.id);
          if (pick === 2) finalIds.add(job.id);
          if (pick === 0) return success(`v${job.id}`);
          return pick === 1 ? failure(retryable, { retryable: true }) : failure(fatal, { retryable: false });
        });
        entry.resolve(outcomes);
      };

      for (const cmd of commands) {
        switch (cmd.kind) {
          case 'add': {
            const job: Job = { id: nextId++, key: cmd.key < 0 ? undefined : `k${cmd.key}`, size: cmd.size };
            const accepted = batcher.hasRoom(job.size) && !batcher.isClosed;
            const promise = batcher.add(job);
            if (accepted) jobsById.set(job.id, job);
            promise.then(
              (value) => {
                settledCount.set(job.id, (settledCount.get(job.id) ?? 0) + 1);
                results.set(job.id, { ok: true, value });
              },
              (error: unknown) => {
                settledCount.set(job.id, (settledCount.get(job.id) ?? 0) + 1);
                results.set(job.id, { ok: false, value: error });
              },
            );
            break;
          }
          case 'tick':
            await jest.advanceTimersByTimeAsync(cmd.ms);
            break;
          case 'complete': {
            const live = held.filter((h) => !h.done);
            const entry = live[cmd.which % Math.max(1, live.length)];
            if (entry !== undefined) complete(entry, cmd.mode, cmd.seed);
            break;
          }
          case 'flush':
            void batcher.flush();
            break;
          case 'shutdown':
            void batcher.shutdown({ timeout: cmd.timeout });
            break;
        }
        await jest.advanceTimersByTimeAsync(0);
        if (batcher.stats().pending > cfg.maxQueueSize) violations.push('queue over its bound');
      }
      // Drain: let every batch succeed until nothing is pending.
      void batcher.shutdown();
      for (let round = 0; round < 500 && batcher.stats().pending > 0; round++) {
        for (const entry of held) if (!entry.done) complete(entry, 'ok', 0);
        await jest.advanceTimersByTimeAsync(50);
      }
      await jest.advanceTimersByTimeAsync(0);

      expect(violations).toEqual([]);
      const stats = batcher.stats();
      expect(stats.pending).toBe(0);
      expect(stats.succeeded + stats.failed).toBe(stats.added);
      expect(stats.added).toBe(jobsById.size);
      for (let id = 0; id < nextId; id++) {
        expect(settledCount.get(id)).toBe(1);
        const result = results.get(id);
        if (result?.ok === true) expect(result.value).toBe(`v${id}`);
        else expect(result?.value).toBeInstanceOf(BatchError);
      }
      expect(jest.getTimerCount()).toBe(0);
    }),
    { numRuns: 300, ...(seed === undefined ? {} : { seed }) },
  );
}, 120_000);
