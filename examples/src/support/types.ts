/** Where an example prints: `process.stdout` by default, a string collector in tests. */
export interface Output {
  write(text: string): unknown;
  /** When true, status lines are redrawn in place instead of appended. */
  readonly isTTY?: boolean | undefined;
  /** Terminal width; status lines are cut to fit so redrawing in place works. */
  readonly columns?: number | undefined;
}

/** A listener for process signals. */
export type SignalListener = (signal: NodeJS.Signals) => void;

/**
 * Where signals come from: `process` in a real run, an `EventEmitter` in tests (which then
 * `emit('SIGTERM')` without signalling the test runner itself).
 */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: SignalListener): unknown;
  off(event: NodeJS.Signals, listener: SignalListener): unknown;
}
