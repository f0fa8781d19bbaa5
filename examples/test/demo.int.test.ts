import { main } from '../src/demo.js';
import { OrderSource } from '../src/demo/orders.js';
import { SINK_NAMES } from '../src/demo/types.js';
import { collect } from './collect.js';

/*
 * The AWS demo end to end, against the emulators: short runs, exact numbers. The workload is a
 * pure function of the seed, so the test knows how many jobs each sink must have received.
 */
const SEED = 11;

/** The first `n` orders of the seed's workload: how many are paid, and the busiest customer's count. */
function model(n: number): { paid: number; busiest: number } {
  const source = new OrderSource(SEED, 20, 0.1, () => 0);
  const perCustomer = new Map<string, number>();
  let paid = 0;
  for (let i = 0; i < n; i++) {
    const order = source.next();
    if (order.paid) paid += 1;
    perCustomer.set(order.customerId, (perCustomer.get(order.customerId) ?? 0) + 1);
  }
  return { paid, busiest: Math.max(...perCustomer.values()) };
}

describe('demo (AWS, against the emulators)', () => {
  it('delivers every job of every sink exactly once through throttles and partial failures, and proves it by read-back', async () => {
    const [out, text] = collect();
    const summary = await main({ durationMs: 2500, rate: 100, faultRate: 0.3, seed: SEED, out });

    const { paid, busiest } = model(250);
    expect(summary.stoppedBy).toBe('duration');
    expect(summary.orders).toBe(250);
    const jobs = { kinesis: 250, dynamodb: 250 + paid, sqs: 250, fifo: 250, cloudwatch: 250 };
    const bounds = {
      kinesis: busiest, // strictOrdering: one record per customer per request
      dynamodb: Math.ceil((250 + paid) / 25),
      sqs: 25,
      fifo: Math.max(25, busiest),
      cloudwatch: 1, // 250 points fold into a handful of datums: one request could carry them
    };
    expect(summary.sinks.map((s) => [s.sink, s.added, s.delivered, s.failed, s.lowerBound])).toEqual(
      SINK_NAMES.map((sink) => [sink, jobs[sink], jobs[sink], 0, bounds[sink]]),
    );
    for (const sink of summary.sinks) expect(sink.apiCalls).toBeGreaterThanOrEqual(sink.lowerBound);
    // The faults really happened, and the library retried through them.
    const partial = summary.sinks.filter((s) => s.sink !== 'cloudwatch');
    expect(partial.every((s) => s.faultedCalls > 0 && s.retried > 0)).toBe(true);

    expect(summary.checks.map((c) => [c.sink, c.ok, c.problems])).toEqual(SINK_NAMES.map((sink) => [sink, true, []]));
    expect(summary.checks.find((c) => c.sink === 'fifo')?.verified).toBe('250 messages in 20 groups: each group exactly its add order, no duplicates');
    expect(summary.ok).toBe(true);

    const printed = text();
    expect(printed).toContain('seed 11');
    expect(printed).toContain('fifo        15% throttled, 15% with 30% of entries failed');
    expect(printed).toMatch(/^ {2}kinesis {4}added +\d+ {2}delivered +\d+ {2}retried +\d+ {2}failed +\d+ {2}in flight +\d+ {2}API calls +\d+$/m);
    expect(printed).toContain('verification: OK');
    expect(printed).not.toContain('\r'); // not a terminal: plain lines
  }, 30_000);

  it('stops intake when its signal aborts, drains, verifies, and redraws its status block in place on a terminal', async () => {
    const [out, text] = collect(true);
    const stop = new AbortController();
    setTimeout(() => stop.abort('SIGTERM'), 800);
    const summary = await main({ durationMs: 60_000, rate: 100, seed: SEED, signal: stop.signal, out });

    expect(summary.stoppedBy).toBe('SIGTERM');
    expect(summary.orders).toBeGreaterThan(0);
    expect(summary.orders).toBeLessThan(6000);
    expect(summary.sinks.every((s) => s.added > 0 && s.delivered === s.added)).toBe(true);
    expect(summary.ok).toBe(true);
    expect(text()).toContain('SIGTERM received: stopping intake, draining every batcher');
    // Six rows (a header and one per sink): each redraw moves up five rows and rewrites them.
    expect(text()).toContain('\u001b[5A\r\u001b[2K');
  }, 30_000);
});
