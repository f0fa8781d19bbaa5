/**
 * A seeded pseudo-random generator: mulberry32, 32 bits of state, uniform in `[0, 1)`.
 *
 * Tiny and fast, not cryptographic. Every random choice the fault proxy makes (which requests
 * a `ratio` rule hits, which entries a partial failure fails) comes from one of these, so a
 * failing run replays exactly under the same seed and the same request sequence.
 *
 * @param seed - Any integer; only its low 32 bits are used.
 * @returns A function returning the next number in `[0, 1)` on each call.
 * @example
 * const random = mulberry32(42);
 * random(); // same value on every run
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
 * Derives an independent 32-bit seed from a parent seed and a label (FNV-1a over the label,
 * then murmur3's finaliser). Each proxy and each rule gets its own stream this way, so adding a
 * rule to the SQS proxy never shifts the choices made for Kinesis, and rule 2 draws the same
 * numbers whether or not rule 1 fired.
 *
 * @param seed - Parent seed.
 * @param label - Any string naming the child (e.g. `'proxy:sqs'`, `'rule:3'`).
 * @returns An unsigned 32-bit integer.
 */
export function deriveSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i += 1) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}
