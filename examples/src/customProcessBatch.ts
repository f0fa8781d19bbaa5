// A custom processBatch with no AWS at all: appending account-ledger entries to a file, one
// write per batch, with per-line outcomes, retries and order per account.
//
// - processBatch returns one outcome per entry, in order (partial failure is data): a line can
//   be refused on its own (a simulated lock conflict, retryable), or the whole write can fail
//   (a simulated busy disk: processBatch throws, and `isRetryable` classifies the error by code).
// - `orderingKey: (entry) => entry.account` keeps each account's lines in sequence: an account
//   is never in two in-flight batches, and a retried entry stays ahead of its account's later
//   entries. `oneJobPerKeyPerBatch` closes the last gap: without it a batch could carry lines 5
//   and 6 of an account, and if 5 were refused, 6 would be written ahead of it. (The other way
//   is for processBatch to fail an account's later lines once one fails, but every such
//   "held back" line then spends one of its attempts.)
// - The file is read back at the end: each entry exactly once, every account in order.
// Failures are decided by a seeded hash of (entry, attempt), so a seed replays the same faults.
// `--unordered` drops the orderingKey to show what it prevents (the verification then fails).
//
// Run: pnpm --filter "@batch/examples..." build && node examples/dist/customProcessBatch.js [--entries 5000] [--accounts 50] [--seed 7] [--out ledger.txt] [--unordered]
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Batcher, BatchError, failure, feed, success } from '@batch/core';
import type { BatcherStats, Outcome } from '@batch/core';
import { isEntryPoint, numberFlag, parseFlags, runCli } from './support/cli.js';
import { formatCount, formatDecimal } from './support/format.js';
import { mulberry32, unitHash } from './support/random.js';
import type { Output } from './support/types.js';

/** One ledger entry: the `seq`th movement on an account. */
export interface LedgerEntry {
  readonly id: string;
  readonly account: string;
  readonly seq: number;
  readonly amountCents: number;
}

/** A failure of the ledger file; `code` says which, and all of them are worth retrying. */
export class LedgerWriteError extends Error {
  override readonly name = 'LedgerWriteError';
  readonly code: 'EBUSY' | 'ELOCKED';

  constructor(code: LedgerWriteError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** Options of {@link main}. */
export interface LedgerOptions {
  /** Entries to write. @default 5000 */
  readonly entries?: number | undefined;
  /** Accounts they are spread over. @default 50 */
  readonly accounts?: number | undefined;
  /** Seed of every random choice. @default 7 */
  readonly seed?: number | undefined;
  /** Probability, 0 to 1, that a line is refused on an attempt. @default 0.05 */
  readonly lineFailRate?: number | undefined;
  /** Probability, 0 to 1, that a whole batch's write fails. @default 0.05 */
  readonly writeFailRate?: number | undefined;
  /** Keep each account's entries in order (`orderingKey` and `oneJobPerKeyPerBatch`). @default true */
  readonly ordered?: boolean | undefined;
  /** The ledger file (appended to; created if missing). @default a new file in a temporary directory, removed afterwards */
  readonly file?: string | undefined;
  /** @default 50 */
  readonly maxBatchSize?: number | undefined;
  /** @default 4 */
  readonly concurrency?: number | undefined;
  /** Where to print. @default process.stdout */
  readonly out?: Output | undefined;
}

/** What a run did and what the file holds. */
export interface LedgerSummary {
  readonly file: string;
  readonly entries: number;
  readonly delivered: number;
  readonly failed: number;
  readonly stats: BatcherStats;
  /** Batches whose whole write failed (and whose entries were retried). */
  readonly failedWrites: number;
  /** Lines refused on their own (then retried). */
  readonly refusedLines: number;
  /** Lines found in the file. */
  readonly linesInFile: number;
  readonly verification: { readonly ok: boolean; readonly problems: readonly string[] };
}

/** Serializes an entry as one line of the file. */
export function formatLine(entry: LedgerEntry): string {
  return `${entry.id} ${entry.account} ${entry.seq} ${entry.amountCents}\n`;
}

/** Builds the workload: `count` entries over `accounts` accounts, each account's `seq` counting from 1. */
export function* ledgerEntries(count: number, accounts: number, seed: number): Generator<LedgerEntry> {
  const random = mulberry32(seed);
  const seqs = new Map<string, number>();
  for (let n = 1; n <= count; n++) {
    const account = `acct-${String(1 + Math.floor(random() * accounts)).padStart(3, '0')}`;
    const seq = (seqs.get(account) ?? 0) + 1;
    seqs.set(account, seq);
    yield { id: `e${n}`, account, seq, amountCents: Math.floor(random() * 100_000) - 50_000 };
  }
}

/**
 * Reads the file back and checks it against what the batcher reported: every delivered entry
 * exactly once, no failed entry, and each account's lines in increasing `seq` order.
 */
export function verifyLedger(text: string, delivered: ReadonlySet<string>): { ok: boolean; problems: string[]; lines: number } {
  const problems: string[] = [];
  const seen = new Set<string>();
  const lastSeq = new Map<string, number>();
  let duplicates = 0;
  let unexpected = 0;
  let outOfOrder = 0;
  const lines = text.split('\n').filter((line) => line !== '');
  for (const line of lines) {
    const [id = '', account = '', seqText = ''] = line.split(' ');
    const seq = Number(seqText);
    if (seen.has(id)) duplicates += 1;
    seen.add(id);
    if (!delivered.has(id)) unexpected += 1;
    if (seq <= (lastSeq.get(account) ?? 0)) outOfOrder += 1;
    lastSeq.set(account, Math.max(seq, lastSeq.get(account) ?? 0));
  }
  let missing = 0;
  for (const id of delivered) if (!seen.has(id)) missing += 1;
  if (duplicates > 0) problems.push(`${formatCount(duplicates)} entries written more than once`);
  if (unexpected > 0) problems.push(`${formatCount(unexpected)} lines for entries not reported delivered`);
  if (missing > 0) problems.push(`${formatCount(missing)} delivered entries missing from the file`);
  if (outOfOrder > 0) problems.push(`${formatCount(outOfOrder)} lines out of order for their account`);
  return { ok: problems.length === 0, problems, lines: lines.length };
}

/**
 * Writes the ledger through a Batcher, reads it back, prints and returns a summary.
 * @example const summary = await main({ entries: 1000, file: '/tmp/ledger.txt' });
 */
export async function main(options: LedgerOptions = {}): Promise<LedgerSummary> {
  const out = options.out ?? process.stdout;
  const entries = options.entries ?? 5000;
  const accounts = options.accounts ?? 50;
  const seed = options.seed ?? 7;
  const lineFailRate = options.lineFailRate ?? 0.05;
  const writeFailRate = options.writeFailRate ?? 0.05;
  const ordered = options.ordered ?? true;
  const tempDir = options.file === undefined ? await mkdtemp(path.join(tmpdir(), 'batch-ledger-')) : undefined;
  const file = options.file ?? path.join(tempDir ?? '.', 'ledger.txt');
  const random = mulberry32(seed);
  let failedWrites = 0;
  let refusedLines = 0;

  const batcher = new Batcher<LedgerEntry, number>({
    maxBatchSize: options.maxBatchSize ?? 50,
    maxBatchDelay: 10,
    concurrency: options.concurrency ?? 4,
    ...(ordered ? { orderingKey: (entry: LedgerEntry) => entry.account, oneJobPerKeyPerBatch: true } : {}),
    retry: { maxAttempts: 10, baseDelay: 5, maxDelay: 100, random: mulberry32(seed + 1) },
    // Decides for throws and for failures that leave `retryable` unset: here, all ledger errors.
    isRetryable: (error) => error instanceof LedgerWriteError,
    async processBatch(batch, { batchId, attempts }) {
      await sleep(1 + random() * 3); // the disk's latency
      if (unitHash(seed, 'write', batchId) < writeFailRate) throw new LedgerWriteError('EBUSY', 'disk busy');
      const lines: string[] = [];
      const outcomes = batch.map((entry, i): Outcome<number> => {
        if (unitHash(seed, entry.id, attempts[i] ?? 1) < lineFailRate) {
          refusedLines += 1;
          // `retryable` left unset: isRetryable decides.
          return failure(new LedgerWriteError('ELOCKED', 'account row locked'));
        }
        lines.push(formatLine(entry));
        return success(batchId);
      });
      // One append per batch. O_APPEND makes each write land whole at the end of the file even
      // with several batches in flight; which batch lands first does not matter, as no account
      // is in two of them.
      if (lines.length > 0) await appendFile(file, lines.join(''));
      return outcomes;
    },
    hooks: {
      onBatch(info) {
        if (info.error !== undefined) failedWrites += 1;
      },
    },
  });

  out.write(
    `ledger: ${formatCount(entries)} entries over ${accounts} accounts -> ${file}\n` +
      `seed ${seed}, line fail rate ${lineFailRate}, write fail rate ${writeFailRate}, ` +
      `${ordered ? 'ordered by account (orderingKey)' : 'UNORDERED (no orderingKey)'}\n`,
  );
  const delivered = new Set<string>();
  const failedCodes = new Map<string, number>();
  try {
    const summary = await feed(batcher, ledgerEntries(entries, accounts, seed), {
      onResult: (_batchId, entry) => void delivered.add(entry.id),
      onError: (error, _entry) => {
        const code = error instanceof BatchError ? error.code : 'UNKNOWN';
        failedCodes.set(code, (failedCodes.get(code) ?? 0) + 1);
      },
    });
    await batcher.shutdown();
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'ENOENT') return ''; // nothing was written
      throw error;
    });
    const verification = verifyLedger(text, delivered);
    const stats = batcher.stats();
    const result: LedgerSummary = {
      file,
      entries,
      delivered: summary.succeeded,
      failed: summary.failed,
      stats,
      failedWrites,
      refusedLines,
      linesInFile: verification.lines,
      verification: { ok: verification.ok, problems: verification.problems },
    };
    const failures = [...failedCodes].map(([code, count]) => `${code} ${count}`).join(', ');
    out.write(
      `batches ${formatCount(stats.batches)}, ${formatDecimal((stats.added + stats.retried) / Math.max(1, stats.batches))} lines each on average ` +
        `(${formatCount(failedWrites)} whole writes failed and were retried); ` +
        `lines refused ${formatCount(refusedLines)}; retries ${formatCount(stats.retried)} in all\n` +
        `delivered ${formatCount(result.delivered)}, failed ${formatCount(result.failed)}${failures ? ` (${failures})` : ''}; ` +
        `file has ${formatCount(result.linesInFile)} lines\n` +
        (verification.ok
          ? `verification: OK - every delivered entry written exactly once, every account's lines in sequence order\n`
          : `verification: FAILED\n${verification.problems.map((problem) => `  - ${problem}\n`).join('')}`),
    );
    return result;
  } finally {
    await batcher.shutdown();
    if (tempDir !== undefined) await rm(tempDir, { recursive: true, force: true });
  }
}

const USAGE = `Usage: node dist/customProcessBatch.js [options]

Writes an account ledger to a file through a Batcher (per-line outcomes, retries, order per
account), then reads it back and verifies it.

Options:
  --entries <n>          entries to write (default 5000)
  --accounts <n>         accounts they are spread over (default 50)
  --seed <n>             seed of every random choice (default 7)
  --line-fail-rate <p>   probability 0..1 that a line is refused on an attempt (default 0.05)
  --write-fail-rate <p>  probability 0..1 that a whole batch's write fails (default 0.05)
  --unordered            drop the orderingKey, to see what it prevents
  --out <file>           append to this file and keep it (default: a temporary file, removed)
  -h, --help             show this help
Exit code: 0 when verification passes, 1 when it fails.
`;

/** The command line; resolves with the exit code. */
export async function cli(argv: readonly string[], out: Output = process.stdout): Promise<number> {
  const flags = parseFlags(argv, {
    entries: { type: 'string' },
    accounts: { type: 'string' },
    seed: { type: 'string' },
    'line-fail-rate': { type: 'string' },
    'write-fail-rate': { type: 'string' },
    unordered: { type: 'boolean' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help === true) {
    out.write(USAGE);
    return 0;
  }
  const summary = await main({
    entries: numberFlag('entries', flags.entries, 5000, { integer: true, min: 1 }),
    accounts: numberFlag('accounts', flags.accounts, 50, { integer: true, min: 1 }),
    seed: numberFlag('seed', flags.seed, 7, { integer: true, min: 0, max: 2 ** 32 - 1 }),
    lineFailRate: numberFlag('line-fail-rate', flags['line-fail-rate'], 0.05, { min: 0, max: 1 }),
    writeFailRate: numberFlag('write-fail-rate', flags['write-fail-rate'], 0.05, { min: 0, max: 1 }),
    ordered: flags.unordered !== true,
    file: flags.out,
    out,
  });
  return summary.verification.ok ? 0 : 1;
}

if (isEntryPoint('customProcessBatch')) runCli(USAGE, () => cli(process.argv.slice(2)));
