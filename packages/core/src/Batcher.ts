import { computeBackoff } from './computeBackoff.js';
import { cutBatch } from './cutBatch.js';
import type { CutLimits } from './cutBatch.js';
import type { PlanCache } from './PackingPlan.js';
import {
  BatchError,
  BatcherAbortedError,
  BatcherClosedError,
  InvalidJobError,
  InvalidOptionError,
  JobExpiredError,
  JobFailedError,
  JobTooLargeError,
  OutcomeMismatchError,
  QueueFullError,
  RetriesExhaustedError,
  ShutdownTimeoutError,
} from './errors.js';
import type { InFlightBatch, RetryEntry } from './InFlightBatch.js';
import { JobQueue } from './JobQueue.js';
import { resolveOptions } from './options.js';
import type { BatcherOptions, ResolvedOptions } from './options.js';
import { reportAsync } from './reportAsync.js';
import type { SettlementGroup } from './SettlementGroup.js';
import type { BatcherStats, Outcome } from './types.js';

/** Options of `shutdown()`. */
export interface ShutdownOptions {
  /**
   * Milliseconds to wait for pending jobs; when it passes, every job still pending rejects with
   * `ShutdownTimeoutError` and in-flight batches' signals abort. @default Infinity
   */
  readonly timeout?: number | undefined;
}

interface FlushWaiter {
  readonly barrier: number;
  readonly resolve: () => void;
}

/**
 * Pumps run on a microtask of this promise rather than `queueMicrotask`, which fake-timer
 * libraries replace: a user's test with fake timers must not stall the batcher.
 */
const resolved = Promise.resolve();

/** Groups hold at most this many jobs, so the cached `pick` functions stay few. */
const MAX_GROUP = 4096;

/**
 * Collects jobs added one at a time and hands them to `processBatch` in batches; every `add()`
 * returns a promise that settles, exactly once, with that job's own result or a typed error.
 *
 * @example
 * const batcher = new Batcher<Order, string>({
 *   processBatch: async (orders) => (await db.insertMany(orders)).map((id) => success(id)),
 *   maxBatchSize: 100,
 *   maxBatchDelay: 50,
 * });
 * const id = await batcher.add(order);
 * await batcher.shutdown();
 */
export class Batcher<Job, Result> {
  private readonly o: ResolvedOptions<Job, Result>;
  /** No prepare, validate, sizeOf or orderingKey: add() needs no per-job checks but the bound. */
  private readonly plain: boolean;
  private readonly queue: JobQueue<Job>;
  /** Retryable failures backing off, ordered by sequence number. */
  private retries: RetryEntry<Job>[] = [];
  private readonly inFlight = new Set<InFlightBatch<Job>>();
  private readonly inFlightKeys = new Set<string>();
  private readonly cutLimits: CutLimits;
  private readonly planCache: PlanCache = { plan: undefined };
  private pending = 0;
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private pumpScheduled = false;
  /** Clock time stamped on jobs added in the current event-loop turn. */
  private stamp = 0;
  private closed = false;
  private flushBarrier = -1;
  private flushWaiters: FlushWaiter[] = [];
  /**
   * Waiting for room, in call order: `waitForRoom` callers (woken with room set aside for them)
   * and `addWhenRoom` jobs (`admits`: queued by the wake-up itself, so they count at once).
   */
  private roomWaiters: Array<{ readonly size: number; readonly resolve: () => void; readonly admits: boolean }> = [];
  private shutdownPromise: Promise<void> | undefined;
  private resolveShutdown: (() => void) | undefined;
  private shutdownDeadline = Infinity;
  private shutdownTimeout = Infinity;
  private batchIds = 0;
  /** This completion's jitter draw (NaN until a job needs it). */
  private jitter = NaN;
  private readonly drawnJitter = (): number => this.jitter;
  private readonly counters = { added: 0, refused: 0, succeeded: 0, failed: 0, retried: 0, batches: 0 };
  private readonly pumpNow = (): void => this.pump();
  /** Room set aside for woken `waitForRoom` callers: jobs and bytes (see setAsideFor). */
  private setAside = 0;
  private setAsideBytes = 0;
  /** Set by `check()` for `takeChecked()`, within one synchronous call. */
  private checked: Job | undefined;
  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.timerAt = Infinity;
    this.pump();
  };
  private readonly onAbort = (): void => {
    this.closed = true;
    this.terminate(new BatcherAbortedError(this.o.signal?.reason));
  };

  /** @throws InvalidOptionError when an option is missing, mistyped or out of range. */
  constructor(options: BatcherOptions<Job, Result>) {
    this.o = resolveOptions(options);
    this.plain = this.o.prepare === undefined && this.o.validate === undefined && this.o.sizeOf === undefined && this.o.orderingKey === undefined;
    // A group is one full batch, so that in steady state each group is cut whole and settles at once.
    this.queue = new JobQueue<Job>(Math.min(this.o.maxBatchSize, MAX_GROUP), this.o.sizeOf !== undefined, this.o.orderingKey !== undefined);
    this.cutLimits = {
      maxBatchSize: this.o.maxBatchSize,
      maxBatchBytes: this.o.maxBatchBytes,
      oneJobPerKey: this.o.oneJobPerKeyPerBatch,
      inFlightKeys: this.inFlightKeys,
      shape: { sized: this.o.sizeOf !== undefined, keyed: this.o.orderingKey !== undefined, timed: this.o.maxJobAge !== Infinity },
    };
    const signal = this.o.signal;
    if (signal?.aborted === true) this.closed = true;
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * Queues a job. The promise resolves with the job's own result, or rejects with a
   * `BatchError`: at once when the job is invalid (`InvalidJobError`, `JobTooLargeError` or a
   * sink's own error), the queue is full (`QueueFullError`) or the batcher is closed
   * (`BatcherClosedError`); later when it fails for good (`JobFailedError`,
   * `RetriesExhaustedError`, `JobExpiredError`, `ShutdownTimeoutError`, `BatcherAbortedError`).
   */
  add(job: Job): Promise<Result> {
    // The plain case (no prepare, validate, sizeOf or orderingKey) in a few lines, so that it
    // inlines into the caller's loop; everything else in addChecked.
    if (this.plain && !this.closed && this.pending < this.o.maxQueueSize) return this.enqueue(job, 0, undefined);
    return this.addChecked(job);
  }

  private addChecked(job: Job): Promise<Result> {
    const size = this.check(job);
    return typeof size === 'number' ? this.admit(this.takeChecked(), size) : size;
  }

  /**
   * Adds a job, waiting for room in the queue bound instead of rejecting with `QueueFullError`.
   * The job is prepared, validated and sized once, at the call, then queued as soon as the bound
   * (count and bytes) has room for it, in call order among waiters. `result` is the job's
   * promise, as `add()` returns it; `admitted` resolves once the job is queued or refused (an
   * invalid job, a closed batcher), so that a producer can pull its next job only then. `feed`
   * and `toWritable` are built on it.
   */
  addWhenRoom(job: Job): { readonly result: Promise<Result>; readonly admitted: Promise<void> } {
    const size = this.check(job);
    if (typeof size !== 'number') return { result: size, admitted: resolved };
    const prepared = this.takeChecked();
    // At once only when nobody waits ahead: jobs of one key must not overtake each other.
    if (this.roomWaiters.length === 0 && this.roomBeyondSetAside(size)) return { result: this.admit(prepared, size), admitted: resolved };
    let admit = (): void => undefined;
    const admitted = new Promise<void>((resolve) => (admit = resolve));
    let settle = (_queued: Promise<Result>): void => undefined;
    // Settled by the job's own promise in one hop (not by adoption, two), so that flush() and
    // shutdown() resolve after it (see afterJobPromises).
    const result = new Promise<Result>((resolve, reject) => (settle = (queued) => void queued.then(resolve, reject)));
    // Queued by the wake-up itself (see wakeRoomWaiters), with the counts as they are then: no
    // room is set aside that a refused job could leave unused.
    this.roomWaiters.push({
      size,
      admits: true,
      resolve: () => {
        settle(this.admit(prepared, size));
        admit();
      },
    });
    return { result, admitted };
  }

  /**
   * Prepares, validates and sizes a job: the checks of `add()` before the queue bound. Returns
   * the size, the prepared job left for `takeChecked()` (a field rather than a returned pair: no
   * allocation per add()), or the refusal.
   */
  private check(job: Job): number | Promise<never> {
    const o = this.o;
    if (this.closed) return this.refuse(new BatcherClosedError());
    let size = 0;
    try {
      if (o.prepare !== undefined) job = o.prepare(job);
      if (o.validate !== undefined) o.validate(job);
      if (o.sizeOf !== undefined) {
        size = o.sizeOf(job);
        if (!(size >= 0 && size !== Infinity)) {
          return this.refuse(new InvalidJobError(`sizeOf returned ${String(size)}; expected a size in bytes`));
        }
        if (size > o.maxBatchBytes) return this.refuse(new JobTooLargeError('maxBatchBytes', size, o.maxBatchBytes));
      }
    } catch (error) {
      return this.refuse(asJobError(error));
    }
    this.checked = job;
    return size;
  }

  /** The job `check()` just prepared; forgotten at once, so it is not retained. */
  private takeChecked(): Job {
    const job = this.checked as Job;
    this.checked = undefined;
    return job;
  }

  /** Queues a checked job if the bound has room (else refuses it), asking its ordering key. */
  private admit(job: Job, size: number): Promise<Result> {
    const o = this.o;
    let key: string | undefined;
    if (this.closed) return this.refuse(new BatcherClosedError());
    if (this.pending >= o.maxQueueSize || this.pendingBytes + size > o.maxQueueBytes) {
      if (o.hooks.onQueueFull !== undefined) {
        this.hook(o.hooks.onQueueFull, { job, pending: this.pending, pendingBytes: this.pendingBytes });
      }
      const full = this.pending >= o.maxQueueSize;
      return this.refuse(new QueueFullError(full ? 'maxQueueSize' : 'maxQueueBytes', full ? o.maxQueueSize : o.maxQueueBytes));
    }
    // Only for jobs the queue takes: a sink's orderingKey may track the jobs it is asked about.
    if (o.orderingKey !== undefined) {
      try {
        key = o.orderingKey(job);
      } catch (error) {
        return this.refuse(asJobError(error));
      }
      // The user's orderingKey may have closed the batcher (aborted its signal).
      if (this.closed) return this.refuse(new BatcherClosedError());
    }
    return this.enqueue(job, size, key);
  }

  /** Queues a job that passed every check. */
  private enqueue(job: Job, size: number, key: string | undefined): Promise<Result> {
    // One clock read per event-loop turn: the first add of a turn schedules the pump and stamps
    // the time; later adds in the same turn reuse it (reading the clock per job cost ~15% of
    // add()). A job's stamp is thus never later than its true add time, so batches only ever
    // leave sooner than maxBatchDelay, never later.
    if (!this.pumpScheduled) this.schedulePump();
    this.pending += 1;
    this.pendingBytes += size;
    this.counters.added += 1;
    return this.queue.push(job, size, this.stamp, key) as Promise<Result>;
  }

  /**
   * Sends everything waiting now, without waiting for `maxBatchDelay`, and resolves once every
   * job added before the call has settled (retries included). Never rejects: each job's own
   * promise carries its failure.
   */
  flush(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    const barrier = this.queue.nextSeq - 1;
    if (barrier > this.flushBarrier) this.flushBarrier = barrier;
    const done = new Promise<void>((resolve) => this.flushWaiters.push({ barrier, resolve }));
    this.schedulePump();
    return done;
  }

  /**
   * Stops intake (`add()` then rejects with `BatcherClosedError`), sends everything waiting
   * without waiting for `maxBatchDelay`, and resolves when every pending job has settled and no
   * timer is left. Idempotent: later calls return the same promise.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    if (this.shutdownPromise !== undefined) return this.shutdownPromise;
    const timeout = options.timeout ?? Infinity;
    if (!(typeof timeout === 'number' && timeout >= 0)) throw new InvalidOptionError('timeout', 'a number of at least 0 (or Infinity)', timeout);
    this.closed = true;
    this.shutdownTimeout = timeout;
    this.shutdownDeadline = this.o.now() + timeout;
    this.shutdownPromise = new Promise<void>((resolve) => {
      this.resolveShutdown = resolve;
    });
    // On the next microtask, not now: shutdown() may be called from a hook, in the middle of a
    // batch's completion, before its failed jobs are back in line.
    this.schedulePump();
    return this.shutdownPromise;
  }

  /** Whether an `add()` of a job of `size` bytes would be accepted by the queue bound now. */
  hasRoom(size = 0): boolean {
    return this.pending < this.o.maxQueueSize && this.pendingBytes + size <= this.o.maxQueueBytes;
  }

  /**
   * Resolves when the queue has room for a job of `size` bytes (at once if it has and nobody is
   * waiting ahead), or when the batcher closes. Waiters are woken in order, no more of them than
   * the room just freed can take, so a producer that awaits it before each `add()` does not see
   * `QueueFullError`. A woken caller's room is kept from other waiters for a few microtask hops,
   * time for an `add()` right after the `await`; unused, it goes to the next waiter (so a caller
   * that never adds holds nobody up). With several producers, another one's `add()` can still take the room
   * between the wake-up and the `add()`: check `hasRoom()` again, or use `addWhenRoom`,
   * `feed` or `toWritable`, which do. A size over `maxQueueBytes` resolves at once (no room can
   * take it; `add()` refuses such a job with a typed error).
   */
  waitForRoom(size = 0): Promise<void> {
    // A size over maxQueueBytes never fits (add() refuses it with a typed error): waiting would
    // hang, and hold up every waiter behind it.
    if (this.closed || size > this.o.maxQueueBytes || (this.roomWaiters.length === 0 && this.roomBeyondSetAside(size))) return Promise.resolve();
    return new Promise<void>((resolve) => this.roomWaiters.push({ size, resolve, admits: false }));
  }

  /** Whether `shutdown()` was called or the signal aborted. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** A snapshot of the counters. */
  stats(): BatcherStats {
    let inFlight = 0;
    for (const batch of this.inFlight) inFlight += batch.size;
    return {
      ...this.counters,
      pending: this.pending,
      pendingBytes: this.pendingBytes,
      inFlight,
      inFlightBatches: this.inFlight.size,
    };
  }

  private refuse(error: Error): Promise<never> {
    this.counters.refused += 1;
    return Promise.reject(error);
  }

  /** Schedules one pump for this turn and stamps the turn's time (see `add`). */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.stamp = this.o.now();
    this.pumpScheduled = true;
    void resolved.then(this.pumpNow);
  }

  /** The scheduler: expires, cuts and dispatches what it can, then sets the one timer. */
  private pump(): void {
    this.pumpScheduled = false;
    const o = this.o;
    const now = o.now();
    if (now >= this.shutdownDeadline && this.pending > 0) {
      this.terminate(new ShutdownTimeoutError(this.shutdownTimeout));
      return;
    }
    if (o.maxJobAge !== Infinity) this.expire(now);
    while (this.inFlight.size < o.concurrency && this.shouldCut(now)) {
      const batch = cutBatch(this.queue, this.retries, this.cutLimits, now, this.planCache);
      if (batch === undefined) break;
      this.dispatch(batch, now);
    }
    this.afterSettling();
    this.setTimer(now);
  }

  private shouldCut(now: number): boolean {
    const queue = this.queue;
    const first = queue.first();
    if (first === -1) return this.retries.length > 0 && (this.closed || this.flushWaiters.length > 0 || this.anyRetryOverdue(now));
    if (this.closed || first <= this.flushBarrier) return true;
    if (queue.length >= this.o.maxBatchSize || queue.bytes >= this.o.maxBatchBytes) return true;
    return queue.added(first) + this.o.maxBatchDelay <= now || this.anyRetryOverdue(now);
  }

  /**
   * A retried job re-enters the queue when its backoff ends and from then on waits at most
   * `maxBatchDelay`, like a job just added. Sending it the moment it falls due would cut a
   * small batch per retry and fragment the traffic exactly when the service is struggling.
   */
  private anyRetryOverdue(now: number): boolean {
    // Draining for a flush, a retry goes the moment its backoff ends (as in setTimer).
    const delay = this.flushWaiters.length > 0 ? 0 : this.o.maxBatchDelay;
    for (const entry of this.retries) if (entry.dueAt + delay <= now) return true;
    return false;
  }

  private dispatch(batch: InFlightBatch<Job>, now: number): void {
    batch.id = ++this.batchIds;
    batch.startedAt = now;
    this.counters.batches += 1;
    this.inFlight.add(batch);
    if (batch.keys !== undefined) for (const key of batch.keys) if (key !== undefined) this.inFlightKeys.add(key);
    // Called on a microtask, so a synchronous throw becomes a rejection and a synchronous
    // processBatch can never re-enter pump().
    const context = batch.context();
    Promise.resolve()
      .then(() => this.o.processBatch(batch.jobs, context))
      .then(
        (outcomes) => this.complete(batch, outcomes, undefined),
        (error: unknown) => this.complete(batch, undefined, error ?? new Error('processBatch rejected without a reason')),
      );
  }

  private complete(batch: InFlightBatch<Job>, outcomes: readonly Outcome<Result>[] | undefined, error: unknown): void {
    if (batch.abandoned) return;
    this.inFlight.delete(batch);
    if (batch.keys !== undefined) for (const key of batch.keys) if (key !== undefined) this.inFlightKeys.delete(key);
    const o = this.o;
    const now = o.now();
    const n = batch.size;
    let batchError = error;
    let retryableBatch = false;
    if (batchError === undefined && !(Array.isArray(outcomes) && outcomes.length === n)) {
      batchError = new OutcomeMismatchError(n, Array.isArray(outcomes) ? `${outcomes.length}` : typeof outcomes);
    } else if (batchError !== undefined) {
      retryableBatch = this.classify(batchError);
    }
    let succeeded = 0;
    let failed = 0;
    const requeued: RetryEntry<Job>[] = [];
    // One jitter draw per completed batch: jobs that failed together (with the same attempt
    // count) come due together and are retried as one batch, not as a trickle of small ones.
    this.jitter = NaN;
    let succeededBytes = 0;
    const lead = batchError === undefined ? batch.lead : undefined;
    if (lead !== undefined && lead.fulfilRun(batch.indexAt(0), outcomes as readonly Outcome<Result>[], n)) {
      // The hot path: a uniform batch (see InFlightBatch) that came back with only successes.
      succeeded = n;
      succeededBytes = batch.bytes;
    } else {
      for (let i = 0; i < n; i++) {
        const group = batch.groupAt(i);
        const index = batch.indexAt(i);
        const outcome = batchError === undefined ? (outcomes as readonly Outcome<Result>[])[i] : undefined;
        if (outcome?.ok === true) {
          // fulfil() itself ignores a job already settled (shutdown timeout, abort).
          if (group.fulfil(index, outcome.value)) {
            succeeded += 1;
            succeededBytes += batch.sizeAt(i);
          }
          continue;
        }
        if (!group.isPending(index)) continue;
        if (batchError === undefined ? this.failOutcome(batch, i, outcome, now, requeued) : this.fail(batch, i, batchError, retryableBatch, now, requeued)) {
          failed += 1;
        }
      }
    }
    this.pending -= succeeded;
    this.pendingBytes -= succeededBytes;
    this.counters.succeeded += succeeded;
    batch.settleGroups();
    if (requeued.length > 0) this.requeue(requeued);
    if (batch.refreshKeys !== undefined) this.refreshKeys(batch.refreshKeys);
    if (o.hooks.onBatch !== undefined) {
      this.hook(o.hooks.onBatch, {
        batchId: batch.id,
        size: n,
        bytes: batch.bytes,
        attempt: batch.maxAttempt,
        durationMs: now - batch.startedAt,
        succeeded,
        retried: requeued.length,
        failed,
        ...(batchError === undefined ? {} : { error: batchError }),
      });
    }
    this.pump();
  }

  /** Handles job `i`'s outcome when it is not a success; true when the job failed for good. */
  private failOutcome(batch: InFlightBatch<Job>, i: number, outcome: Outcome<Result> | undefined, now: number, requeued: RetryEntry<Job>[]): boolean {
    if (outcome?.ok === false) {
      const retryable = outcome.retryable ?? this.classify(outcome.error);
      return this.fail(batch, i, outcome.error, retryable, now, requeued);
    }
    return this.fail(batch, i, new OutcomeMismatchError(batch.size, `a malformed outcome at index ${i}`), false, now, requeued);
  }

  /** Requeues job `i` of `batch` for another attempt, or fails it for good (returns true). */
  private fail(batch: InFlightBatch<Job>, i: number, error: unknown, retryable: boolean, now: number, requeued: RetryEntry<Job>[]): boolean {
    const o = this.o;
    const attempts = batch.attemptAt(i);
    const job = batch.jobs[i] as Job;
    const addedAt = batch.addedAtOf(i);
    const group = batch.groupAt(i);
    const index = batch.indexAt(i);
    const size = batch.sizeAt(i);
    if (retryable && attempts < o.maxAttempts) {
      if (Number.isNaN(this.jitter)) this.jitter = o.random();
      const delay = computeBackoff(attempts, { baseDelay: o.baseDelay, maxDelay: o.maxDelay, random: this.drawnJitter });
      const dueAt = now + delay;
      if (dueAt - addedAt < o.maxJobAge) {
        requeued.push({ job, group, seq: batch.seqAt(i), size, addedAt, key: batch.keyAt(i), attempts, dueAt });
        this.counters.retried += 1;
        if (o.hooks.onRetry !== undefined) this.hook(o.hooks.onRetry, { job, attempt: attempts, delay, error });
        return false;
      }
      this.finalFailure(job, group, index, size, attempts, new JobExpiredError(now - addedAt, o.maxJobAge, attempts, error));
      return true;
    }
    const final = !retryable
      ? error instanceof BatchError ? error : new JobFailedError(attempts, error)
      : new RetriesExhaustedError(attempts, error);
    this.finalFailure(job, group, index, size, attempts, final);
    return true;
  }

  /** Takes the fresh job at `seq` out of the queue and rejects it (the caller compacts the queue). */
  private rejectWaiting(seq: number, error: Error): void {
    const queue = this.queue;
    const group = queue.group(seq);
    const job = queue.job(seq);
    const size = queue.size(seq);
    queue.remove(seq);
    this.finalFailure(job, group, seq - group.firstSeq, size, 0, error);
    group.settle();
  }

  /** Rejects a job backing off (the caller drops the entry from the retry list). */
  private rejectRetry(entry: RetryEntry<Job>, error: Error): void {
    this.finalFailure(entry.job, entry.group, entry.seq - entry.group.firstSeq, entry.size, entry.attempts, error);
    entry.group.settle();
  }

  private finalFailure(job: Job, group: SettlementGroup<Job>, index: number, size: number, attempts: number, error: Error): void {
    if (!group.reject(index, error)) return;
    this.released(size);
    this.counters.failed += 1;
    const onJobFailed = this.o.hooks.onJobFailed;
    if (onJobFailed !== undefined) this.hook(onJobFailed, { job, attempts, error });
  }

  private released(size: number): void {
    this.pending -= 1;
    this.pendingBytes -= size;
  }

  /** Merges newly failed jobs into the retry list, keeping it ordered by sequence number. */
  private requeue(entries: RetryEntry<Job>[]): void {
    const merged = this.retries.concat(entries);
    merged.sort((a, b) => a.seq - b.seq);
    this.retries = merged;
  }

  /**
   * Files every waiting job under one of `keys` (retries, then fresh jobs) under what
   * `orderingKey` answers now; see `BatchContext.refreshOrderingKeys`. Positions do not change,
   * so per-key order is the add order under the new keys as under the old.
   */
  private refreshKeys(keys: ReadonlySet<string>): void {
    const orderingKey = this.o.orderingKey;
    if (orderingKey === undefined) return;
    // A job whose orderingKey throws is rejected, as add() would reject it: left under the old
    // key, it could be overtaken by later jobs of its real key that moved.
    let thrown: unknown;
    const keyOf = (job: Job): string | undefined => {
      thrown = undefined;
      try {
        return orderingKey(job);
      } catch (error) {
        thrown = error ?? new Error('orderingKey threw without a reason');
        return undefined;
      }
    };
    const retries = this.retries;
    let kept = 0;
    for (const entry of retries) {
      if (entry.key !== undefined && keys.has(entry.key)) {
        const key = keyOf(entry.job);
        if (thrown !== undefined) {
          this.rejectRetry(entry, asJobError(thrown));
          continue;
        }
        retries[kept++] = key === entry.key ? entry : { ...entry, key };
        continue;
      }
      retries[kept++] = entry;
    }
    retries.length = kept;
    const queue = this.queue;
    for (let seq = queue.first(); seq !== -1; ) {
      const following = queue.next(seq);
      const current = queue.key(seq);
      if (current !== undefined && keys.has(current)) {
        const job = queue.job(seq);
        const key = keyOf(job);
        if (thrown !== undefined) {
          this.rejectWaiting(seq, asJobError(thrown));
        } else if (key !== current) {
          queue.setKey(seq, key);
        }
      }
      seq = following;
    }
    queue.compact();
  }

  /** Rejects jobs older than `maxJobAge` that are waiting (not in flight). */
  private expire(now: number): void {
    const { maxJobAge } = this.o;
    const queue = this.queue;
    for (let i = queue.first(); i !== -1; ) {
      const age = now - queue.added(i);
      if (age < maxJobAge) break; // the queue is in add order: the rest are younger
      const following = queue.next(i);
      this.rejectWaiting(i, new JobExpiredError(age, maxJobAge, 0));
      i = following;
    }
    queue.compact();
    if (this.retries.some((entry) => now - entry.addedAt >= maxJobAge)) {
      this.retries = this.retries.filter((entry) => {
        const age = now - entry.addedAt;
        if (age < maxJobAge) return true;
        this.rejectRetry(entry, new JobExpiredError(age, maxJobAge, entry.attempts));
        return false;
      });
    }
  }

  /** Rejects every pending job with `error` and abandons in-flight batches (shutdown timeout, abort). */
  private terminate(error: Error): void {
    const queue = this.queue;
    for (let i = queue.first(); i !== -1; ) {
      const following = queue.next(i);
      this.rejectWaiting(i, error);
      i = following;
    }
    queue.compact();
    for (const entry of this.retries) this.rejectRetry(entry, error);
    this.retries = [];
    for (const batch of this.inFlight) {
      batch.abandoned = true;
      for (let i = 0; i < batch.size; i++) {
        this.finalFailure(batch.jobs[i] as Job, batch.groupAt(i), batch.indexAt(i), batch.sizeAt(i), batch.attemptAt(i), error);
      }
      batch.settleGroups();
      batch.abort(error);
    }
    this.inFlight.clear();
    this.inFlightKeys.clear();
    this.afterSettling();
    this.setTimer(this.o.now());
  }

  /** Wakes flush and room waiters whose condition now holds, and finishes shutdown when idle. */
  private afterSettling(): void {
    if (this.flushWaiters.length > 0) {
      const lowest = this.lowestPendingSeq();
      const waiting: FlushWaiter[] = [];
      for (const waiter of this.flushWaiters) {
        if (waiter.barrier < lowest) afterJobPromises(waiter.resolve);
        else waiting.push(waiter);
      }
      this.flushWaiters = waiting;
      if (waiting.length === 0) this.flushBarrier = -1;
    }
    if (this.roomWaiters.length > 0) this.wakeRoomWaiters();
    if (this.closed && this.pending === 0 && this.inFlight.size === 0 && this.resolveShutdown !== undefined) {
      this.o.signal?.removeEventListener('abort', this.onAbort);
      const resolve = this.resolveShutdown;
      this.resolveShutdown = undefined;
      afterJobPromises(resolve);
    }
  }

  /** Wakes waiters in order while the freed room covers them (all of them once closed). */
  private wakeRoomWaiters(): void {
    while (this.roomWaiters.length > 0) {
      const waiter = this.roomWaiters[0] as (typeof this.roomWaiters)[number];
      if (!this.closed && !this.roomBeyondSetAside(waiter.size)) break;
      // Out of the line before it is resolved: resolving may re-enter (an admission runs the
      // user's orderingKey, which may close the batcher and wake everyone).
      this.roomWaiters.shift();
      // An addWhenRoom job is queued by its resolve and counts at once; a waitForRoom caller's
      // add() comes later, so its room is set aside meanwhile.
      if (!waiter.admits) this.setAsideFor(waiter.size);
      waiter.resolve();
    }
  }

  /** Whether a job of `size` fits beside what is pending and what is set aside for woken waiters. */
  private roomBeyondSetAside(size: number): boolean {
    return this.pending + this.setAside < this.o.maxQueueSize && this.pendingBytes + this.setAsideBytes + size <= this.o.maxQueueBytes;
  }

  /**
   * Sets room aside for a woken `waitForRoom` caller, so that no later waiter takes it before the
   * caller's `add()`. Given back a few microtask hops later, whether that `add()` came (it counts
   * in `pending` then) or not (refused, or never made): then the next waiters get their turn.
   */
  private setAsideFor(size: number): void {
    this.setAside += 1;
    this.setAsideBytes += size;
    void resolved.then().then().then().then(() => {
      this.setAside -= 1;
      this.setAsideBytes -= size;
      if (this.roomWaiters.length > 0) this.wakeRoomWaiters();
    });
  }

  private lowestPendingSeq(): number {
    let lowest = Infinity;
    const first = this.queue.first();
    if (first !== -1) lowest = first;
    const firstRetry = this.retries[0];
    if (firstRetry !== undefined && firstRetry.seq < lowest) lowest = firstRetry.seq;
    for (const batch of this.inFlight) if (batch.minSeq < lowest) lowest = batch.minSeq;
    return lowest;
  }

  /** Keeps exactly one timer, at the earliest moment something could change; none when idle. */
  private setTimer(now: number): void {
    const o = this.o;
    let at = Infinity;
    if (this.pending > 0) {
      at = this.shutdownDeadline;
      const first = this.queue.first();
      const oldest = first === -1 ? Infinity : this.queue.added(first);
      if (this.inFlight.size < o.concurrency) {
        const due = oldest + o.maxBatchDelay;
        if (due > now && due < at) at = due;
        // Draining (shutdown or flush): a retry goes the moment its backoff ends.
        const wait = this.closed || this.flushWaiters.length > 0 ? 0 : o.maxBatchDelay;
        for (const entry of this.retries) {
          const overdue = entry.dueAt + wait;
          if (overdue > now && overdue < at) at = overdue;
        }
      }
      if (o.maxJobAge !== Infinity) {
        let oldestWaiting = oldest;
        for (const entry of this.retries) if (entry.addedAt < oldestWaiting) oldestWaiting = entry.addedAt;
        if (oldestWaiting + o.maxJobAge < at) at = Math.max(now, oldestWaiting + o.maxJobAge);
      }
    }
    if (at === this.timerAt) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = at;
    // Node fires a timer of more than 2^31 - 1 ms after 1 ms (with a warning): a far deadline
    // (a long maxJobAge, backoff or shutdown timeout) gets a timer at the longest Node allows,
    // which, when it fires, sets the next one.
    if (at !== Infinity) this.timer = setTimeout(this.onTimer, Math.min(MAX_TIMER_DELAY, Math.max(0, Math.ceil(at - now))));
  }

  private classify(error: unknown): boolean {
    try {
      return this.o.isRetryable(error) === true;
    } catch (classifierError) {
      reportAsync(classifierError);
      return false;
    }
  }

  private hook<T>(fn: (info: T) => void, info: T): void {
    try {
      fn(info);
    } catch (error) {
      reportAsync(error);
    }
  }
}

/** The longest delay `setTimeout` takes as given: 2^31 - 1 ms (about 24.8 days). */
const MAX_TIMER_DELAY = 2_147_483_647;

/**
 * Runs `fn` once the job promises settled just now have settled for their holders too. A job's
 * promise settles a microtask after its group (`group.promise.then(pick)`), a promoted one
 * two more (it adopts a promise of its own), and an `addWhenRoom` result one more; resolving
 * flush()/shutdown() four hops later means `await batcher.flush()` never resumes before the
 * jobs it waited for are settled.
 */
function afterJobPromises(fn: () => void): void {
  void resolved.then().then().then().then(fn);
}

function asJobError(error: unknown): Error {
  return error instanceof BatchError ? error : new InvalidJobError(`Job rejected by validation: ${messageOf(error)}`, { cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
