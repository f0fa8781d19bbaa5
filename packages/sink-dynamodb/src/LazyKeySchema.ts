import type { DynamoRecord } from './DynamoRecord.js';
import type { InvalidKeyError } from './errors.js';
import type { KeySchema } from './keySchema.js';

/**
 * The ordering key of every job whose real key is not known yet. It sorts such jobs into one
 * line: sent one at a time, in add order, each after the previous one settled. Real keys start
 * with `S`, `N` or `B`, so this one cannot collide.
 */
export const PENDING_KEY = '\u0001pending-key-schema';

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
 * The sink sees a job settle when it returns a final outcome for it. It does not see the batcher
 * give up on a job (retries exhausted, maxJobAge, shutdown): such a job stays counted (and held in
 * memory), and later writes to its key keep joining the pending line. That costs speed for those
 * keys, never order. A core hook telling sinks that a job settled would remove this gap.
 */
export class LazyKeySchema {
  /** The key schema, once DescribeTable answered. */
  schema: KeySchema | undefined;
  private loading: Promise<KeySchema> | undefined;
  private started = false;
  private readonly pending = new Set<DynamoRecord>();
  private readonly held = new Map<string, number>();
  private readonly describe: () => Promise<KeySchema>;

  constructor(describe: () => Promise<KeySchema>) {
    this.describe = describe;
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

  /** The key schema: described once; a failed DescribeTable is tried again by the next call. */
  load(): Promise<KeySchema> {
    if (this.schema !== undefined) return Promise.resolve(this.schema);
    this.loading ??= this.describe().then(
      (schema) => {
        this.adopt(schema);
        return schema;
      },
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  /** The ordering key of a job just accepted (the batcher calls `orderingKey` once per job). */
  orderingKey(record: DynamoRecord): string {
    const key = record.key;
    if (key !== undefined && !this.held.has(key)) return key;
    this.pending.add(record);
    if (key !== undefined) this.held.set(key, (this.held.get(key) ?? 0) + 1);
    return PENDING_KEY;
  }

  /** Records that the sink returned a final outcome for `record`. */
  settled(record: DynamoRecord): void {
    if (!this.pending.delete(record) || record.key === undefined) return;
    const count = (this.held.get(record.key) ?? 1) - 1;
    if (count > 0) this.held.set(record.key, count);
    else this.held.delete(record.key);
  }

  /** Settles the keys of the pending jobs, then publishes the schema (in one turn, so no add() sees half of it). */
  private adopt(schema: KeySchema): void {
    for (const record of this.pending) {
      if (record.key !== undefined || record.keyError !== undefined) continue;
      let key: string;
      try {
        key = record.resolve(schema);
      } catch (error) {
        record.keyError = error as InvalidKeyError;
        continue;
      }
      this.held.set(key, (this.held.get(key) ?? 0) + 1);
    }
    this.schema = schema;
  }
}
