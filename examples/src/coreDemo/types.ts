// The demo's domain types.

/** An order placed by a customer. */
export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly amountCents: number;
}

/** What saving an order returns: the `add()` promise of a delivered order resolves with it. */
export interface Receipt {
  readonly orderId: string;
  /** The batch that stored it. */
  readonly batchId: number;
}

/** How an accepted order ended: delivered, or failed with the `code` of its `BatchError`. */
export type Settlement = { readonly delivered: true } | { readonly delivered: false; readonly code: string };

/** The outcome of the final check. */
export interface Verification {
  readonly ok: boolean;
  /** Human-readable findings; empty when `ok`. */
  readonly problems: readonly string[];
}
