import { BatchWriteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { Batcher, success } from '@batch/core';
import { dynamoDbSink } from '@batch/sink-dynamodb';
import type { DynamoDbResult } from '@batch/sink-dynamodb';

import type { ContenderName } from './protocol.js';
import { KEY_ATTRIBUTES, MAX_WRITES_PER_REQUEST } from './workload.js';
import type { OrderItem } from './workload.js';

/** What a contender reports besides what the middleware counts. */
export interface ContenderStats {
  /** Writes re-sent because DynamoDB returned them in `UnprocessedItems`. */
  retriedItems: number;
}

/** Writes `items` to `table`; resolves once every one is applied, throws if any is not. */
export type Contender = (client: DynamoDBClient, table: string, items: readonly OrderItem[], concurrency: number) => Promise<ContenderStats>;

/** Most rounds the raw loop re-sends `UnprocessedItems` before it gives up (throws). */
const MAX_ATTEMPTS = 10;

/**
 * The `@batch/sink-dynamodb` sink in a `@batch/core` Batcher, as its README shows it, with the
 * key schema given (`keyAttributes`, so no DescribeTable) and the shared concurrency. Items are
 * added in one loop that waits for room when the queue is full (the workload stays below the
 * default `maxQueueSize`, so it never waits), every `add()` promise is awaited, then
 * `shutdown()`.
 */
export const sink: Contender = async (client, table, items, concurrency) => {
  const batcher = new Batcher({
    ...dynamoDbSink({ client, tableName: table, keyAttributes: KEY_ATTRIBUTES }),
    maxBatchDelay: 0,
    concurrency,
  });
  const promises = new Array<Promise<DynamoDbResult>>(items.length);
  for (let i = 0; i < items.length; i++) {
    if (!batcher.hasRoom()) await batcher.waitForRoom();
    promises[i] = batcher.add({ put: items[i] as OrderItem });
  }
  const results = await Promise.all(promises);
  await batcher.shutdown();
  let retriedItems = 0;
  for (const result of results) {
    if (result.status !== 'written') throw new Error(`the sink resolved a put with status ${result.status}`);
    retriedItems += result.attempts - 1;
  }
  return { retriedItems };
};

/**
 * What a careful hand-written writer does: `concurrency` workers sharing one cursor; each
 * marshals the next 25 items (`marshall` from `@aws-sdk/util-dynamodb`, as the sink does), sends
 * them in one BatchWriteItem, and re-sends whatever comes back in `UnprocessedItems` with full
 * jitter backoff (base 50 ms, cap 1 s) until nothing is left.
 */
export const raw: Contender = async (client, table, items, concurrency) => {
  const stats: ContenderStats = { retriedItems: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      let requests: WriteRequest[] = [];
      while (next < items.length && requests.length < MAX_WRITES_PER_REQUEST) {
        requests.push({ PutRequest: { Item: marshall(items[next++] as OrderItem) } });
      }
      for (let attempt = 1; requests.length > 0; attempt++) {
        if (attempt > 1) {
          if (attempt > MAX_ATTEMPTS) throw new Error(`${requests.length} writes still unprocessed after ${MAX_ATTEMPTS} attempts`);
          stats.retriedItems += requests.length;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1000, 50 * 2 ** attempt)));
        }
        const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
        requests = output.UnprocessedItems?.[table] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return stats;
};

/**
 * A reference, not a product: the shape of any API that checks an item when it is added and
 * hands out one promise per item, with nothing else. A `@batch/core` Batcher whose `prepare`
 * only marshals the item (no checks, no sizes, no keys) and whose `processBatch` sends the
 * marshalled items in one BatchWriteItem and answers every job written (throwing if any comes
 * back unprocessed; dynalite never returns any). Added like the sink. Its CPU over the raw
 * loop's is what marshalling at `add()` and holding a whole burst marshalled costs, before any
 * of the sink's own work.
 */
export const reference: Contender = async (client, table, items, concurrency) => {
  const batcher = new Batcher<{ readonly put: OrderItem }, 'written'>({
    prepare: (job) => ({ put: job.put, item: marshall(job.put) }) as unknown as { readonly put: OrderItem },
    processBatch: async (jobs) => {
      const requests = jobs.map((job) => ({ PutRequest: { Item: (job as unknown as { readonly item: Record<string, AttributeValue> }).item } }));
      const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      if ((output.UnprocessedItems?.[table]?.length ?? 0) > 0) throw new Error('the reference does not retry UnprocessedItems');
      return jobs.map(() => success('written' as const));
    },
    maxBatchSize: MAX_WRITES_PER_REQUEST,
    maxBatchDelay: 0,
    concurrency,
  });
  const promises = new Array<Promise<'written'>>(items.length);
  for (let i = 0; i < items.length; i++) {
    if (!batcher.hasRoom()) await batcher.waitForRoom();
    promises[i] = batcher.add({ put: items[i] as OrderItem });
  }
  await Promise.all(promises);
  await batcher.shutdown();
  return { retriedItems: 0 };
};

/** One PutItem per item, `concurrency` in flight (workers sharing one cursor). */
export const single: Contender = async (client, table, items, concurrency) => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      await client.send(new PutItemCommand({ TableName: table, Item: marshall(items[next++] as OrderItem) }));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { retriedItems: 0 };
};

export const CONTENDERS: Readonly<Record<ContenderName, Contender>> = { sink, raw, reference, single };
