import { randomBytes } from 'node:crypto';

const POOL = 4096;
let pool = Buffer.alloc(0);
let offset = POOL;

/**
 * A random 128-bit partition key as 32 hex characters. Kinesis hashes partition keys with MD5
 * onto shards, so uniformly random keys spread records evenly; a clock-based key would send a
 * burst of records to one shard. Random bytes are drawn 4 KiB at a time.
 */
export function randomPartitionKey(): string {
  if (offset + 16 > POOL) {
    pool = randomBytes(POOL);
    offset = 0;
  }
  const key = pool.toString('hex', offset, offset + 16);
  offset += 16;
  return key;
}
