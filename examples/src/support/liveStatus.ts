import type { Output } from './types.js';

/** Options of {@link liveStatus}. */
export interface LiveStatusOptions {
  /** Milliseconds between redraws on a terminal. @default 100 */
  readonly ttyIntervalMs?: number | undefined;
  /** Milliseconds between lines when the output is a pipe or a file. @default 1000 */
  readonly plainIntervalMs?: number | undefined;
}

/** A running status display; `stop()` prints the final state on its own line. */
export interface LiveStatus {
  stop(): void;
}

/**
 * Shows `render()` periodically: redrawn in place on a terminal, appended as plain lines
 * otherwise (so logs and CI output stay readable). Its interval is unref'd: a status line never
 * keeps the process alive.
 * @example const status = liveStatus(process.stdout, () => `sent ${sent}`); …; status.stop();
 */
export function liveStatus(out: Output, render: () => string, options: LiveStatusOptions = {}): LiveStatus {
  const tty = out.isTTY === true;
  // A line wider than the terminal wraps, and `\r` + erase-line would only redraw its last row.
  const fit = (text: string): string => (out.columns !== undefined && out.columns > 1 ? text.slice(0, out.columns - 1) : text);
  const draw = tty ? (): void => void out.write(`\r\x1b[2K${fit(render())}`) : (): void => void out.write(`${render()}\n`);
  const interval = setInterval(draw, tty ? (options.ttyIntervalMs ?? 100) : (options.plainIntervalMs ?? 1000));
  interval.unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(interval);
      out.write(tty ? `\r\x1b[2K${fit(render())}\n` : `${render()}\n`);
    },
  };
}
