import { isRetryableAwsError, waitUnlessAborted } from '@batch/sink-common';
import type { DynamoRecord } from './DynamoRecord.js';
import type { InvalidKeyError } from './errors.js';
import type { KeySchema } from './keySchema.js';

/**
 * The ordering key of every job whose real key is not known yet. It sorts such jobs into one
 * line: sent one at a time, in add order, each after the previous one settled. Real keys start
 * with `S`, `N` or `B`, so this one cannot collide.
 */
export const PENDING_KEY = '\u0001pending-key-schema';

/** A pending job, held weakly, and the real key it is counted under in `held`, if any. */
interface PendingEntry {
  readonly record: WeakRef<DynamoRecord>;
  key: string | undefined;
}

/*
 * Without `keyAttributes`, the sink learns the key schema with one DescribeTable, started by the
 * first add(). The batcher asks for a job's ordering key at add(), synchronously, so a job added
 * before the answer cannot have its real key: it gets PENDING_KEY. Those jobs form one line and
 * cannot meet each other in a request or overtake each other.
 *
 * A job added after the answer gets its real key, unless a pending job with the same real key has
 * not settled yet: then it joins the pending line too, behind it. Otherwise it could be sent
 * before that earlier write (the batcher orders by ordering key, and the two keys differ).
 * `held` counts, per real key, the pending jobs not yet seen to settle.
 *
 * The line is left as soon as it can be: a batch from it asks the batcher (refreshOrderingKeys)
 * to ask again, once the batch has completed, for the ordering key of every job still filed
 * under PENDING_KEY. The batcher has one batch of a key in flight at a time, so at that moment
 * no pending job is in flight, and every pending job whose key is known moves to its real key,
 * in place, all in one pass: none can overtake another. Without this, under steady writes to
 * the same keys, each new write would join the line behind the last and the line (one write per
 * request) would never empty.
 *
 * The sink sees a job settle when it returns a final outcome for it. It does not see the batcher
 * give up on a job (retries exhausted, maxJobAge, shutdown), so the pending jobs are held weakly:
 * once the batcher lets go of one, it is collected, and a finalizer stops counting it (so later
 * writes to its key get their own line again, a little later than they could). A refresh also
 * stops counting the keys it moves (see orderingKey). Until then such a key only costs speed,
 * never order; and a DescribeTable that keeps failing (a missing permission) cannot make the
 * pending jobs pile up in memory.
 */
/**
 * How long a DescribeTable refused for good (access denied, no such table) is answered from
 * memory, in ms. Jobs waiting for the schema go one per request, so without it every one of them
 * would call DescribeTable again, back to back.
 */
const REFUSAL_MEMORY_MS = 1000;

export class LazyKeySchema {
  /** The key schema, once DescribeTable answered. */
  schema: KeySchema | undefined;
  /** The last DescribeTable refusal that retrying cannot fix, and until when it is reused. */
  private refusal: { readonly error: Error; readonly until: number } | undefined;
  private loading: Promise<KeySchema> | undefined;
  private started = false;
  /** The pending jobs not yet seen to settle, weakly (see above). */
  private readonly pending = new Set<PendingEntry>();
  private readonly entries = new WeakMap<DynamoRecord, PendingEntry>();
  private readonly held = new Map<string, number>();
  private readonly finalizer = new FinalizationRegistry<PendingEntry>((entry) => this.release(entry));
  private readonly describe: () => Promise<KeySchema>;
  private readonly now: () => number;

  /** @param now - monotonic clock in ms (injectable for tests) */
  constructor(describe: () => Promise<KeySchema>, now: () => number = () => performance.now()) {
    this.describe = describe;
    this.now = now;
  }

  /**
   * Starts DescribeTable on the first add(), which does not wait for it: jobs added meanwhile are
   * pending. Only the first call does anything; after a failure, batches (which back off) retry.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    // A failure here is reported to the batch that awaits load() next; this copy must not be
    // reported as an unhandled rejection.
    this.load().catch(() => undefined);
  }

  /**
   * The key schema: described once. A failed DescribeTable is tried again by the next call, but a
   * refusal retrying cannot fix is reused for `REFUSAL_MEMORY_MS` first. With `signal`, the wait
   * (not the shared DescribeTable, which other batches may await) ends with the signal's reason
   * when it aborts: a batch the batcher gives up on does not stay pending on a slow answer.
   */
  load(signal?: AbortSignal): Promise<KeySchema> {
    if (this.schema !== undefined) return Promise.resolve(this.schema);
    if (signal !== undefined) return waitUnlessAborted(() => this.load(), signal);
    if (this.refusal !== undefined && this.now() < this.refusal.until) return Promise.reject(this.refusal.error);
    this.loading ??= this.describe().then(
      (schema) => {
        this.adopt(schema);
        return schema;
      },
      (error: unknown) => {
        this.loading = undefined;
        if (error instanceof Error && !isRetryableAwsError(error)) this.refusal = { error, until: this.now() + REFUSAL_MEMORY_MS };
        throw error;
      },
    );
    return this.loading;
  }

  /**
   * The ordering key of a job just accepted, or, asked again for a job in the pending line (see
   * above), its real key as soon as it is known.
   */
  orderingKey(record: DynamoRecord): string {
    const key = record.key;
    const known = this.entries.get(record);
    if (known !== undefined) {
      if (key === undefined) return PENDING_KEY;
      this.settled(record);
      // Asked again, no pending job is in flight and every live pending job of this key moves to
      // it in this same pass: whatever still holds the key is a job the batcher gave up on (retries
      // exhausted, maxJobAge) and has not yet been collected. It must not send later writes of the
      // key to the pending line while the moved ones wait under the key: they would overtake.
      this.held.delete(key);
      return key;
    }
    if (key !== undefined && !this.held.has(key)) return key;
    const entry: PendingEntry = { record: new WeakRef(record), key: undefined };
    this.pending.add(entry);
    this.entries.set(record, entry);
    this.finalizer.register(record, entry, entry);
    if (key !== undefined) this.hold(entry, key);
    return PENDING_KEY;
  }

  /** Whether `record` is in the pending line (filed under PENDING_KEY, not yet seen to settle). */
  isPending(record: DynamoRecord): boolean {
    return this.entries.has(record);
  }

  /** Records that the sink returned a final outcome for `record`, or that it left the pending line. */
  settled(record: DynamoRecord): void {
    const entry = this.entries.get(record);
    if (entry === undefined) return;
    this.entries.delete(record);
    this.finalizer.unregister(entry);
    this.release(entry);
  }

  /** Pending jobs not yet seen to settle nor collected (for tests). */
  get pendingCount(): number {
    return this.pending.size;
  }

  private hold(entry: PendingEntry, key: string): void {
    entry.key = key;
    this.held.set(key, (this.held.get(key) ?? 0) + 1);
  }

  /** Stops counting a pending job: it settled, or the batcher let go of it and it was collected. */
  private release(entry: PendingEntry): void {
    if (!this.pending.delete(entry) || entry.key === undefined) return;
    const count = (this.held.get(entry.key) ?? 1) - 1;
    if (count > 0) this.held.set(entry.key, count);
    else this.held.delete(entry.key);
  }

  /** Settles the keys of the pending jobs, then publishes the schema (in one turn, so no add() sees half of it). */
  private adopt(schema: KeySchema): void {
    for (const entry of this.pending) {
      const record = entry.record.deref();
      if (record === undefined || record.key !== undefined || record.keyError !== undefined) continue;
      let key: string;
      try {
        key = record.resolve(schema);
      } catch (error) {
        record.keyError = error as InvalidKeyError;
        continue;
      }
      this.hold(entry, key);
    }
    this.schema = schema;
  }
}
