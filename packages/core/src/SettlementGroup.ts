/*
 * Why jobs settle through groups rather than one resolver pair each:
 *
 * `new Promise(executor)` hands out two resolving functions that share a context; holding on to
 * them costs about 180 bytes per pending job on Node 20 (measured: promise 56 B, resolve +
 * context 120 B, reject 64 B), more than the whole budget we allow a pending job. Instead,
 * consecutive `add()`s join one group that owns a single deferred; each job's promise is
 * `group.promise.then(pick[k])`, where `pick[k]` is a shared, cached function that reads slot k.
 * That costs one derived promise and one reaction per job (about 64 B) and allocates no closure.
 *
 * Groups are closed whenever a batch is cut, so in steady state a group is exactly one batch and
 * settles, with every slot final, when that batch completes. When a group must settle while some
 * of its members are not final yet (a member is retried, or sits in another batch), those
 * members are promoted: they get a promise of their own, stored in their slot, which the derived
 * promise adopts. The cost of individual resolvers is paid only by the exceptions.
 */

/** A job's final failure, stored in its slot; `pick` throws the error. */
class Rejection {
  constructor(readonly error: unknown) {}
}

const PENDING: unique symbol = Symbol('pending');

interface Resolvers {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

let capturedResolve: (value: unknown) => void = () => undefined;
let capturedReject: (error: unknown) => void = () => undefined;
// One shared executor: capturing through module variables avoids a closure per promise.
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

const picks: Array<(slots: readonly unknown[]) => unknown> = [];

function makePick(k: number): (slots: readonly unknown[]) => unknown {
  return (slots) => {
    const slot = slots[k];
    if (slot instanceof Rejection) throw slot.error;
    return slot;
  };
}

function pick(index: number): (slots: readonly unknown[]) => unknown {
  for (let k = picks.length; k <= index; k++) picks.push(makePick(k));
  return picks[index] ?? makePick(index);
}

/** Consecutive jobs whose promises settle together; see the comment at the top of this file. */
export class SettlementGroup {
  /** Sequence number of the first member; member k has sequence `firstSeq + k`. */
  readonly firstSeq: number;
  private readonly slots: unknown[];
  private count = 0;
  private readonly promise: Promise<readonly unknown[]>;
  private readonly resolveAll: (value: unknown) => void;
  private settled = false;
  private promoted: Map<number, Resolvers> | undefined;

  /** @param capacity most members it will take; sizes the slot array once. */
  constructor(firstSeq: number, capacity: number) {
    this.firstSeq = firstSeq;
    this.slots = new Array<unknown>(capacity);
    this.promise = new Promise(capture) as Promise<readonly unknown[]>;
    this.resolveAll = capturedResolve;
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
  join(): Promise<unknown> {
    const index = this.count++;
    this.slots[index] = PENDING;
    return this.promise.then(pick(index));
  }

  /** Whether member `index` still waits for its outcome. */
  isPending(index: number): boolean {
    return this.settled ? this.promoted?.has(index) === true : this.slots[index] === PENDING;
  }

  /** Records member `index`'s result; false (and no effect) if it had already settled. */
  fulfil(index: number, value: unknown): boolean {
    if (!this.settled) {
      if (this.slots[index] !== PENDING) return false;
      this.slots[index] = value;
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
      if (this.slots[index] !== PENDING) return false;
      this.slots[index] = new Rejection(error);
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
    const slots = this.slots;
    slots.length = this.count;
    for (let k = 0; k < slots.length; k++) {
      if (slots[k] === PENDING) {
        slots[k] = new Promise(capture);
        (this.promoted ??= new Map()).set(k, { resolve: capturedResolve, reject: capturedReject });
      }
    }
    this.resolveAll(slots);
  }

  private take(index: number): Resolvers | undefined {
    const resolvers = this.promoted?.get(index);
    if (resolvers !== undefined) this.promoted?.delete(index);
    return resolvers;
  }
}
