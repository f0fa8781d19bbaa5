import { BatchError } from '@batch/core';
import { SINK_NAMES } from './types.js';
import type { Order, Settlement, SinkName } from './types.js';

const DELIVERED: Settlement = { delivered: true };

/** What became of one sink's jobs, from their own promises. */
export interface SinkTally {
  readonly added: number;
  readonly delivered: number;
  readonly failed: number;
  /** Failed jobs by error code (`RETRIES_EXHAUSTED`, …). */
  readonly failures: Readonly<Record<string, number>>;
}

/**
 * The run's books: every order placed, and how each job accepted by a sink settled. Jobs are
 * keyed by order id (`ord-000001`); DynamoDB's by order id and version (`ord-000001#2`), since a
 * paid order is written twice. The verification compares the read-backs with this.
 */
export class Ledger {
  readonly orders: Order[] = [];
  private readonly settlements = new Map<SinkName, Map<string, Settlement>>(SINK_NAMES.map((sink) => [sink, new Map()]));
  private pending = 0;
  private idle: Array<() => void> = [];

  /**
   * Records that `promise` (an `add()`) carries job `key` of `sink`. `judge` looks at the result:
   * it returns a code when the result does not mean the job was delivered as given (a DynamoDB
   * write resolved as `superseded` never reached the table).
   */
  track<Result>(sink: SinkName, key: string, promise: Promise<Result>, judge?: (result: Result) => string | undefined): void {
    this.pending += 1;
    const book = this.book(sink);
    promise.then(
      (result) => {
        const code = judge?.(result);
        this.settle(book, key, code === undefined ? DELIVERED : { delivered: false, code });
      },
      (error: unknown) => this.settle(book, key, { delivered: false, code: error instanceof BatchError ? error.code : 'UNKNOWN' }),
    );
  }

  /** Resolves once every tracked job has settled. */
  settled(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  /** How job `key` of `sink` settled; `undefined` while pending (or never added). */
  settlement(sink: SinkName, key: string): Settlement | undefined {
    return this.book(sink).get(key);
  }

  /** Whether job `key` of `sink` was delivered. */
  delivered(sink: SinkName, key: string): boolean {
    return this.book(sink).get(key)?.delivered === true;
  }

  tally(sink: SinkName): SinkTally {
    const failures: Record<string, number> = {};
    let delivered = 0;
    let failed = 0;
    for (const settlement of this.book(sink).values()) {
      if (settlement.delivered) delivered += 1;
      else {
        failed += 1;
        failures[settlement.code] = (failures[settlement.code] ?? 0) + 1;
      }
    }
    return { added: this.book(sink).size, delivered, failed, failures };
  }

  private book(sink: SinkName): Map<string, Settlement> {
    return this.settlements.get(sink) as Map<string, Settlement>;
  }

  private settle(book: Map<string, Settlement>, key: string, settlement: Settlement): void {
    book.set(key, settlement);
    this.pending -= 1;
    if (this.pending === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}
