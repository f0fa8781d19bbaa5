import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ledgerEntries, main, verifyLedger } from '../src/customProcessBatch.js';
import { collect } from './collect.js';

describe('customProcessBatch', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ledger-test-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes every entry exactly once, each account in sequence, despite failures and retries', async () => {
    const [out, text] = collect();
    const file = path.join(dir, 'ledger.txt');
    const summary = await main({ entries: 1500, accounts: 20, seed: 3, lineFailRate: 0.1, writeFailRate: 0.1, file, out });

    expect(summary).toMatchObject({ entries: 1500, delivered: 1500, failed: 0, linesInFile: 1500 });
    expect(summary.verification).toEqual({ ok: true, problems: [] });
    expect(summary.refusedLines).toBeGreaterThan(0);
    expect(summary.failedWrites).toBeGreaterThan(0);
    expect(summary.stats.retried).toBeGreaterThan(summary.refusedLines); // refused lines plus whole failed writes
    expect(summary.stats.pending).toBe(0);

    // Read the file independently: per account, exactly seq 1, 2, … n, in that order.
    const seqs = new Map<string, number[]>();
    for (const line of (await readFile(file, 'utf8')).trimEnd().split('\n')) {
      const [, account = '', seq = ''] = line.split(' ');
      seqs.set(account, [...(seqs.get(account) ?? []), Number(seq)]);
    }
    const expected = new Map<string, number>();
    for (const entry of ledgerEntries(1500, 20, 3)) expected.set(entry.account, entry.seq);
    expect(seqs.size).toBe(expected.size);
    for (const [account, written] of seqs) {
      expect(written).toEqual(Array.from({ length: expected.get(account) ?? 0 }, (_, i) => i + 1));
    }
    expect(text()).toContain('verification: OK');
  });

  it('loses per-account order without the orderingKey, and says so', async () => {
    const [out, text] = collect();
    const summary = await main({ entries: 1500, accounts: 20, seed: 3, lineFailRate: 0.2, writeFailRate: 0, ordered: false, file: path.join(dir, 'l.txt'), out });
    expect(summary.delivered).toBe(1500);
    expect(summary.verification.ok).toBe(false);
    expect(summary.verification.problems).toEqual([expect.stringMatching(/^[\d,]+ lines out of order for their account$/)]);
    expect(text()).toContain('verification: FAILED');
  });

  it('removes its temporary file when no file is given', async () => {
    const [out] = collect();
    const summary = await main({ entries: 100, out });
    expect(summary.verification.ok).toBe(true);
    await expect(stat(summary.file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('detects duplicated, unexpected, missing and out-of-order lines', () => {
    const delivered = new Set(['e1', 'e2', 'e3']);
    expect(verifyLedger('e1 a 1 5\ne2 a 2 5\ne3 b 1 5\n', delivered)).toEqual({ ok: true, problems: [], lines: 3 });
    expect(verifyLedger('e2 a 2 5\ne1 a 1 5\ne2 a 2 5\ne9 b 1 5\n', delivered).problems).toEqual([
      '1 entries written more than once',
      '1 lines for entries not reported delivered',
      '1 delivered entries missing from the file',
      '2 lines out of order for their account',
    ]);
  });
});
