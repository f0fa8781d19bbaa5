// Command-line plumbing shared by the examples: flag parsing with readable errors, the
// "am I the entry point?" check, and turning a `main` into a process exit code.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

/** Thrown for a bad command line; `runCli` prints it with the usage and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Whether this process was started as `node …/<name>.js` (or `.ts`).
 *
 * The precise check is `import.meta.url === pathToFileURL(process.argv[1]).href`, but the
 * examples are also compiled to CommonJS by ts-jest, where `import.meta` is a syntax error, and
 * `require.main` does not exist in the ESM build. The script's file name works under both and is
 * false under jest (whose `argv[1]` is its own binary) and under the Lambda runtime.
 */
export function isEntryPoint(name: string): boolean {
  const script = process.argv[1];
  return script !== undefined && path.basename(script).replace(/\.[cm]?[jt]s$/, '') === name;
}

/**
 * `node:util` `parseArgs` in strict mode, its errors turned into `UsageError`s. A leading `--`
 * is dropped: `pnpm demo -- --duration 3` passes it through to the script.
 */
export function parseFlags<const Options extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: Options,
): ReturnType<typeof parseArgs<{ args: string[]; options: Options; strict: true; allowPositionals: false }>>['values'] {
  try {
    const args = argv[0] === '--' ? argv.slice(1) : [...argv];
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** Bounds for {@link numberFlag}. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/**
 * Reads a numeric flag: `fallback` when absent, a `UsageError` naming the flag when malformed.
 * @example numberFlag('rate', values.rate, 2000, { min: 1 })
 */
export function numberFlag(flag: string, raw: string | undefined, fallback: number, range: NumberRange = {}): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const { min = -Infinity, max = Infinity, integer = false } = range;
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const bounds = [min !== -Infinity ? `>= ${min}` : '', max !== Infinity ? `<= ${max}` : ''].filter(Boolean).join(' and ');
    throw new UsageError(`--${flag} expects ${integer ? 'an integer' : 'a number'}${bounds ? ` ${bounds}` : ''}, got "${raw}"`);
  }
  return value;
}

/**
 * Runs an example's command line and sets `process.exitCode` from its result, without calling
 * `process.exit()`: the process ends when nothing is left to do, so a leaked timer or handle
 * shows up as a run that does not end instead of being hidden.
 */
export function runCli(usage: string, run: () => Promise<number>): void {
  run().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`error: ${error.message}\n\n${usage}`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 1;
      }
    },
  );
}

/**
 * Runs `run(signal)` with SIGINT/SIGTERM wired to a graceful stop: the first signal aborts
 * `signal` (the program stops intake and drains), a second exits at once with 130. `onFirst`
 * reports the first signal. Listeners are removed when `run` settles.
 */
export async function withGracefulStop<T>(run: (signal: AbortSignal) => Promise<T>, onFirst: (signal: NodeJS.Signals) => void = () => undefined): Promise<T> {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      process.stderr.write(`\n${signal} again: exiting without draining\n`);
      process.exit(130);
    }
    onFirst(signal);
    stop.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await run(stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
