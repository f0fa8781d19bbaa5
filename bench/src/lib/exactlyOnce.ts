/** What a suite's read-back found, for suites that check exactly-once delivery. */
export interface ExactlyOnceCheck {
  readonly expected: number;
  readonly read: number;
  readonly exactlyOnce: number;
  readonly missing: number;
  readonly duplicates: number;
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
