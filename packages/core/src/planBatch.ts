/*
 * Why the cut sometimes plans ahead:
 *
 * First-fit in add order is optimal while one limit binds: by count, each batch takes the next
 * `maxBatchSize` jobs; by bytes alone, smaller later jobs fill the room a large one left. When
 * both bind (ten SQS messages of about 100 KiB each against 1 MiB), it is not: early batches
 * reach the count limit with bytes to spare, the large jobs passed over pile up, and the last
 * batches go out with few jobs each. Planning the window as a whole, largest job first into the
 * least-filled of the batches the window needs at least (LPT), pairs large jobs with small ones
 * so that every batch is full by both measures, and needs the lower bound (or one more) where
 * first-fit needed 2-4% more calls.
 */

/** Marks a window job that a batch has taken, in `planBins`' result. */
export const TAKEN = -1;

/**
 * Plans the whole window: the batch each job goes in, largest job first into the least filled
 * of the batches the window needs at least (LPT), opening another only when none has room.
 *
 * @param sizes the window's job sizes, oldest first; each at most `maxBatchBytes` (as `add()`
 *   ensures: then a new batch opens only once every batch holds a job, so there are never more
 *   batches than jobs, which the typed arrays below rely on)
 * @returns the batch of each window job
 */
export function planBins(sizes: readonly number[], maxBatchSize: number, maxBatchBytes: number): Int32Array {
  const n = sizes.length;
  let total = 0;
  for (const size of sizes) total += size;
  // At most one batch per job (see @param sizes), so n slots hold every batch the plan opens.
  let bins = Math.max(1, Math.ceil(n / maxBatchSize), Math.ceil(total / maxBatchBytes));
  const fill = new Float64Array(Math.max(n, bins));
  const count = new Int32Array(fill.length);
  // The batches with room for another job, least filled on top. If the least filled cannot
  // take a job, none can: that job opens a batch of its own.
  const open = new BinHeap(fill);
  for (let b = 0; b < bins; b++) open.push(b);
  const binOf = new Int32Array(n);
  for (const i of largestFirst(sizes)) {
    const size = sizes[i] as number;
    let bin = open.peek();
    if (bin === undefined || (fill[bin] as number) + size > maxBatchBytes) {
      bin = bins++;
      open.push(bin);
    }
    fill[bin] = (fill[bin] as number) + size;
    count[bin] = (count[bin] as number) + 1;
    binOf[i] = bin;
    // The top grew: restore the order, or drop it once it is full by count.
    if ((count[bin] as number) < maxBatchSize) open.siftTop();
    else open.pop();
  }
  return binOf;
}

/**
 * Chooses the next batch from a plan: the planned batch that holds window job `from` (the oldest
 * not yet taken), topped up in window order with any job still untaken that fits, so no batch
 * leaves smaller than the limits allow (a job planned for a later batch may go now: that never
 * adds a batch later). Marks the chosen jobs `TAKEN` in `binOf`.
 * @returns window indices of the chosen jobs, ascending; `from` is always among them
 */
export function takeLead(sizes: readonly number[], binOf: Int32Array, from: number, maxBatchSize: number, maxBatchBytes: number): number[] {
  const n = sizes.length;
  const lead = binOf[from] as number;
  const chosen: number[] = [];
  let bytes = 0;
  for (let i = from; i < n; i++) {
    if (binOf[i] === lead) {
      chosen.push(i);
      bytes += sizes[i] as number;
    }
  }
  if (chosen.length < maxBatchSize) {
    let added = false;
    for (let i = from; i < n && chosen.length < maxBatchSize; i++) {
      const size = sizes[i] as number;
      const bin = binOf[i] as number;
      if (bin !== lead && bin !== TAKEN && bytes + size <= maxBatchBytes) {
        chosen.push(i);
        bytes += size;
        added = true;
      }
    }
    if (added) chosen.sort((a, b) => a - b);
  }
  for (const i of chosen) binOf[i] = TAKEN;
  return chosen;
}

/** Window positions can be packed below the size in one float: windows stay under this. */
const POSITIONS = 4096;
/** Sizes up to this pack exactly with a position (2^41 * 4096 = 2^53). */
const PACKABLE_SIZE = 2 ** 41;

/**
 * Window indices by size, largest first, equal sizes oldest first (so the plan does not depend
 * on a sort's stability). Integer sizes are packed with their index into one number each and
 * sorted natively, several times faster than a comparator; any other size falls back to one.
 */
function largestFirst(sizes: readonly number[]): Int32Array {
  const n = sizes.length;
  const order = new Int32Array(n);
  let packable = n <= POSITIONS;
  for (let i = 0; packable && i < n; i++) {
    const size = sizes[i] as number;
    packable = Number.isInteger(size) && size >= 0 && size < PACKABLE_SIZE;
  }
  if (!packable) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => (sizes[b] as number) - (sizes[a] as number) || a - b);
  }
  // Ascending keys: the largest size is the most negative key, ties ordered by position.
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = -(sizes[i] as number) * POSITIONS + i;
  keys.sort();
  for (let k = 0; k < n; k++) {
    // A negative key's remainder is its position minus POSITIONS; a size-0 job's is its position.
    const rest = (keys[k] as number) % POSITIONS;
    order[k] = rest < 0 ? rest + POSITIONS : rest;
  }
  return order;
}

/** A binary min-heap of batch indices ordered by their fill (then index, for determinism). */
class BinHeap {
  /** One heap that lives as long as the class, for the reason given at `SettlementGroup.kept`. */
  static readonly kept = new BinHeap(new Float64Array(1));
  private readonly items: number[] = [];
  constructor(private readonly fill: Float64Array) {}

  peek(): number | undefined {
    return this.items[0];
  }

  push(bin: number): void {
    const items = this.items;
    let i = items.push(bin) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): void {
    const items = this.items;
    const last = items.pop() as number;
    if (items.length === 0) return;
    items[0] = last;
    this.siftTop();
  }

  /** Restores the order after the top's fill grew. */
  siftTop(): void {
    const items = this.items;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < items.length && this.less(left, least)) least = left;
      if (right < items.length && this.less(right, least)) least = right;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }

  private less(a: number, b: number): boolean {
    const x = this.items[a] as number;
    const y = this.items[b] as number;
    const fx = this.fill[x] as number;
    const fy = this.fill[y] as number;
    return fx < fy || (fx === fy && x < y);
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    const t = items[a] as number;
    items[a] = items[b] as number;
    items[b] = t;
  }
}

/**
 * Whether planning pays: the window needs more than one batch by bytes, and its bytes need
 * nearly as many batches as its count does or more (bytes bind, alone or with the count).
 */
export function shouldPlan(jobs: number, bytes: number, maxBatchSize: number, maxBatchBytes: number): boolean {
  const byBytes = Math.ceil(bytes / maxBatchBytes);
  return byBytes >= 2 && byBytes * 5 >= Math.ceil(jobs / maxBatchSize) * 4;
}
