/**
 * The records every contender sends: a fixed, seeded set of payloads, rebuilt identically in
 * each client child and in the emulator child that reads them back.
 */
import { mulberry32 } from '../lib/prng.js';

/** Kinesis PutRecords' record-count limit per request. */
export const MAX_RECORDS_PER_REQUEST = 500;

/**
 * Length of every partition key: all three contenders use `randomPartitionKey()` from
 * `@batch/sink-kinesis` (32 hex characters, so 32 UTF-8 bytes), the sink because it generates
 * one for a record without a key, the loops because they call it themselves.
 */
export const PARTITION_KEY_BYTES = 32;

/** Each payload starts with its index (uint32, big-endian): how the read-back identifies it. */
const INDEX_BYTES = 4;

export type WorkloadName = 'mixed' | 'small';

/**
 * `records` payloads with sizes log-uniform between `minSize` and `maxSize` bytes (a constant
 * size when they are equal), drawn from a mulberry32 generator seeded with `seed`.
 */
export interface WorkloadSpec {
  readonly name: WorkloadName;
  readonly records: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly seed: number;
}

/**
 * Payload sizes in bytes. Log-uniform: as many records between 10 B and 100 B as between
 * 100 KB and 1 MB, so most records are small and most bytes are in a few large ones.
 */
export function payloadSizes(spec: WorkloadSpec): number[] {
  if (spec.minSize < INDEX_BYTES || spec.maxSize < spec.minSize) throw new Error(`bad workload sizes ${spec.minSize}..${spec.maxSize}`);
  const next = mulberry32(spec.seed);
  const ratio = spec.maxSize / spec.minSize;
  const sizes = new Array<number>(spec.records);
  for (let i = 0; i < spec.records; i++) {
    sizes[i] = spec.minSize === spec.maxSize ? spec.minSize : Math.min(spec.maxSize, Math.round(spec.minSize * ratio ** (next() / 2 ** 32)));
  }
  return sizes;
}

/** The payloads: seeded random bytes, the first four holding the record's index. */
export function buildPayloads(spec: WorkloadSpec, count = spec.records): Uint8Array[] {
  const sizes = payloadSizes(spec);
  const next = mulberry32(spec.seed ^ 0x9e3779b9);
  const payloads = new Array<Uint8Array>(count);
  for (let i = 0; i < count; i++) {
    const size = sizes[i] as number;
    const buffer = new ArrayBuffer(size);
    const words = new Uint32Array(buffer, 0, size >>> 2);
    for (let w = 0; w < words.length; w++) words[w] = next();
    const bytes = new Uint8Array(buffer);
    for (let b = words.length << 2; b < size; b++) bytes[b] = next() & 0xff;
    new DataView(buffer).setUint32(0, i);
    payloads[i] = bytes;
  }
  return payloads;
}

/** The index a payload carries (see `buildPayloads`), or -1 for one too short to carry it. */
export function payloadIndex(data: Uint8Array): number {
  if (data.byteLength < INDEX_BYTES) return -1;
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
}

/** Bytes that count against the request limit: data plus partition key, per record. */
export function recordBytes(sizes: readonly number[], count = sizes.length): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += (sizes[i] as number) + PARTITION_KEY_BYTES;
  return total;
}

/**
 * The fewest PutRecords calls that can carry `records` records of `bytes` bytes in total:
 * no request holds more than 500 records or more than `limit` bytes.
 */
export function lowerBound(records: number, bytes: number, limit: number): number {
  return Math.max(Math.ceil(records / MAX_RECORDS_PER_REQUEST), Math.ceil(bytes / limit));
}

/** Calls a greedy in-order packer (the raw loop's) makes: a request closes at the first record that does not fit. */
export function greedyCalls(sizes: readonly number[], limit: number, count = sizes.length): number {
  let calls = 0;
  let records = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const size = (sizes[i] as number) + PARTITION_KEY_BYTES;
    if (records > 0 && (records === MAX_RECORDS_PER_REQUEST || bytes + size > limit)) {
      calls += 1;
      records = 0;
      bytes = 0;
    }
    records += 1;
    bytes += size;
  }
  return records > 0 ? calls + 1 : calls;
}
