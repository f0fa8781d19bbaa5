import {
  Batcher,
  BatcherClosedError,
  BatchError,
  InvalidJobError,
  JobFailedError,
  JobTooLargeError,
  OutcomeMismatchError,
  QueueFullError,
  ShutdownTimeoutError,
  BatcherAbortedError,
  JobExpiredError,
  failure,
  success,
} from '@batch/core';
import type { BatchInfo, Outcome } from '@batch/core';
import { fakeSink, settle, track } from './helpers.js';

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('cutting batches', () => {
  it('flushes when maxBatchSize is reached, without waiting for the delay', async () => {
    const [processBatch, calls] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, maxBatchSize: 3, maxBatchDelay: 10_000 });
    const results = [1, 2, 3, 4].map((n) => batcher.add(n));
    await settle();
    expect(calls.map((c) => c.jobs)).toEqual([[1, 2, 3]]);
    await expect(Promise.all(results.slice(0, 3))).resolves.toEqual([1, 2, 3]);
    await jest.advanceTimersByTimeAsync(9_999);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.jobs)).toEqual([[1, 2, 3], [4]]);
    await expect(results[3]).resolves.toBe(4);
  });

  it('counts maxBatchDelay from the oldest waiting job', async () => {
    const [processBatch, calls] = fakeSink<string>();
    const batcher = new Batcher({ processBatch, maxBatchSize: 100, maxBatchDelay: 100 });
    void batcher.add('a');
    await jest.advanceTimersByTimeAsync(60);
    void batcher.add('b');
    await jest.advanceTimersByTimeAsync(39);
    expect(calls).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.jobs)).toEqual([['a', 'b']]);
  });

  it('packs greedily by bytes: a job that does not fit waits at the head while smaller ones fill the room', async () => {
    const [processBatch, calls] = fakeSink<{ id: string; size: number }>();
    const batcher = new Batcher({
      processBatch,
      maxBatchSize: 100,
      maxBatchBytes: 10,
      sizeOf: (job) => job.size,
      maxBatchDelay: 5,
    });
    const jobs = [
      { id: 'a', size: 6 },
      { id: 'b', size: 6 },
      { id: 'c', size: 4 },
      { id: 'd', size: 3 },
    ];
    for (const job of jobs) void batcher.add(job);
    await batcher.flush();
    expect(calls.map((c) => c.jobs.map((j) => j.id))).toEqual([['a', 'c'], ['b', 'd']]);
  });

  it('sends a full byte budget at once', async () => {
    const [processBatch, calls] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, maxBatchSize: 100, maxBatchBytes: 8, sizeOf: (n: number) => n, maxBatchDelay: 1000 });
    void batcher.add(5);
    void batcher.add(3);
    await settle();
    expect(calls.map((c) => c.jobs)).toEqual([[5, 3]]);
  });

  it('resolves each job with its own value, aligned by position', async () => {
    const [processBatch] = fakeSink<number, string>((jobs) => jobs.map((n) => success(`v${n * 10}`)));
    const batcher = new Batcher({ processBatch, maxBatchSize: 4, maxBatchDelay: 0 });
    const results = [1, 2, 3, 4, 5].map((n) => batcher.add(n));
    await settle();
    await expect(Promise.all(results)).resolves.toEqual(['v10', 'v20', 'v30', 'v40', 'v50']);
  });

  it('keeps at most `concurrency` batches in flight', async () => {
    const releases: Array<() => void> = [];
    let inFlight = 0;
    let peak = 0;
    const batcher = new Batcher<number, number>({
      maxBatchSize: 2,
      maxBatchDelay: 0,
      concurrency: 2,
      processBatch: async (jobs) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight -= 1;
        return jobs.map((n) => success(n));
      },
    });
    const results = Array.from({ length: 10 }, (_, i) => batcher.add(i));
    await settle();
    expect(releases).toHaveLength(2);
    while (releases.length > 0) {
      releases.shift()?.();
      await settle();
    }
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(2);
  });
});

describe('bad input at add()', () => {
  it('rejects an invalid job at once, wrapping the validator error, and never sends it', async () => {
    const [processBatch, calls] = fakeSink<number>();
    const batcher = new Batcher({
      processBatch,
      maxBatchDelay: 0,
      validate: (n: number) => {
        if (n < 0) throw new RangeError(`negative: ${n}`);
      },
    });
    const good = batcher.add(1);
    const bad = batcher.add(-1);
    await expect(bad).rejects.toBeInstanceOf(InvalidJobError);
    const error = (await bad.catch((e: unknown) => e)) as InvalidJobError;
    expect(error.code).toBe('INVALID_JOB');
    expect(error.cause).toEqual(new RangeError('negative: -1'));
    expect(error.message).toBe('Job rejected by validation: negative: -1');
    await settle();
    await expect(good).resolves.toBe(1);
    expect(calls.map((c) => c.jobs)).toEqual([[1]]);
  });

  it('passes a validator error through when it already is a BatchError', async () => {
    class RecordError extends BatchError {
      constructor() {
        super('SINK_BAD_RECORD', 'bad record');
      }
    }
    const [processBatch] = fakeSink<number>();
    const batcher = new Batcher({
      processBatch,
      validate: () => {
        throw new RecordError();
      },
    });
    await expect(batcher.add(1)).rejects.toBeInstanceOf(RecordError);
  });

  it('rejects a job larger than maxBatchBytes with JobTooLargeError naming the limit and size', async () => {
    const [processBatch, calls] = fakeSink<string>();
    const batcher = new Batcher({ processBatch, maxBatchBytes: 4, sizeOf: (s: string) => s.length, maxBatchDelay: 0 });
    const ok = batcher.add('abcd');
    const tooBig = batcher.add('abcde');
    await expect(tooBig).rejects.toThrow(new JobTooLargeError('maxBatchBytes', 5, 4));
    await expect(tooBig).rejects.toMatchObject({ code: 'JOB_TOO_LARGE', size: 5, max: 4, limit: 'maxBatchBytes' });
    await settle();
    await expect(ok).resolves.toBe('abcd');
    expect(calls.map((c) => c.jobs)).toEqual([['abcd']]);
  });

  it('rejects (never throws) when orderingKey throws', async () => {
    const [processBatch, calls] = fakeSink<number>();
    const batcher = new Batcher({
      processBatch,
      maxBatchDelay: 0,
      orderingKey: (n: number) => {
        if (n === 2) throw new Error('no key');
        return `k${n}`;
      },
    });
    const good = batcher.add(1);
    const bad = batcher.add(2);
    await expect(bad).rejects.toBeInstanceOf(InvalidJobError);
    await expect(good).resolves.toBe(1);
    expect(calls.map((c) => c.jobs)).toEqual([[1]]);
  });

  it('stamps a job added in the same turn as a flush with the current time, not a stale one', async () => {
    const batcher = new Batcher<string, string>({
      maxBatchSize: 1,
      maxBatchDelay: 0,
      maxJobAge: 100,
      processBatch: () => new Promise(() => undefined), // the first batch holds the only slot
    });
    void batcher.add('a').catch(() => undefined);
    await settle();
    await jest.advanceTimersByTimeAsync(80);
    void batcher.flush();
    const b = track(batcher.add('b')); // same turn as the flush: must be stamped 80, not 0
    await jest.advanceTimersByTimeAsync(40);
    expect(b.state()).toBe('pending');
    await jest.advanceTimersByTimeAsync(60);
    expect(b.error()).toBeInstanceOf(JobExpiredError);
    expect(b.error()).toMatchObject({ age: 100 });
    void batcher.shutdown({ timeout: 0 });
  });

  it('rejects a job whose sizeOf is not a size', async () => {
    const [processBatch] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, sizeOf: () => Number.NaN });
    await expect(batcher.add(1)).rejects.toThrow('sizeOf returned NaN');
  });

  it('prepares each job once, before validate and sizeOf, and sends the prepared job', async () => {
    interface TextJob {
      readonly text: string;
      readonly bytes?: number;
    }
    const [processBatch, calls] = fakeSink<TextJob>();
    const prepare = jest.fn((job: TextJob): TextJob => ({ ...job, bytes: Buffer.byteLength(job.text) }));
    const sizeOf = jest.fn((job: TextJob) => job.bytes ?? -1);
    const batcher = new Batcher<TextJob, TextJob>({ processBatch, prepare, sizeOf, maxBatchBytes: 100, maxBatchDelay: 0 });
    await settle();
    const result = batcher.add({ text: 'héllo' });
    await settle();
    await expect(result).resolves.toEqual({ text: 'héllo', bytes: 6 });
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(sizeOf).toHaveBeenCalledTimes(1);
    expect(calls[0]?.jobs).toEqual([{ text: 'héllo', bytes: 6 }]);
  });
});

describe('whole-batch and per-job failures', () => {
  it('fails every job of a batch whose processBatch throws, with the error as cause', async () => {
    const boom = new Error('boom');
    const batcher = new Batcher<number, number>({
      maxBatchDelay: 0,
      processBatch: () => {
        throw boom;
      },
    });
    const results = [batcher.add(1), batcher.add(2)].map(track);
    await settle();
    for (const r of results) {
      expect(r.error()).toBeInstanceOf(JobFailedError);
      expect(r.error()).toMatchObject({ code: 'JOB_FAILED', attempts: 1, cause: boom });
    }
  });

  it('fails the batch with OutcomeMismatchError when the outcome array has the wrong length, never hanging', async () => {
    const batcher = new Batcher<number, number>({ maxBatchDelay: 0, processBatch: async () => [success(1)] });
    const results = [batcher.add(1), batcher.add(2)].map(track);
    await settle();
    for (const r of results) {
      expect(r.error()).toBeInstanceOf(OutcomeMismatchError);
      expect((r.error() as Error).message).toBe('processBatch must resolve to 2 outcomes (one per job, in order), got 1');
    }
  });

  it('fails only the job whose outcome is malformed', async () => {
    const batcher = new Batcher<number, number>({
      maxBatchDelay: 0,
      processBatch: async () => [success(1), null as unknown as Outcome<number>],
    });
    const [a, b] = [batcher.add(1), batcher.add(2)].map(track);
    await settle();
    expect(a?.value()).toBe(1);
    expect(b?.error()).toBeInstanceOf(OutcomeMismatchError);
  });

  it('never puts the cause message (which may echo payloads) in its own message', async () => {
    const cause = Object.assign(new Error("Value 'secret-payload' at 'records.1' failed"), { name: 'ValidationException', code: 'E1' });
    const [processBatch] = fakeSink<number>((jobs) => jobs.map(() => failure(cause)));
    const batcher = new Batcher({ processBatch, maxBatchDelay: 0 });
    const error = (await batcher.add(1).catch((e: unknown) => e)) as JobFailedError;
    expect(error.message).toBe('Job failed on attempt 1: ValidationException (E1)');
    expect(error.cause).toBe(cause);
  });

  it('rejects a non-retryable failed outcome at once with JobFailedError carrying the cause', async () => {
    const cause = new Error('ValidationException');
    const [processBatch, calls] = fakeSink<number>((jobs) => jobs.map((n) => (n === 2 ? failure(cause) : success(n))));
    const batcher = new Batcher({ processBatch, maxBatchDelay: 0 });
    const results = [1, 2, 3].map((n) => track(batcher.add(n)));
    await settle();
    expect(results.map((r) => r.state())).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]?.error()).toMatchObject({ code: 'JOB_FAILED', attempts: 1, cause });
    expect(calls).toHaveLength(1);
  });
});

describe('queue bound', () => {
  it('rejects add() past maxQueueSize with QueueFullError at once, never dropping accepted jobs', async () => {
    const onQueueFull = jest.fn();
    const [processBatch, calls] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, maxBatchSize: 2, maxQueueSize: 3, maxBatchDelay: 50, hooks: { onQueueFull } });
    const accepted = [1, 2, 3].map((n) => batcher.add(n));
    const refused = batcher.add(4);
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(refused).rejects.toMatchObject({ code: 'QUEUE_FULL', limit: 'maxQueueSize', max: 3 });
    expect(onQueueFull).toHaveBeenCalledWith({ job: 4, pending: 3, pendingBytes: 0 });
    await jest.advanceTimersByTimeAsync(50);
    await expect(Promise.all(accepted)).resolves.toEqual([1, 2, 3]);
    expect(calls.flatMap((c) => c.jobs)).toEqual([1, 2, 3]);
    expect(batcher.stats()).toMatchObject({ added: 3, refused: 1, succeeded: 3, pending: 0 });
  });

  it('asks orderingKey only about jobs the queue accepts', async () => {
    const asked: number[] = [];
    const [processBatch] = fakeSink<number>();
    const batcher = new Batcher({
      processBatch,
      maxBatchSize: 1,
      maxQueueSize: 1,
      maxBatchDelay: 50,
      orderingKey: (n: number) => {
        asked.push(n);
        return `k${n}`;
      },
    });
    void batcher.add(1);
    await expect(batcher.add(2)).rejects.toBeInstanceOf(QueueFullError);
    expect(asked).toEqual([1]);
    await batcher.shutdown();
  });

  it('wakes no more room waiters than the freed room can take, in order', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let releaseLater = (): void => undefined;
    const later = new Promise<void>((resolve) => (releaseLater = resolve));
    const batcher = new Batcher<number, number>({
      processBatch: async (jobs) => {
        await (jobs[0] === 0 ? gate : later);
        return jobs.map((n) => success(n));
      },
      maxBatchSize: 1,
      maxQueueSize: 1,
      maxBatchDelay: 0,
    });
    const first = batcher.add(0);
    // Each producer adds as soon as it is woken, as `await batcher.waitForRoom(); batcher.add(…)` does.
    const added: Array<Promise<number>> = [];
    const waiters = [track(batcher.waitForRoom().then(() => void added.push(batcher.add(1)))), track(batcher.waitForRoom().then(() => void added.push(batcher.add(2))))];
    release();
    await first;
    await settle();
    expect(waiters.map((w) => w.state())).toEqual(['fulfilled', 'pending']); // job 1 holds the room
    releaseLater();
    await added[0];
    await settle();
    expect(waiters.map((w) => w.state())).toEqual(['fulfilled', 'fulfilled']);
    await expect(Promise.all(added)).resolves.toEqual([1, 2]);
    expect(batcher.stats().refused).toBe(0);
    await batcher.shutdown();
  });

  /** A batcher of `bound` jobs at most whose batches wait until `release()`, refusing negative jobs. */
  function gatedBatcher(bound: number) {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = new Batcher<number, number>({
      processBatch: async (jobs) => {
        await gate;
        return jobs.map((n) => success(n));
      },
      validate: (n) => {
        if (n < 0) throw new Error('negative');
      },
      maxBatchSize: bound,
      maxQueueSize: bound,
      maxBatchDelay: 0,
    });
    return { batcher, release };
  }

  it('gives the room of a woken waiter that does not add (or is refused) to the next one (found in review: it hung)', async () => {
    const { batcher, release } = gatedBatcher(1);
    const first = batcher.add(0);
    const refused = track(batcher.waitForRoom().then(() => batcher.add(-1)));
    const next = batcher.addWhenRoom(2);
    release();
    await first;
    await settle();
    expect(refused.state()).toBe('rejected');
    await expect(next.result).resolves.toBe(2);
    await batcher.shutdown();
  });

  it('does not let a later addWhenRoom take the room set aside for an earlier waitForRoom caller (found in review)', async () => {
    const { batcher, release } = gatedBatcher(2);
    const firsts = [batcher.add(0), batcher.add(1)];
    const a1 = batcher.addWhenRoom(10);
    const w = batcher.waitForRoom().then(() => batcher.add(20));
    const a2 = batcher.addWhenRoom(30);
    release();
    await expect(Promise.all([...firsts, a1.result, w, a2.result])).resolves.toEqual([0, 1, 10, 20, 30]);
    expect(batcher.stats().refused).toBe(0);
    await batcher.shutdown();
  });

  it('waits for room in bytes with waitForRoom(size)', async () => {
    const [processBatch] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, sizeOf: (n: number) => n, maxBatchBytes: 10, maxQueueBytes: 10, maxBatchDelay: 20 });
    void batcher.add(8);
    const big = track(batcher.waitForRoom(5));
    expect(batcher.hasRoom(2)).toBe(true);
    await settle();
    expect(big.state()).toBe('pending');
    await jest.advanceTimersByTimeAsync(20);
    expect(big.state()).toBe('fulfilled');
  });

  it('bounds bytes with maxQueueBytes', async () => {
    const [processBatch] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, sizeOf: (n: number) => n, maxBatchBytes: 10, maxQueueBytes: 10 });
    void batcher.add(6);
    await expect(batcher.add(5)).rejects.toMatchObject({ code: 'QUEUE_FULL', limit: 'maxQueueBytes', max: 10 });
    await batcher.shutdown();
  });

  it('resolves waitForRoom once a batch settles and frees room', async () => {
    const [processBatch] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, maxBatchSize: 2, maxQueueSize: 2, maxBatchDelay: 100 });
    void batcher.add(1);
    void batcher.add(2);
    expect(batcher.hasRoom()).toBe(false);
    const room = track(batcher.waitForRoom());
    await settle();
    expect(room.state()).toBe('fulfilled');
    expect(batcher.hasRoom()).toBe(true);
  });
});

describe('flush and shutdown', () => {
  it('flush sends partial batches now and resolves when those jobs have settled', async () => {
    const [processBatch, calls] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, maxBatchSize: 10, maxBatchDelay: 60_000 });
    const results = [1, 2, 3].map((n) => track(batcher.add(n)));
    await batcher.flush();
    expect(results.map((r) => r.state())).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(calls.map((c) => c.jobs)).toEqual([[1, 2, 3]]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('flush resolves once earlier jobs settle, even while jobs added after it still wait', async () => {
    const [processBatch, calls] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, maxBatchSize: 2, maxBatchDelay: 60_000, concurrency: 1 });
    const early = [1, 2, 3].map((n) => track(batcher.add(n)));
    const flushed = track(batcher.flush());
    const late = [4, 5, 6, 7, 8].map((n) => track(batcher.add(n)));
    await settle();
    await settle();
    expect(flushed.state()).toBe('fulfilled');
    expect(early.map((r) => r.state())).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    // 3 shared a batch with 4; 5..8 filled two full batches; nothing is left waiting.
    expect(calls.map((c) => c.jobs)).toEqual([[1, 2], [3, 4], [5, 6], [7, 8]]);
    expect(late.map((r) => r.state())).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
  });

  it('flush does not wait for jobs added after it', async () => {
    const [processBatch, calls] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, maxBatchSize: 10, maxBatchDelay: 60_000 });
    void batcher.add(1);
    const flushed = track(batcher.flush());
    await settle();
    void batcher.add(2);
    await settle();
    expect(flushed.state()).toBe('fulfilled');
    expect(calls.map((c) => c.jobs)).toEqual([[1]]);
    expect(batcher.stats().pending).toBe(1);
    await batcher.shutdown();
  });

  it('flush on an idle batcher resolves at once', async () => {
    const [processBatch, calls] = fakeSink<number>();
    const batcher = new Batcher({ processBatch });
    await expect(batcher.flush()).resolves.toBeUndefined();
    expect(calls).toHaveLength(0);
  });

  it('shutdown drains everything, is idempotent, and later adds reject with BatcherClosedError', async () => {
    const [processBatch, calls] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, maxBatchSize: 2, maxBatchDelay: 60_000 });
    const results = [1, 2, 3].map((n) => batcher.add(n));
    const first = batcher.shutdown();
    expect(batcher.shutdown()).toBe(first);
    await first;
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3]);
    expect(calls.map((c) => c.jobs)).toEqual([[1, 2], [3]]);
    await expect(batcher.add(4)).rejects.toBeInstanceOf(BatcherClosedError);
    expect(batcher.isClosed).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects every still-pending job with ShutdownTimeoutError when the timeout passes, and aborts in-flight batches', async () => {
    let signal: AbortSignal | undefined;
    const batcher = new Batcher<number, number>({
      maxBatchSize: 1,
      maxBatchDelay: 0,
      processBatch: (_jobs, context) => {
        signal = context.signal;
        return new Promise(() => undefined); // hangs forever
      },
    });
    const results = [1, 2].map((n) => track(batcher.add(n)));
    await settle();
    const done = track(batcher.shutdown({ timeout: 500 }));
    await jest.advanceTimersByTimeAsync(499);
    expect(done.state()).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(done.state()).toBe('fulfilled');
    for (const r of results) {
      expect(r.error()).toBeInstanceOf(ShutdownTimeoutError);
      expect(r.error()).toMatchObject({ code: 'SHUTDOWN_TIMEOUT' });
    }
    expect(signal?.aborted).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('an aborted signal closes the batcher and rejects pending jobs with BatcherAbortedError', async () => {
    const controller = new AbortController();
    const [processBatch, calls] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, maxBatchDelay: 1000, signal: controller.signal });
    const result = track(batcher.add(1));
    controller.abort(new Error('SIGTERM'));
    await settle();
    expect(result.error()).toBeInstanceOf(BatcherAbortedError);
    expect((result.error() as Error).cause).toEqual(new Error('SIGTERM'));
    await expect(batcher.add(2)).rejects.toBeInstanceOf(BatcherClosedError);
    expect(calls).toHaveLength(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('a batcher built with an already-aborted signal refuses every job', async () => {
    const [processBatch] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, signal: AbortSignal.abort() });
    await expect(batcher.add(1)).rejects.toBeInstanceOf(BatcherClosedError);
  });
});

describe('timers', () => {
  it('holds no timer while idle and at most one while jobs wait', async () => {
    const [processBatch] = fakeSink<number>();
    const batcher = new Batcher({ processBatch, maxBatchSize: 1000, maxBatchDelay: 100 });
    expect(jest.getTimerCount()).toBe(0);
    for (let i = 0; i < 50; i++) void batcher.add(i);
    await settle();
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(100);
    expect(batcher.stats().pending).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('waits out delays past 2^31 - 1 ms (which Node would fire after 1 ms) with timers Node takes as given', async () => {
    const setTimeoutSpy = jest.spyOn(globalThis, 'setTimeout');
    const [processBatch, calls] = fakeSink<number>();
    const longest = 2 ** 31 - 1;
    const batcher = new Batcher({ processBatch, maxBatchSize: 10, maxBatchDelay: 3e9 });
    const job = batcher.add(1);
    await jest.advanceTimersByTimeAsync(longest + 1);
    expect(calls).toHaveLength(0); // not sent early
    await jest.advanceTimersByTimeAsync(3e9 - longest);
    await expect(job).resolves.toBe(1);
    expect(calls).toHaveLength(1);
    const delays = setTimeoutSpy.mock.calls.map((call) => Number(call[1] ?? 0));
    expect(Math.max(...delays)).toBe(longest);
    expect(delays.length).toBeLessThanOrEqual(3); // re-armed once, not spinning
    setTimeoutSpy.mockRestore();
  });
});

describe('observability', () => {
  it('reports batches to onBatch and counts in stats()', async () => {
    const batches: BatchInfo[] = [];
    const [processBatch] = fakeSink<number>((jobs) => jobs.map((n) => (n === 3 ? failure(new Error('no')) : success(n))));
    const batcher = new Batcher({
      processBatch,
      maxBatchSize: 3,
      maxBatchDelay: 0,
      sizeOf: (n: number) => n,
      hooks: { onBatch: (info) => batches.push(info) },
    });
    const results = [1, 2, 3].map((n) => track(batcher.add(n)));
    await settle();
    expect(results.map((r) => r.state())).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(batches).toEqual([{ batchId: 1, size: 3, bytes: 6, attempt: 1, durationMs: 0, succeeded: 2, retried: 0, failed: 1 }]);
    expect(batcher.stats()).toEqual({
      added: 3,
      refused: 0,
      succeeded: 2,
      failed: 1,
      retried: 0,
      batches: 1,
      pending: 0,
      pendingBytes: 0,
      inFlight: 0,
      inFlightBatches: 0,
    });
  });

  it('rethrows a hook exception asynchronously instead of swallowing it or corrupting state', async () => {
    const [processBatch] = fakeSink<number>();
    const batcher = new Batcher({
      processBatch,
      maxBatchDelay: 0,
      hooks: {
        onBatch: () => {
          throw new Error('hook bug');
        },
      },
    });
    const thrown: unknown[] = [];
    const spy = jest.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) => {
      try {
        callback();
      } catch (error) {
        thrown.push(error);
      }
    });
    const result = batcher.add(1);
    await settle();
    spy.mockRestore();
    await expect(result).resolves.toBe(1);
    expect(thrown).toEqual([new Error('hook bug')]);
  });
});
