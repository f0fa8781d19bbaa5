import { cli, main } from '../src/coreDemo.js';
import { orderId, predictOrder } from '../src/coreDemo/orderFate.js';
import { OrderStore, verifyDelivery } from '../src/coreDemo/OrderStore.js';
import type { Settlement } from '../src/coreDemo/types.js';
import { UsageError } from '../src/support/cli.js';
import { collect } from './collect.js';

const SEED = 7;
const FAIL_RATE = 0.3;
const MAX_ATTEMPTS = 3;

describe('coreDemo', () => {
  it('delivers every order exactly once, failing exactly the orders the seed says', async () => {
    const [out, text] = collect();
    const summary = await main({
      durationMs: 300,
      rate: 1000,
      failRate: FAIL_RATE,
      seed: SEED,
      maxAttempts: MAX_ATTEMPTS,
      maxBatchDelay: 10,
      latencyMs: [1, 3],
      out,
    });

    // The model: each order's fate is a pure function of the seed.
    let delivered = 0;
    let retries = 0;
    let declined = 0;
    for (let n = 1; n <= 300; n++) {
      const prediction = predictOrder(SEED, orderId(n), FAIL_RATE, MAX_ATTEMPTS);
      if (prediction.delivered) delivered += 1;
      else if (prediction.retries === 0) declined += 1;
      retries += prediction.retries;
    }
    expect(summary.stoppedBy).toBe('duration');
    expect(summary.added).toBe(300);
    expect(summary.delivered).toBe(delivered);
    expect(summary.failed).toBe(300 - delivered);
    expect(summary.failures).toEqual({ JOB_FAILED: declined, RETRIES_EXHAUSTED: 300 - delivered - declined });
    expect(summary.retried).toBe(retries);
    expect(summary.verification).toEqual({ ok: true, problems: [] });

    // The batcher's own counters agree with the orders' promises.
    expect(summary.stats).toMatchObject({ added: 300, succeeded: delivered, failed: 300 - delivered, retried: retries, pending: 0, inFlight: 0 });
    expect(summary.fullBatches + summary.timedBatches + summary.retryBatches + summary.drainBatches).toBe(summary.batches);
    // Every attempt was one job in one batch: first sends plus retries.
    expect(summary.meanBatchSize * summary.batches).toBeCloseTo(300 + retries, 6);

    expect(text()).toContain('seed 7');
    expect(text()).toContain(`verification: OK - ${delivered} delivered orders each stored exactly once`);
    expect(text()).not.toContain('\r');
  });

  it('stops intake when its signal aborts and still settles every accepted order', async () => {
    const [out] = collect();
    const stop = new AbortController();
    setTimeout(() => stop.abort('SIGINT'), 100);
    const summary = await main({ durationMs: 10_000, rate: 1000, latencyMs: [1, 3], signal: stop.signal, out });

    expect(summary.stoppedBy).toBe('SIGINT');
    expect(summary.added).toBeGreaterThan(0);
    expect(summary.added).toBeLessThan(10_000);
    expect(summary.delivered + summary.failed).toBe(summary.added);
    expect(summary.stats.pending).toBe(0);
    expect(summary.verification.ok).toBe(true);
  });

  it('redraws its status line in place on a terminal', async () => {
    const [out, text] = collect(true);
    await main({ durationMs: 50, rate: 1000, latencyMs: [1, 2], out });
    expect(text()).toContain('\r\u001b[2Kadded 50 | delivered 50');
  });

  it('reports lost, duplicated and wrongly stored orders', () => {
    const store = new OrderStore();
    const ledger = new Map<string, Settlement>([
      ['a', { delivered: true }],
      ['b', { delivered: true }],
      ['c', { delivered: false, code: 'JOB_FAILED' }],
    ]);
    const order = (id: string) => ({ id, customerId: 'x', amountCents: 1 });
    store.insert(order('a'));
    expect(verifyDelivery(3, ledger, store).problems).toEqual(['1 delivered orders missing from the store']);
    store.insert(order('b'));
    expect(verifyDelivery(3, ledger, store)).toEqual({ ok: true, problems: [] });
    store.insert(order('b'));
    store.insert(order('c'));
    store.insert(order('z'));
    expect(verifyDelivery(4, ledger, store).problems).toEqual([
      '1 accepted orders never settled (lost)',
      '1 delivered orders stored more than once',
      '1 failed orders stored anyway',
      '1 stored orders were never added',
    ]);
  });

  it('prints its help and refuses bad flags', async () => {
    const [out, text] = collect();
    await expect(cli(['--help'], out)).resolves.toBe(0);
    expect(text()).toContain('--fail-rate <p>');
    await expect(cli(['--fail-rate', '2'], out)).rejects.toThrow(new UsageError('--fail-rate expects a number >= 0 and <= 1, got "2"'));
    await expect(cli(['--speed', '3'], out)).rejects.toThrow(UsageError);
  });
});
