import { main } from '../src/streamBackpressure.js';
import { collect } from './collect.js';

describe('streamBackpressure', () => {
  it('never lets pending jobs exceed maxQueueSize, and backpressure keeps memory bounded', async () => {
    const [out, text] = collect();
    const { maxQueueSize, modes } = await main({ records: 3000, maxQueueSize: 200, maxBatchSize: 50, sinkLatencyMs: 2, out });
    const [naive, stream, fed] = modes;

    expect(maxQueueSize).toBe(200);
    // Without waiting, the bound holds by refusing: exactly the queue's worth is accepted.
    expect(naive).toMatchObject({ produced: 3000, delivered: 200, refused: 2800, maxPending: 200, exactlyOnce: true });
    // With backpressure, everything is delivered and the queue is filled but never overfilled
    // (reaching the bound proves the source really was faster than the sink).
    expect(stream).toMatchObject({ produced: 3000, delivered: 3000, refused: 0, maxPending: 200, exactlyOnce: true });
    expect(fed).toMatchObject({ produced: 3000, delivered: 3000, refused: 0, maxPending: 200, exactlyOnce: true });
    // Records in memory: the queue plus the streams' own buffers (16 each way), never the source.
    expect(stream?.maxInMemory).toBeLessThanOrEqual(200 + 2 * 16 + 1);
    expect(fed?.maxInMemory).toBeLessThanOrEqual(200 + 1);
    expect(text()).toContain('max pending never exceeded maxQueueSize (200)');
  });
});
