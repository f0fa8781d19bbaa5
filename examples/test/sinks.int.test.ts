import { main } from '../src/sinks.js';
import { collect } from './collect.js';

describe('sinks', () => {
  it('runs each sink against the emulators and reads back what landed', async () => {
    const [out, text] = collect();
    const summary = await main({ out });

    expect(summary).toEqual({
      kinesis: { added: 3, readBack: 3, ok: true },
      dynamodb: { added: 4, readBack: 1, ok: true }, // order#1 written twice, order#2 put then deleted
      sqs: { added: 2, readBack: 2, ok: true },
      fifo: { added: 3, readBack: 3, ok: true },
      cloudwatch: { added: 5, readBack: 1, ok: true }, // five points folded into one datum
    });
    expect(text()).toContain('dynamodb    table now holds [{"pk":"order#1","status":"paid","total":12.5}]');
    expect(text()).toContain('fifo        received in order: created -> paid -> shipped');
    expect(text()).toContain('cloudwatch  Latency [{"name":"route","value":"/buy"}] values [12,15,40] counts [3,1,1]');
  }, 30_000);
});
