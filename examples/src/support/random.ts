// Seeded randomness for the examples. Two tools, for two different needs:
// - `mulberry32(seed)` is a sequential generator, for things whose order is fixed (building a
//   workload, the batcher's backoff jitter);
// - `unitHash(seed, ...parts)` is a pure function of its inputs, for decisions that must not
//   depend on timing. Which batch a job lands in, and when, varies from run to run; whether
//   "order 17, attempt 2" fails must not, or a run could not be replayed from its seed.

/**
 * A small, fast, seedable PRNG (mulberry32) returning uniform floats in [0, 1).
 * @example const random = mulberry32(42); random(); // 0.6011037519201636
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A uniform float in [0, 1) that depends only on `seed` and `parts` (FNV-1a, then one
 * mulberry32 step to spread the bits).
 * @example unitHash(42, 'ord-17', 2) < failRate // does attempt 2 of order 17 fail?
 */
export function unitHash(seed: number, ...parts: readonly (string | number)[]): number {
  const text = parts.join('\u0000');
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return mulberry32(hash)();
}
