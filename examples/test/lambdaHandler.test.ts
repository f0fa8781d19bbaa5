import { checkRun, createHandler, expectedFailures, handler, main, sampleEvent, service } from '../src/lambdaHandler.js';
import type { LambdaContext } from '../src/lambdaHandler.js';
import { collect } from './collect.js';

const context: LambdaContext = { awsRequestId: 'req-test' };


describe('lambdaHandler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  // With fake timers, nothing advances the clock: had the handler left a partial batch to
  // maxBatchDelay (one minute here), it would never resolve and this test would time out.
  it('returns only the failed records and leaves no job or timer behind', async () => {
    const { handler: handle, batcher, warehouse } = createHandler({ maxBatchSize: 100, maxBatchDelay: 60_000 });
    const response = await handle(sampleEvent(1, 250), context);

    expect(response.batchItemFailures.map((item) => item.itemIdentifier)).toEqual(expectedFailures(1, 250));
    expect(warehouse.size).toBe(240);
    expect([...warehouse.values()].every((writes) => writes === 1)).toBe(true);
    expect(batcher.stats()).toMatchObject({ added: 245, succeeded: 240, failed: 5, pending: 0, inFlight: 0, batches: 3 });
    expect(jest.getTimerCount()).toBe(0);
  }, 2000);

  it('would leave a timer behind without flush(), which the check above would catch', async () => {
    const { batcher } = createHandler({ maxBatchDelay: 60_000 });
    const job = batcher.add({ messageId: 'm1', userId: 'u1', url: 'https://example.com' });
    await jest.advanceTimersByTimeAsync(0);
    expect(batcher.stats().pending).toBe(1);
    expect(jest.getTimerCount()).toBe(1);

    await batcher.flush();
    await expect(job).resolves.toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('reuses the module-scope batcher across warm invocations', async () => {
    const before = service.batcher.stats();
    const first = await handler(sampleEvent(7, 80), context);
    const second = await handler(sampleEvent(8, 30), context);

    expect(first.batchItemFailures.map((item) => item.itemIdentifier)).toEqual(expectedFailures(7, 80));
    expect(second.batchItemFailures).toEqual([]);
    const after = service.batcher.stats();
    expect(after.added - before.added).toBe(80 - 1 + 30); // the malformed 50th record is never added
    expect(after.pending).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  }, 2000);

  it('runs its local simulation with nothing pending after any invocation', async () => {
    jest.useRealTimers();
    const [out, text] = collect();
    const fresh = createHandler();
    const reports = await main({ sizes: [60, 5], out, service: fresh });
    expect(reports.map((report) => report.response.batchItemFailures.length)).toEqual([2, 0]);
    expect(reports.every((report) => report.stats.pending === 0)).toBe(true);
    expect(text()).toContain('each written once: true');
    // Timers are counted process-wide, and Jest keeps some of its own: only the CLI's count means anything.
    const own = reports.map((report) => ({ ...report, timers: 0 }));
    expect(checkRun(own, fresh.warehouse)).toEqual([]);
    // The check can fail: a row written twice, a row too many, a failure not reported.
    fresh.warehouse.set('msg-1-1', 2);
    fresh.warehouse.set('msg-9-9', 1);
    const [first, second] = own as [(typeof own)[number], (typeof own)[number]];
    const lost = { ...first, response: { batchItemFailures: first.response.batchItemFailures.slice(1) } };
    expect(checkRun([lost, second], fresh.warehouse)).toEqual(['req-1: reported 1 failures, expected 2', 'warehouse holds 64 rows, expected 63', '1 rows written more than once']);
  });
});
