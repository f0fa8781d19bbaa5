/**
 * The messages every contender sends: a fixed, seeded set of ASCII bodies, rebuilt identically
 * in each client child and in the emulator child that reads them back. ASCII, so that the
 * characters local-aws-sqs counts equal the UTF-8 bytes AWS counts.
 */
import { mulberry32, uniform } from '../lib/prng.js';

/** SendMessageBatch's limits: 10 entries and 1 MiB (the sum of the message sizes) per call. */
export const MAX_ENTRIES_PER_REQUEST = 10;
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** How message sizes are drawn between `minSize` and `maxSize`. */
export type SizeDistribution = 'uniform' | 'log-uniform' | 'bimodal';

/** `messages` bodies of `minSize` … `maxSize` characters, drawn as `distribution` says from `seed`. */
export interface WorkloadSpec {
  readonly name: string;
  readonly messages: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly distribution: SizeDistribution;
  readonly seed: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Body sizes in characters (= bytes). uniform: every size equally likely (mean ~100 KiB, so
 * ten messages often exceed 1 MiB and both limits bind). log-uniform: as many below 1 KB as
 * above 10 KB (mean ~20 KiB: the 10-entry limit binds, bytes rarely matter). bimodal: half
 * log-uniform 10 B – 1 KiB, half uniform between half the maximum and the maximum.
 */
export function messageSizes(spec: WorkloadSpec): number[] {
  const random = uniform(spec.seed);
  const { minSize, maxSize } = spec;
  const sizes = new Array<number>(spec.messages);
  for (let i = 0; i < spec.messages; i++) {
    let size: number;
    if (spec.distribution === 'uniform') size = minSize + (maxSize - minSize) * random();
    else if (spec.distribution === 'log-uniform') size = minSize * (maxSize / minSize) ** random();
    else size = random() < 0.5 ? minSize * (1024 / minSize) ** random() : maxSize / 2 + (maxSize / 2) * random();
    sizes[i] = Math.min(maxSize, Math.max(minSize, Math.round(size)));
  }
  return sizes;
}

/** The bodies of messages `0 … count-1`: `<index>:` then seeded characters, `size` characters in all. */
export function buildBodies(spec: WorkloadSpec, count = spec.messages): string[] {
  const sizes = messageSizes(spec);
  const pool = textPool(spec.seed ^ 0x2545f491, spec.maxSize * 2);
  const offsets = mulberry32(spec.seed ^ 0x68e31da4);
  const bodies = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const prefix = `${i}:`;
    const length = Math.max(0, (sizes[i] as number) - prefix.length);
    const start = offsets() % (pool.length - length);
    // Flattened now, so that no contender pays for flattening a sliced string in its timed run.
    bodies[i] = Buffer.from(prefix + pool.slice(start, start + length), 'latin1').toString('latin1');
  }
  return bodies;
}

/** The index a body carries (see `buildBodies`), or -1. */
export function bodyIndex(body: string): number {
  const colon = body.indexOf(':');
  if (colon <= 0 || colon > 10) return -1;
  const index = Number(body.slice(0, colon));
  return Number.isInteger(index) ? index : -1;
}

function textPool(seed: number, length: number): string {
  const next = mulberry32(seed);
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = ALPHABET.charCodeAt(next() & 63);
  return bytes.toString('latin1');
}

/** The fewest SendMessageBatch calls for `count` messages of `bytes` bytes: max(⌈n/10⌉, ⌈bytes/1 MiB⌉). */
export function lowerBound(count: number, bytes: number): number {
  return Math.max(Math.ceil(count / MAX_ENTRIES_PER_REQUEST), Math.ceil(bytes / MAX_REQUEST_BYTES));
}

/** Calls a greedy in-order packer (the raw loop's) makes: a request closes at the first message that does not fit. */
export function greedyCalls(sizes: readonly number[], count = sizes.length): number {
  let calls = 0;
  let entries = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const size = sizes[i] as number;
    if (entries > 0 && (entries === MAX_ENTRIES_PER_REQUEST || bytes + size > MAX_REQUEST_BYTES)) {
      calls += 1;
      entries = 0;
      bytes = 0;
    }
    entries += 1;
    bytes += size;
  }
  return entries > 0 ? calls + 1 : calls;
}

/**
 * The largest `batchSize` sqs-producer can be given so that no request can exceed 1 MiB whatever
 * the sizes: it cuts every `batchSize` messages and never looks at bytes.
 */
export function safeProducerBatchSize(maxSize: number): number {
  return Math.max(1, Math.min(MAX_ENTRIES_PER_REQUEST, Math.floor(MAX_REQUEST_BYTES / maxSize)));
}

/**
 * The contiguous slices `concurrency` concurrent `producer.send(slice)` calls get: the first
 * `count` messages cut into `concurrency` nearly equal parts, in order.
 */
export function slices(count: number, concurrency: number): Array<[number, number]> {
  const size = Math.ceil(count / concurrency);
  const parts: Array<[number, number]> = [];
  for (let start = 0; start < count; start += size) parts.push([start, Math.min(count, start + size)]);
  return parts;
}

/**
 * sqs-producer's requests for the first `count` messages, sent as `slices(count, concurrency)`
 * with `batchSize`: how many, and how many of them would exceed 1 MiB (SQS refuses those whole,
 * `BatchRequestTooLong`).
 */
export function producerCalls(sizes: readonly number[], batchSize: number, concurrency: number, count = sizes.length): { calls: number; oversized: number } {
  let calls = 0;
  let oversized = 0;
  for (const [start, end] of slices(count, concurrency)) {
    for (let i = start; i < end; i += batchSize) {
      let bytes = 0;
      for (let j = i; j < Math.min(end, i + batchSize); j++) bytes += sizes[j] as number;
      calls += 1;
      if (bytes > MAX_REQUEST_BYTES) oversized += 1;
    }
  }
  return { calls, oversized };
}
