import fc from 'fast-check';
import { deriveSeed, mulberry32 } from '@batch/local-aws';

describe('mulberry32', () => {
  it('replays the same sequence for the same seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = mulberry32(seed);
        const b = mulberry32(seed);
        for (let i = 0; i < 20; i += 1) expect(a()).toBe(b());
      }),
    );
  });

  it('stays within [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const random = mulberry32(seed);
        for (let i = 0; i < 50; i += 1) {
          const value = random();
          expect(value >= 0 && value < 1).toBe(true);
        }
      }),
    );
  });

  it('produces the reference mulberry32 values', () => {
    const random = mulberry32(1);
    expect([random(), random(), random()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('uses only the low 32 bits of the seed', () => {
    expect(mulberry32(2 ** 32 + 5)()).toBe(mulberry32(5)());
  });

  it('spreads values roughly uniformly', () => {
    const random = mulberry32(2024);
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i += 1) {
      const bucket = Math.floor(random() * 4);
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    }
    for (const count of buckets) expect(count).toBeGreaterThan(850);
  });
});

describe('deriveSeed', () => {
  it('is deterministic and unsigned 32-bit', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), (seed, label) => {
        const derived = deriveSeed(seed, label);
        expect(derived).toBe(deriveSeed(seed, label));
        expect(Number.isInteger(derived) && derived >= 0 && derived < 2 ** 32).toBe(true);
      }),
    );
  });

  it('gives different children different streams', () => {
    const labels = ['proxy:kinesis', 'proxy:dynamodb', 'proxy:sqs', 'proxy:cloudwatch', 'rule:1', 'rule:2'];
    expect(new Set(labels.map((label) => deriveSeed(1, label))).size).toBe(labels.length);
    expect(deriveSeed(1, 'rule:1')).not.toBe(deriveSeed(2, 'rule:1'));
  });
});
