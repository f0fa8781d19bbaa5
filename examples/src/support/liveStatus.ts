import type { Output } from './types.js';

/** Options of {@link liveStatus}. */
export interface LiveStatusOptions {
  /** Milliseconds between redraws on a terminal. @default 100 */
  readonly ttyIntervalMs?: number | undefined;
  /** Milliseconds between lines when the output is a pipe or a file. @default 1000 */
  readonly plainIntervalMs?: number | undefined;
}

/** A running status display; `stop()` prints the final state on its own line(s). */
export interface LiveStatus {
  /** Prints `text` (ending in a newline) above the status, which is then redrawn below it. */
  note(text: string): void;
  stop(): void;
}

/**
 * Shows `render()` periodically: redrawn in place on a terminal, appended as plain lines
 * otherwise (so logs and CI output stay readable). `render()` may return several lines (one per
 * sink, say); on a terminal the whole block is redrawn. Its interval is unref'd: a status line
 * never keeps the process alive.
 * @example const status = liveStatus(process.stdout, () => `sent ${sent}`); …; status.stop();
 */
export function liveStatus(out: Output, render: () => string, options: LiveStatusOptions = {}): LiveStatus {
  const tty = out.isTTY === true;
  // A line wider than the terminal wraps, and `\r` + erase-line would only redraw its last row.
  const fit = (text: string): string => (out.columns !== undefined && out.columns > 1 ? text.slice(0, out.columns - 1) : text);
  /** Rows of the status block on screen; the cursor sits at the end of its last row. */
  let drawn = 0;
  /** Moves the cursor to the start of the block's first row. */
  const home = (): string => (drawn > 1 ? `\x1b[${drawn - 1}A` : '');
  const drawTty = (): void => {
    const lines = render().split('\n').map(fit);
    // Erase below when the block shrank, so no stale row is left.
    const tail = lines.length < drawn ? '\x1b[J' : '';
    out.write(`${home()}${lines.map((line) => `\r\x1b[2K${line}`).join('\n')}${tail}`);
    drawn = lines.length;
  };
  const draw = tty ? drawTty : (): void => void out.write(`${render()}\n`);
  const interval = setInterval(draw, tty ? (options.ttyIntervalMs ?? 100) : (options.plainIntervalMs ?? 1000));
  interval.unref();
  let stopped = false;
  return {
    note(text) {
      if (tty && drawn > 0) {
        out.write(`${home()}\r\x1b[J${text}`);
        drawn = 0;
        if (!stopped) drawTty();
      } else {
        out.write(text);
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(interval);
      draw();
      if (tty) out.write('\n');
      drawn = 0;
    },
  };
}
