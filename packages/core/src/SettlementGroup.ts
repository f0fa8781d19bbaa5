/*
 * A settlement group is a run of consecutive jobs, stored and settled together.
 *
 * Storage: the group keeps its members' jobs, add times and (when used) sizes and ordering keys
 * in arrays of its own, sized once. In steady state a group is exactly one batch, and its
 * `jobs` array is handed to `processBatch` as it is: cutting such a batch copies nothing.
 *
 * Settlement: `new Promise(executor)` hands out two resolving functions that share a context;
 * holding on to them costs about 180 bytes per pending job on Node 20 (measured: promise 56 B,
 * resolve + context 120 B, reject 64 B), more than the whole budget we allow a pending job.
 * Instead, the group owns a single deferred; each member's promise is
 * `group.promise.then(picks[k])`, where `picks[k]` is a shared, cached function that reads slot
 * k. That costs one derived promise and one reaction per job (about 64 B) and allocates no
 * closure.
 *
 * When a group must settle while some of its members are not final yet (a member is retried,
 * or sits in another batch), those members are promoted: they get a promise of their own,
 * stored in their slot, which the derived promise adopts. The cost of individual resolvers is
 * paid only by the exceptions.
 */

/** A job's final failure, stored in its slot; `pick` throws the error. */
class Rejection {
  constructor(readonly error: unknown) {}
}

const PENDING: unique symbol = Symbol('pending');

/** What a released group's `jobs` becomes (see `release`). */
const RELEASED: never[] = [];

function noop(): void {
  // A settled group's resolver: settling twice does nothing.
}

/** Marks a member that has left the queue (cut into a copied batch, expired or terminated). */
export const HOLE: unique symbol = Symbol('hole');

interface Resolvers {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

let capturedResolve: (value: unknown) => void = noop;
let capturedReject: (error: unknown) => void = noop;
// One shared executor: capturing through module variables avoids a closure per promise.
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** Clears the captured functions once taken: left in place, they would keep their promise (and its value) alive. */
function forgetCaptured(): void {
  capturedResolve = noop;
  capturedReject = noop;
}

const picks: Array<(slots: readonly unknown[]) => unknown> = [];

function makePick(k: number): (slots: readonly unknown[]) => unknown {
  return (slots) => {
    const slot = slots[k];
    if (slot instanceof Rejection) throw slot.error;
    return slot;
  };
}

/** Grows the cache of `pick` functions up to `index`; the hot path reads `picks` directly. */
function extendPicks(index: number): (slots: readonly unknown[]) => unknown {
  for (let k = picks.length; k <= index; k++) picks.push(makePick(k));
  return picks[index] ?? makePick(index);
}

/** Consecutive jobs stored and settled together; see the comment at the top of this file. */
export class SettlementGroup<Job = unknown> {
  /**
   * One group that lives as long as the class. V8 throws away optimized code that checks for a
   * hidden class once no object of that class is left, so without it a full garbage collection
   * while the queue stood empty discarded the optimized add, cut and settle code, and every burst
   * of jobs after an idle moment ran slower while that code was compiled again. Built as any
   * group is (a fractional add time, as the default clock gives), so it has their hidden class.
   * A static field, not a module variable: bundlers drop unused exports of side-effect-free
   * packages, and with them the object.
   */
  static readonly kept = new SettlementGroup(0, 1, true, true, 0.5);
  /** Sequence number of the first member; member k has sequence `firstSeq + k`. */
  readonly firstSeq: number;
  /**
   * Member k's job, or `HOLE` once it left the queue while the group stayed (never when whole).
   * Empty once every member has left the queue (`release`).
   */
  jobs: Array<Job | typeof HOLE>;
  /** Add time of member 0 (the batcher's clock). */
  private readonly firstAddedAt: number;
  /**
   * Member k's add time, kept only once members were added at different times: the batcher
   * stamps every job of one event-loop turn alike, so a group filled in one turn needs none.
   */
  private times: number[] | undefined;
  /** Member k's size, when the batcher has `sizeOf` (until `release`). */
  sizes: number[] | undefined;
  /** Member k's ordering key, when the batcher has `orderingKey` (until `release`). */
  keys: Array<string | undefined> | undefined;
  /** Sum of the members' sizes. */
  bytes = 0;
  /** Members that have left the queue; while 0, the whole group can be cut as one batch. */
  taken = 0;
  /** Members with an ordering key (undefined keys do not count). */
  keyedMembers = 0;
  /** Member k's outcome, or PENDING; created with the first outcome (all pending until then). */
  private slots: unknown[] | undefined;
  /** Whether a join has more to record than the job: sizes, keys, add times or slots exist. */
  private detailed: boolean;
  private readonly capacity: number;
  private count = 0;
  /** Members whose outcome is recorded; when it reaches `count`, settling needs no scan. */
  private final = 0;
  /** The group's deferred; dropped once settled, as it then holds every member's result. */
  private promise: Promise<readonly unknown[]> | undefined;
  private resolveAll: (value: unknown) => void;
  private settled = false;
  private promoted: Map<number, Resolvers> | undefined;

  /**
   * @param capacity most members it will take; sizes the arrays once
   * @param addedAt add time of the first member, which joins next
   */
  constructor(firstSeq: number, capacity: number, sized: boolean, keyed: boolean, addedAt: number) {
    this.firstSeq = firstSeq;
    this.capacity = capacity;
    this.firstAddedAt = addedAt;
    this.jobs = new Array<Job | typeof HOLE>(capacity);
    this.sizes = sized ? new Array<number>(capacity) : undefined;
    this.keys = keyed ? new Array<string | undefined>(capacity) : undefined;
    this.detailed = sized || keyed;
    this.promise = new Promise(capture) as Promise<readonly unknown[]>;
    this.resolveAll = capturedResolve;
    forgetCaptured();
  }

  /** Members so far. */
  get size(): number {
    return this.count;
  }

  /** Whether `settle()` ran; a settled group takes no new members. */
  get isSettled(): boolean {
    return this.settled;
  }

  /** Adds a member; returns the promise its `add()` hands out. */
  join(job: Job, size: number, addedAt: number, key: string | undefined): Promise<unknown> {
    const index = this.count++;
    this.jobs[index] = job;
    // Kept small so that it inlines into add(): the rest only for sizes, keys or a new add time.
    if (this.detailed || addedAt !== this.firstAddedAt) this.joinDetails(index, size, addedAt, key);
    // Never settled here: the queue opens a new group rather than join a settled one.
    return (this.promise as Promise<readonly unknown[]>).then(picks[index] ?? extendPicks(index));
  }

  private joinDetails(index: number, size: number, addedAt: number, key: string | undefined): void {
    if (this.times !== undefined) this.times[index] = addedAt;
    else if (addedAt !== this.firstAddedAt) this.keepTimes(index, addedAt);
    if (this.slots !== undefined) this.slots[index] = PENDING;
    if (this.sizes !== undefined) {
      this.sizes[index] = size;
      this.bytes += size;
    }
    if (this.keys !== undefined) {
      this.keys[index] = key;
      if (key !== undefined) this.keyedMembers += 1;
    }
  }

  /**
   * Trims the per-member arrays to the members it has, for handing `jobs` (and the others)
   * to a batch whole. Call only once no member will join.
   */
  trim(): void {
    const n = this.count;
    if (this.jobs.length === n) return;
    this.jobs.length = n;
    if (this.times !== undefined) this.times.length = n;
    if (this.sizes !== undefined) this.sizes.length = n;
    if (this.keys !== undefined) this.keys.length = n;
  }

  /** Member k's add time. */
  addedAtOf(k: number): number {
    return this.times === undefined ? this.firstAddedAt : (this.times[k] as number);
  }

  /** Every member's add time, in member order (built on first call when all share one). */
  addedAtList(): number[] {
    return (this.times ??= new Array<number>(this.count).fill(this.firstAddedAt));
  }

  /** Whether member `index` still waits for its outcome. */
  isPending(index: number): boolean {
    if (this.settled) return this.promoted?.has(index) === true;
    return this.slots === undefined || this.slots[index] === PENDING;
  }

  /**
   * The common completion: when no member has an outcome yet and every one of the `n` outcomes
   * for members `base …` is a success, records them all and returns true. Otherwise records
   * nothing and returns false (record them one by one).
   */
  fulfilRun(base: number, outcomes: readonly unknown[], n: number): boolean {
    if (this.settled || this.slots !== undefined) return false;
    const slots = new Array<unknown>(this.count).fill(PENDING);
    for (let i = 0; i < n; i++) {
      const outcome = outcomes[i] as { readonly ok?: unknown; readonly value?: unknown } | undefined;
      if (outcome?.ok !== true) return false;
      slots[base + i] = outcome.value;
    }
    this.slots = slots;
    this.detailed = true;
    this.final = n;
    return true;
  }

  /** Records member `index`'s result; false (and no effect) if it had already settled. */
  fulfil(index: number, value: unknown): boolean {
    if (!this.settled) {
      const slots = this.slots ?? this.createSlots();
      if (slots[index] !== PENDING) return false;
      slots[index] = value;
      this.final += 1;
      return true;
    }
    const resolvers = this.take(index);
    if (resolvers === undefined) return false;
    resolvers.resolve(value);
    return true;
  }

  /** Records member `index`'s failure; false (and no effect) if it had already settled. */
  reject(index: number, error: unknown): boolean {
    if (!this.settled) {
      const slots = this.slots ?? this.createSlots();
      if (slots[index] !== PENDING) return false;
      slots[index] = new Rejection(error);
      this.final += 1;
      return true;
    }
    const resolvers = this.take(index);
    if (resolvers === undefined) return false;
    resolvers.reject(error);
    return true;
  }

  /**
   * Hands every recorded outcome to its promise now. Members still pending are promoted to a
   * promise of their own and keep settling through `fulfil`/`reject`. Idempotent.
   */
  settle(): void {
    if (this.settled) return;
    this.settled = true;
    const slots = this.slots ?? this.createSlots();
    if (slots.length !== this.count) slots.length = this.count;
    if (this.final !== this.count) {
      for (let k = 0; k < slots.length; k++) {
        if (slots[k] === PENDING) {
          slots[k] = new Promise(capture);
          (this.promoted ??= new Map()).set(k, { resolve: capturedResolve, reject: capturedReject });
          forgetCaptured();
        }
      }
    }
    this.resolveAll(slots);
    // The members' promises have their values now. A group can outlive its settling (a member
    // retried holds it, or a blocked job ahead keeps it queued); it must not keep every result.
    this.slots = undefined;
    this.promise = undefined;
    this.resolveAll = noop;
  }

  /**
   * Drops the per-member arrays once every member has left the queue: a batch that took them
   * whole holds its own references, and a member being retried carries its job in its retry
   * entry, so the group (held by that entry until it settles) must not keep its batch-mates.
   */
  release(): void {
    this.jobs = RELEASED;
    this.times = undefined;
    this.sizes = undefined;
    this.keys = undefined;
    this.detailed = true;
  }

  private createSlots(): unknown[] {
    this.detailed = true;
    return (this.slots = new Array<unknown>(Math.max(this.count, 1)).fill(PENDING));
  }

  /** Starts keeping add times per member: member `index` is the first with a time of its own. */
  private keepTimes(index: number, addedAt: number): void {
    const times = new Array<number>(this.capacity).fill(this.firstAddedAt);
    times[index] = addedAt;
    this.times = times;
    this.detailed = true;
  }

  private take(index: number): Resolvers | undefined {
    const resolvers = this.promoted?.get(index);
    if (resolvers !== undefined) this.promoted?.delete(index);
    return resolvers;
  }
}
