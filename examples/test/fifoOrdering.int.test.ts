import { checkGroups, cli, main } from '../src/fifoOrdering.js';
import { UsageError } from '../src/support/cli.js';
import { collect } from './collect.js';

const message = (group: string, seq: number) => ({ body: JSON.stringify({ group, seq }), attributes: { MessageGroupId: group } });

describe('fifoOrdering', () => {
  it('keeps every group in add order, without duplicates, through entry failures, 500s, throttles and resets (concurrency 4)', async () => {
    const [out, text] = collect();
    const summary = await main({ messages: 600, groups: 10, seed: 3, out });

    expect(summary).toMatchObject({ messages: 600, delivered: 600, failures: {}, received: 600, missing: 0, duplicated: 0, outOfOrderGroups: 0, ok: true });
    // Every kind of fault happened, and the resets after SQS applied a request left no duplicate.
    expect(Object.keys(summary.requests).sort()).toEqual(['error', 'failEntries', 'ok', 'reset-after']);
    expect(summary.retried).toBeGreaterThan(0);
    expect(text()).toContain('received 600 messages: OK - every group received exactly its messages, in add order, none twice');
  }, 30_000);

  it('shows the reordering strictOrdering prevents when it is turned off', async () => {
    const [out, text] = collect();
    const summary = await main({ messages: 300, groups: 2, strictOrdering: false, seed: 3, out });

    expect(summary).toMatchObject({ delivered: 300, received: 300, missing: 0, duplicated: 0, ok: false });
    expect(summary.outOfOrderGroups).toBeGreaterThan(0);
    expect(text()).toContain('strictOrdering OFF');
    expect(text()).toMatch(/FAILED - 0 missing, 0 duplicated, [12] of 2 groups out of add order/);
  }, 30_000);

  it('finds missing, duplicated, reordered and misfiled messages', () => {
    const sent = new Map([
      ['a', [1, 2, 3]],
      ['b', [1, 2]],
    ]);
    expect(checkGroups(sent, [message('a', 1), message('b', 1), message('a', 2), message('a', 3), message('b', 2)])).toEqual({ missing: 0, duplicated: 0, outOfOrderGroups: 0 });
    expect(checkGroups(sent, [message('a', 1), message('a', 3), message('a', 2), message('b', 1), message('b', 1)])).toEqual({ missing: 1, duplicated: 1, outOfOrderGroups: 1 });
    const misfiled = { body: JSON.stringify({ group: 'a', seq: 1 }), attributes: { MessageGroupId: 'b' } };
    expect(checkGroups(sent, [misfiled, message('a', 2), message('a', 3), message('b', 2)])).toEqual({ missing: 2, duplicated: 0, outOfOrderGroups: 1 });
  });

  it('prints its help and refuses bad flags', async () => {
    const [out, text] = collect();
    await expect(cli(['--help'], out)).resolves.toBe(0);
    expect(text()).toContain('--loose');
    await expect(cli(['--groups', '0'], out)).rejects.toThrow(new UsageError('--groups expects an integer >= 1 and <= 10000, got "0"'));
  });
});
