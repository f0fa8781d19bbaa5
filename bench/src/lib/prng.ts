/**
 * mulberry32: a small, fast, seedable 32-bit generator, returning integers in [0, 2^32). Every
 * suite builds its workload from it, so each child rebuilds exactly the same data from a seed.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A generator of floats in [0, 1) on top of `mulberry32`. */
export function uniform(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 2 ** 32;
}
