import { Batcher, failure, success } from '@batch/core';
import type { BatchContext, Outcome } from '@batch/core';
import { settle } from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

/** A job whose real key the sink only learns later: until then it is filed under `PLACEHOLDER`. */
interface Job {
  readonly key: string;
  readonly n: number;
}

const PLACEHOLDER = 'placeholder';

/**
 * A sink that learns keys when its first batch runs (as a DynamoDB sink learns the key schema),
 * holds every batch until released, and records what each batch carried.
 */
function learningSink(options: { respond?: (job: Job, attempt: number) => Outcome<number>; refresh?: boolean } = {}) {
  const { respond = (job: Job) => success(job.n), refresh = true } = options;
  const state = { known: false, throwFor: new Set<number>() };
  const batches: Array<{ jobs: number[]; release: () => void }> = [];
  const processBatch = (jobs: readonly Job[], context: BatchContext): Promise<readonly Outcome<number>[]> => {
    if (!state.known) {
      state.known = true;
      if (refresh) context.refreshOrderingKeys?.(PLACEHOLDER);
    }
    return new Promise((resolve) => {
      batches.push({ jobs: jobs.map((j) => j.n), release: () => resolve(jobs.map((job, i) => respond(job, context.attempts[i] ?? 0))) });
    });
  };
  const orderingKey = (job: Job): string => {
    if (state.throwFor.has(job.n)) throw new Error(`no key for ${job.n}`);
    return state.known ? job.key : PLACEHOLDER;
  };
  return { state, batches, processBatch, orderingKey };
}

const jobs: Job[] = [
  { key: 'a', n: 1 },
  { key: 'a', n: 2 },
  { key: 'b', n: 3 },
  { key: 'b', n: 4 },
];

/** Releases the batches one at a time, in order, until every job settled; returns their contents. */
async function drain(batches: Array<{ jobs: number[]; release: () => void }>, results: Promise<unknown>[]): Promise<number[][]> {
  let done = false;
  const all = Promise.allSettled(results).then(() => {
    done = true;
  });
  for (let released = 0; !done && released < 100; ) {
    await settle();
    const next = batches[released];
    if (next === undefined) {
      await jest.advanceTimersByTimeAsync(1000);
      continue;
    }
    next.release();
    released += 1;
    await settle();
  }
  await all;
  return batches.map((b) => b.jobs);
}

describe('context.refreshOrderingKeys', () => {
  it('files waiting jobs under their real keys once the batch that asked completes', async () => {
    const sink = learningSink();
    const batcher = new Batcher<Job, number>({ ...sink, oneJobPerKeyPerBatch: true, maxBatchSize: 10, maxBatchDelay: 0 });
    const results = jobs.map((job) => batcher.add(job));
    // Under the placeholder, one job per batch; after the refresh, one job per real key per batch.
    expect(await drain(sink.batches, results)).toEqual([[1], [2, 3], [4]]);
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3, 4]);
  });

  it('without the refresh, the jobs stay in the placeholder line (the control)', async () => {
    const sink = learningSink({ refresh: false });
    const batcher = new Batcher<Job, number>({ ...sink, oneJobPerKeyPerBatch: true, maxBatchSize: 10, maxBatchDelay: 0 });
    const results = jobs.map((job) => batcher.add(job));
    expect(await drain(sink.batches, results)).toEqual([[1], [2], [3], [4]]);
  });

  it('re-files retrying jobs too, which stay ahead of later jobs of their key', async () => {
    let failures = 0;
    const sink = learningSink({
      respond: (job) => (job.n === 1 && failures++ < 2 ? failure(new Error('throttled'), { retryable: true }) : success(job.n)),
    });
    const batcher = new Batcher<Job, number>({
      ...sink,
      oneJobPerKeyPerBatch: true,
      maxBatchSize: 10,
      maxBatchDelay: 0,
      retry: { baseDelay: 100, maxDelay: 100, random: () => 0.5 },
    });
    const results = jobs.map((job) => batcher.add(job));
    // Job 1 fails twice: jobs 3 and 4 (key b) go while it backs off; job 2 (key a) waits until
    // job 1 has landed, though the refresh moved both from the placeholder to key a.
    expect(await drain(sink.batches, results)).toEqual([[1], [3], [4], [1], [1], [2]]);
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3, 4]);
  });

  it('rejects a job whose orderingKey throws at the refresh, as add() would, so later jobs of its key cannot overtake it', async () => {
    const sink = learningSink();
    const batcher = new Batcher<Job, number>({ ...sink, oneJobPerKeyPerBatch: true, maxBatchSize: 10, maxBatchDelay: 0 });
    const keyed: Job[] = [
      { key: 'a', n: 1 },
      { key: 'a', n: 2 },
      { key: 'a', n: 3 },
      { key: 'b', n: 4 },
    ];
    const results = keyed.map((job) => batcher.add(job));
    sink.state.throwFor.add(2);
    const settled = Promise.allSettled(results);
    expect(await drain(sink.batches, results)).toEqual([[1], [3, 4]]);
    const outcomes = await settled;
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'INVALID_JOB', message: 'Job rejected by validation: no key for 2' });
    expect(batcher.stats()).toMatchObject({ pending: 0, failed: 1 });
  });

  it('can file jobs under no key, after which they are unordered', async () => {
    const sink = learningSink();
    const batcher = new Batcher<Job, number>({
      ...sink,
      orderingKey: () => (sink.state.known ? undefined : PLACEHOLDER),
      oneJobPerKeyPerBatch: true,
      maxBatchSize: 10,
      maxBatchDelay: 0,
    });
    const results = jobs.map((job) => batcher.add(job));
    expect(await drain(sink.batches, results)).toEqual([[1], [2, 3, 4]]);
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3, 4]);
  });
});
