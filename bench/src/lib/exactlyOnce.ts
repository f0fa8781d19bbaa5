/** What a suite's read-back found, for suites that check exactly-once delivery. */
export interface ExactlyOnceCheck {
  readonly expected: number;
  /** Entries read back, in total. */
  readonly read: number;
  /** Expected entries read back exactly once and intact. */
  readonly exactlyOnce: number;
  readonly missing: number;
  /** Extra copies of expected entries. */
  readonly duplicates: number;
  /** Entries that match no expected entry (wrong index, size or content). */
  readonly corrupt: number;
}

/** Whether every expected entry was read back exactly once and intact. */
export function landedExactlyOnce(v: ExactlyOnceCheck): boolean {
  return v.exactlyOnce === v.expected && v.read === v.expected && v.missing === 0 && v.duplicates === 0 && v.corrupt === 0;
}

/** One line saying what went wrong in a round, for the report. */
export function describeLoss(round: number, v: ExactlyOnceCheck): string {
  return `round ${round + 1}: ${v.missing} missing, ${v.duplicates} duplicated, ${v.corrupt} corrupt of ${v.expected}`;
}
