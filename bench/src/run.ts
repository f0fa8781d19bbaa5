/**
 * The benchmark runner: `node dist/run.js [suite...] [--rounds N]`. With no suite names it runs
 * every suite in `suites.ts`. For each suite it prints the markdown report to stdout (progress
 * goes to stderr) and writes it to `bench/results/<suite>.md`, headed by the machine, the Node
 * version, the package versions and the command. A missed target is reported, not an error:
 * the exit code is non-zero only when a suite could not run.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { describeMachine, loadAverage } from './lib/machine.js';
import { table, verdict } from './lib/markdown.js';
import type { SuiteReport } from './suite.js';
import { suites } from './suites.js';

const resultsDir = new URL('../results/', import.meta.url);

interface Cli {
  readonly names: readonly string[];
  readonly rounds: number | undefined;
}

function parseArgs(args: readonly string[]): Cli {
  const names: string[] = [];
  let rounds: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`usage: node dist/run.js [suite...] [--rounds N]\n\nsuites:\n${suites.map((s) => `  ${s.name.padEnd(12)}${s.description}`).join('\n')}\n`);
      process.exit(0);
    }
    if (arg === '--rounds' || arg.startsWith('--rounds=')) {
      const value = arg === '--rounds' ? args[++i] : arg.slice('--rounds='.length);
      rounds = Number(value);
      if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`Expected \`--rounds\` to be an integer of at least 1, got \`${value}\``);
    } else if (arg.startsWith('-')) {
      throw new Error(`Unknown option \`${arg}\` (try --help)`);
    } else {
      names.push(arg);
    }
  }
  return { names, rounds };
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function render(name: string, description: string, report: SuiteReport, header: string, seconds: number): string {
  const packages = Object.entries(report.packages).map(([pkg, version]) => `\`${pkg}\` ${version}`).join(', ');
  const summary =
    report.targets.length === 0
      ? 'This suite has no pass/fail targets.'
      : table(
          ['target', 'measured', 'result'],
          report.targets.map((t) => [t.name, t.measured, verdict(t.pass)]),
        );
  return [`## ${name}: ${description}`, '', header, `| Packages | ${packages} |`, `| Suite time | ${seconds.toFixed(0)} s |`, '', report.markdown, '', '### Targets', '', summary, ''].join('\n');
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2));
  const unknown = cli.names.filter((name) => !suites.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`Unknown suite ${unknown.map((n) => `\`${n}\``).join(', ')}; known: ${suites.map((s) => s.name).join(', ')}`);
  const selected = cli.names.length === 0 ? suites : suites.filter((s) => cli.names.includes(s.name));
  const command = ['node dist/run.js', ...process.argv.slice(2)].join(' ');
  await mkdir(resultsDir, { recursive: true });
  for (const suite of selected) {
    log(`[run] ${suite.name}: ${suite.description}`);
    const date = new Date().toISOString();
    const loadBefore = loadAverage();
    const started = performance.now();
    const report = await suite.run({ rounds: cli.rounds, log });
    const seconds = (performance.now() - started) / 1000;
    const header = table(
      ['Run', ''],
      [
        ['Command', `\`${command}\` (in bench/)`],
        ['Date', date],
        ...describeMachine(),
        ['Load average (1/5/15 min) before / after', `${loadBefore} → ${loadAverage()}`],
      ],
    );
    const markdown = render(suite.name, suite.description, report, header, seconds);
    const file = new URL(`${suite.name}.md`, resultsDir);
    const tmp = new URL(`${suite.name}.md.tmp`, resultsDir);
    await writeFile(tmp, markdown);
    await rename(tmp, file);
    process.stdout.write(`${markdown}\n`);
    log(`[run] ${suite.name} done in ${seconds.toFixed(0)} s; wrote ${fileURLToPath(file)}`);
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
