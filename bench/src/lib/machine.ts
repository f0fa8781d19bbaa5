import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The machine a run happened on, as `[label, value]` rows for the report header. */
export function describeMachine(): Array<[string, string]> {
  const cpus = os.cpus();
  return [
    ['CPU', `${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length} (${os.availableParallelism()} available)`],
    ['Memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['OS', `${os.type()} ${os.release()} ${os.arch()}`],
    ['Node', `${process.version} (V8 ${process.versions.v8})`],
    ['Git', gitHead()],
  ];
}

/**
 * The 1/5/15-minute load averages, e.g. `0.52 / 0.40 / 0.31`. On a shared machine a load well
 * above the core count during a run means other work competed with it: compare ratios, which
 * are taken side by side, rather than absolute rates.
 */
export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' / ');
}

/**
 * Version of an installed package, read from its package.json as resolved from the bench package.
 * A package whose `exports` hide its package.json is found from its entry point upwards.
 */
export function packageVersion(name: string): string {
  return readVersion(require, name);
}

function readVersion(from: NodeRequire, name: string): string {
  let file: string | undefined;
  try {
    file = from.resolve(`${name}/package.json`);
  } catch {
    try {
      for (let dir = path.dirname(from.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const candidate = path.join(dir, 'package.json');
        if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown }).name === name) {
          file = candidate;
          break;
        }
      }
    } catch {
      file = undefined;
    }
  }
  if (file === undefined) return 'unknown';
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

/**
 * Version of `name` as `parent` resolves it (an emulator that bench reaches only through
 * `@batch/local-aws`, say), or `unknown`.
 */
export function dependencyVersion(parent: string, name: string): string {
  try {
    return readVersion(createRequire(require.resolve(`${parent}/package.json`)), name);
  } catch {
    return 'unknown';
  }
}

function gitHead(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // The reports this run has already written (bench/results) do not make the code measured dirty.
    const dirty = execFileSync('git', ['status', '--porcelain', '--', ':(top)', ':(top,exclude)bench/results'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim() !== '';
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}
