import { EventEmitter } from 'node:events';
import { main } from '../src/gracefulShutdown.js';
import { collect } from './collect.js';

describe('gracefulShutdown', () => {
  it('stops intake on SIGTERM, delivers everything accepted and removes its listeners', async () => {
    const [out, text] = collect();
    const signals = new EventEmitter();
    const running = main({ durationMs: Infinity, rate: 2000, sinkLatencyMs: 2, signals, out });
    await new Promise((resolve) => setTimeout(resolve, 150));
    signals.emit('SIGTERM', 'SIGTERM');
    signals.emit('SIGINT', 'SIGINT'); // a second signal while draining is harmless
    const summary = await running;

    expect(summary.stoppedBy).toBe('SIGTERM');
    expect(summary.accepted).toBeGreaterThan(0);
    expect(summary).toMatchObject({ delivered: summary.accepted, sinkReceived: summary.accepted, droppedAtShutdown: 0, failed: 0, exitCode: 0 });
    expect(summary.stats).toMatchObject({ added: summary.accepted, succeeded: summary.accepted, pending: 0, inFlight: 0 });
    expect(signals.listenerCount('SIGTERM')).toBe(0);
    expect(signals.listenerCount('SIGINT')).toBe(0);
    expect(text()).toMatch(/SIGTERM received: stopping intake\n.*SIGINT again: already shutting down\n/s);
    expect(text()).toContain('exit 0');
  });

  it('stops by itself when the duration runs out', async () => {
    const [out] = collect();
    const signals = new EventEmitter();
    const summary = await main({ durationMs: 100, rate: 1000, sinkLatencyMs: 1, signals, out });
    expect(summary.stoppedBy).toBe('duration');
    expect(summary.delivered).toBe(summary.accepted);
    expect(summary.exitCode).toBe(0);
  });

  it('drops what is still pending when the shutdown timeout passes, and exits 1', async () => {
    const [out] = collect();
    const summary = await main({ durationMs: 100, rate: 1000, sinkLatencyMs: 5000, shutdownTimeout: 50, signals: new EventEmitter(), out });
    expect(summary.accepted).toBeGreaterThan(0);
    expect(summary.droppedAtShutdown).toBeGreaterThan(0);
    expect(summary.delivered + summary.droppedAtShutdown).toBe(summary.accepted);
    // Abandoned batches were cancelled through their signal: nothing written behind their back.
    expect(summary.sinkReceived).toBe(summary.delivered);
    expect(summary.stats.pending).toBe(0);
    expect(summary.exitCode).toBe(1);
  });
});
