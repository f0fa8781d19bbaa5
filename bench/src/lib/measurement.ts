/**
 * What the emulator suites (kinesis, dynamodb, sqs, cloudwatch) measure per client child, and the
 * per-contender columns their reports share: the same-round ratio and the "landed" verdict.
 */
import type { TargetResult } from '../suite.js';
import { count } from './markdown.js';
import { spread } from './stats.js';
import type { Spread } from './stats.js';

/** One client child's result and the read-back of what it wrote, in one round. */
export interface Measurement<Contender extends string, Result, Verification> {
  readonly round: number;
  readonly contender: Contender;
  readonly result: Result;
  readonly verification: Verification;
}

/** The measurements a report is rendered from. */
export interface Measured<M> {
  readonly measurements: readonly M[];
  readonly rounds: number;
  /** Filled with every checked target, in report order. */
  readonly targets: TargetResult[];
}

/**
 * `value(a) ÷ value(b)` for each round, `a` and `b` taken from the same round, as a spread: the
 * round-by-round view of a ratio of medians (a round's contenders ran side by side).
 */
export function sameRoundRatios<M extends { readonly round: number }>(a: readonly M[], b: readonly M[], value: (m: M) => number): Spread {
  return spread(
    a.map((m) => {
      const other = b.find((o) => o.round === m.round);
      return other === undefined ? Number.NaN : value(m) / value(other);
    }),
  );
}

/**
 * The "landed" cell: `n/n in r of r rounds` when every run read back intact, else INVALID with
 * what each bad round lost. `valid` says which; a contender that lost data fails its targets.
 */
export function landedCell<M extends { readonly round: number }>(
  runs: readonly M[],
  items: number,
  intact: (m: M) => boolean,
  describe: (m: M) => string,
): { readonly valid: boolean; readonly cell: string } {
  const bad = runs.filter((m) => !intact(m));
  if (bad.length > 0) return { valid: false, cell: `**INVALID**: ${bad.map(describe).join('; ')}` };
  return { valid: true, cell: `${count(items)}/${count(items)} in ${runs.length} of ${runs.length} rounds` };
}
