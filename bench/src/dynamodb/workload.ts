/**
 * The items every contender writes: a fixed, seeded set of order-like items, rebuilt identically
 * in each client child and in the emulator child that reads them back. Keys never repeat, so
 * the lower bound on calls is reachable by every batching contender.
 */
import { marshall } from '@aws-sdk/util-dynamodb';

import { mulberry32, uniform } from '../lib/prng.js';

/** BatchWriteItem's limits: 25 writes and 16 MB of request body per call. */
export const MAX_WRITES_PER_REQUEST = 25;
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** The table's key: partition key `pk` (a string), sort key `sk` (a number, the item's index). */
export const KEY_ATTRIBUTES = [
  { name: 'pk', type: 'S' },
  { name: 'sk', type: 'N' },
] as const;

/**
 * `items` items whose free-text `note` is log-uniform between `minNote` and `maxNote` characters
 * (ASCII), drawn from generators seeded with `seed`.
 */
export interface WorkloadSpec {
  readonly name: string;
  readonly items: number;
  readonly minNote: number;
  readonly maxNote: number;
  readonly seed: number;
  /** Distinct partition keys; items spread over them, `(pk, sk)` is unique per item. */
  readonly customers: number;
}

/** One order: what a service would write, as plain JavaScript values (a type alias, so it is a `Record`). */
export type OrderItem = {
  readonly pk: string;
  readonly sk: number;
  readonly status: string;
  readonly total: number;
  readonly currency: string;
  readonly createdAt: string;
  readonly express: boolean;
  readonly lines: ReadonlyArray<{ readonly sku: string; readonly quantity: number; readonly price: number }>;
  readonly tags: ReadonlySet<string>;
  readonly note: string;
};

const STATUSES = ['placed', 'paid', 'shipped', 'delivered', 'returned'];
const TAGS = ['gift', 'priority', 'b2b', 'repeat', 'promo', 'fragile'];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-';
/** A fixed instant, so every child builds byte-identical items. */
const EPOCH = Date.UTC(2026, 10, 1);

/** The items `0 … count-1` of the workload. */
export function buildItems(spec: WorkloadSpec, count = spec.items): OrderItem[] {
  const random = uniform(spec.seed);
  const text = textPool(spec.seed ^ 0x5bd1e995, spec.maxNote * 2);
  const ratio = spec.maxNote / spec.minNote;
  const items = new Array<OrderItem>(count);
  for (let i = 0; i < count; i++) {
    const noteLength = Math.min(spec.maxNote, Math.round(spec.minNote * ratio ** random()));
    const start = Math.floor(random() * (text.length - noteLength));
    const lineCount = 1 + Math.floor(random() * 5);
    const lines = [];
    let total = 0;
    for (let l = 0; l < lineCount; l++) {
      const quantity = 1 + Math.floor(random() * 4);
      const price = Math.round(random() * 20_000) / 100;
      total += quantity * price;
      lines.push({ sku: `sku-${Math.floor(random() * 100_000)}`, quantity, price });
    }
    const tags = new Set<string>();
    for (let t = Math.floor(random() * 3) + 1; t > 0; t--) tags.add(TAGS[Math.floor(random() * TAGS.length)] as string);
    items[i] = {
      pk: `customer#${(i * 7919) % spec.customers}`,
      sk: i,
      status: STATUSES[Math.floor(random() * STATUSES.length)] as string,
      total: Math.round(total * 100) / 100,
      currency: 'EUR',
      createdAt: new Date(EPOCH + i * 1000).toISOString(),
      express: random() < 0.2,
      lines,
      tags,
      note: text.slice(start, start + noteLength),
    };
  }
  return items;
}

/** `length` seeded characters of `ALPHABET`, sliced for the notes. */
function textPool(seed: number, length: number): string {
  const next = mulberry32(seed);
  const chars = new Array<string>(length);
  for (let i = 0; i < length; i++) chars[i] = ALPHABET[next() % ALPHABET.length] as string;
  return chars.join('');
}

/**
 * Bytes each item adds to a BatchWriteItem body, as JSON: `{"PutRequest":{"Item":…}},`. The
 * items hold no binary, so `JSON.stringify` of the marshalled item is what the SDK writes.
 */
export function requestBytes(items: readonly OrderItem[]): number[] {
  return items.map((item) => Buffer.byteLength(JSON.stringify({ PutRequest: { Item: marshall(item) } })) + 1);
}

/** The fewest BatchWriteItem calls that can carry `count` writes of `bytes` body bytes: max(⌈n/25⌉, ⌈bytes/16 MB⌉). */
export function lowerBound(count: number, bytes: number): number {
  return Math.max(Math.ceil(count / MAX_WRITES_PER_REQUEST), Math.ceil(bytes / MAX_REQUEST_BYTES));
}
