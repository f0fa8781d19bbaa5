import fc from 'fast-check';
import { chunkEntries } from '../src/chunkEntries.js';

describe('chunkEntries', () => {
  it('keeps every position once, in order, and each chunk under the cap unless a single entry exceeds it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 200, max: 2000 }),
        (sizes, overhead, cap) => {
          const positions = sizes.map((_, i) => i);
          const chunks = chunkEntries(positions, overhead, (i) => sizes[i] ?? 0, cap);
          expect(chunks.flat()).toEqual(positions);
          for (const chunk of chunks) {
            expect(chunk.length).toBeGreaterThan(0);
            const size = overhead + chunk.reduce((sum, i) => sum + (sizes[i] ?? 0) + 1, 0);
            if (chunk.length > 1) expect(size).toBeLessThanOrEqual(cap);
          }
        },
      ),
    );
  });

  it('splits exactly where the next entry would pass the cap', () => {
    expect(chunkEntries([0, 1, 2, 3], 10, () => 29, 70)).toEqual([[0, 1], [2, 3]]);
    expect(chunkEntries([0, 1, 2], 10, () => 29, 100)).toEqual([[0, 1, 2]]);
    expect(chunkEntries([4, 7], 0, () => 1000, 10)).toEqual([[4], [7]]);
    expect(chunkEntries([], 0, () => 1, 10)).toEqual([]);
  });
});
