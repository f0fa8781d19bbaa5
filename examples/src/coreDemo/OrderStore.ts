import { formatCount } from '../support/format.js';
import type { Order, Settlement, Verification } from './types.js';

/** The in-memory "database". It counts writes per order, so a duplicate cannot hide. */
export class OrderStore {
  private readonly writes = new Map<string, number>();

  insert(order: Order): void {
    this.writes.set(order.id, (this.writes.get(order.id) ?? 0) + 1);
  }

  /** How many times the order was written (0 if never). */
  writesOf(id: string): number {
    return this.writes.get(id) ?? 0;
  }

  /** Ids of every order written at least once. */
  ids(): IterableIterator<string> {
    return this.writes.keys();
  }
}

/**
 * Checks a run's ledger (how each accepted order settled) against the store: every accepted
 * order settled, every delivered one stored exactly once, no failed or unknown one stored.
 */
export function verifyDelivery(added: number, ledger: ReadonlyMap<string, Settlement>, store: OrderStore): Verification {
  const problems: string[] = [];
  if (ledger.size !== added) problems.push(`${formatCount(added - ledger.size)} accepted orders never settled (lost)`);
  let duplicated = 0;
  let missing = 0;
  let storedFailed = 0;
  let unknown = 0;
  for (const [id, settlement] of ledger) {
    const writes = store.writesOf(id);
    if (settlement.delivered && writes > 1) duplicated += 1;
    if (settlement.delivered && writes === 0) missing += 1;
    if (!settlement.delivered && writes > 0) storedFailed += 1;
  }
  for (const id of store.ids()) if (!ledger.has(id)) unknown += 1;
  if (duplicated > 0) problems.push(`${formatCount(duplicated)} delivered orders stored more than once`);
  if (missing > 0) problems.push(`${formatCount(missing)} delivered orders missing from the store`);
  if (storedFailed > 0) problems.push(`${formatCount(storedFailed)} failed orders stored anyway`);
  if (unknown > 0) problems.push(`${formatCount(unknown)} stored orders were never added`);
  return { ok: problems.length === 0, problems };
}
