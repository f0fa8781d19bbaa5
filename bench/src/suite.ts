/**
 * The contract between the runner (`run.ts`) and a benchmark suite. A suite is one module that
 * exports a `Suite`; add it to `suites.ts` and `node dist/run.js <name>` runs it.
 *
 * A suite owns its method: it decides what it measures, in which child processes, how many
 * rounds, and which targets it checks. The runner owns what every report shares: the machine
 * header, package versions, the results file and the printing. Suites must compare contenders
 * side by side in the same run (interleaved rounds), never against numbers from another run.
 */
export interface Suite {
  /** Short, unique, lower-case: the CLI argument and the results file name (`results/<name>.md`). */
  readonly name: string;
  /** One line for `--help` and the report heading. */
  readonly description: string;
  /** Runs every measurement of the suite and returns its report. Progress goes to `options.log`. */
  run(options: SuiteOptions): Promise<SuiteReport>;
}

/** What the runner hands every suite. */
export interface SuiteOptions {
  /**
   * Rounds requested with `--rounds N`; undefined means the suite's own default. Suites use
   * at least 5 for anything reported as a median.
   */
  readonly rounds: number | undefined;
  /** Writes one progress line to stderr (never stdout: stdout carries the markdown). */
  readonly log: (line: string) => void;
}

/** A suite's result: markdown for humans plus the pass/fail of each target for the summary. */
export interface SuiteReport {
  /** Markdown body (tables and notes), without the machine header the runner adds. */
  readonly markdown: string;
  /** Versions of the packages measured, by package name (the runner prints them). */
  readonly packages: Readonly<Record<string, string>>;
  /** Every target the suite checked, in report order. */
  readonly targets: readonly TargetResult[];
}

/** One checked target, e.g. "burst throughput ≥ 0.6× floor". */
export interface TargetResult {
  readonly name: string;
  /** The measured value as printed, e.g. `0.71×`. */
  readonly measured: string;
  readonly pass: boolean;
}
