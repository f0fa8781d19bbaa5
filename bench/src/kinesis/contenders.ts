import { PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { KinesisClient, PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { Batcher } from '@batch/core';
import { kinesisSink, randomPartitionKey } from '@batch/sink-kinesis';
import type { KinesisResult } from '@batch/sink-kinesis';

import type { ContenderName, SendSettings } from './protocol.js';
import { MAX_RECORDS_PER_REQUEST, PARTITION_KEY_BYTES } from './workload.js';

/** Sends `payloads` to `stream`; resolves once every record is acknowledged, throws if any is not. */
export type Contender = (client: KinesisClient, stream: string, payloads: readonly Uint8Array[], settings: SendSettings) => Promise<void>;

/**
 * The `@batch/sink-kinesis` sink in a `@batch/core` Batcher, as its README shows it, with the
 * shared concurrency and request limit. Records are added in one loop that waits for room when
 * the queue is full (the workloads stay below the default `maxQueueSize` of 100,000, so it never
 * waits and the first batch is cut with every record queued), every `add()` promise is awaited,
 * then `shutdown()`. Records carry no partition key, so the sink generates one.
 */
export const sink: Contender = async (client, stream, payloads, settings) => {
  const batcher = new Batcher({
    ...kinesisSink({ client, streamName: stream, maxRequestBytes: settings.maxRequestBytes }),
    maxBatchDelay: settings.maxBatchDelay,
    concurrency: settings.concurrency,
  });
  const promises = new Array<Promise<KinesisResult>>(payloads.length);
  for (let i = 0; i < payloads.length; i++) {
    if (!batcher.hasRoom()) await batcher.waitForRoom();
    promises[i] = batcher.add({ data: payloads[i] });
  }
  const results = await Promise.all(promises);
  await batcher.shutdown();
  for (const result of results) {
    if (typeof result.sequenceNumber !== 'string') throw new Error('the sink resolved a record without a sequence number');
  }
};

/**
 * What a careful hand-written producer does: packs records in order into PutRecords requests,
 * greedily (a request closes at the first record that would break 500 records or the byte
 * limit), keeps `concurrency` requests in flight (workers sharing one cursor), and checks
 * `FailedRecordCount`. No retries: kinesalite never fails a record, and a failure throws.
 */
export const raw: Contender = async (client, stream, payloads, settings) => {
  const limit = settings.maxRequestBytes;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < payloads.length) {
      const records: PutRecordsRequestEntry[] = [];
      let bytes = 0;
      while (next < payloads.length && records.length < MAX_RECORDS_PER_REQUEST) {
        const data = payloads[next] as Uint8Array;
        // Keys are 32 hex characters: their byte length is known before one is drawn.
        const size = data.byteLength + PARTITION_KEY_BYTES;
        if (records.length > 0 && bytes + size > limit) break;
        records.push({ Data: data, PartitionKey: randomPartitionKey() });
        bytes += size;
        next += 1;
      }
      const output = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records }));
      if (output.FailedRecordCount !== 0 || output.Records?.length !== records.length) {
        throw new Error(`PutRecords failed ${output.FailedRecordCount ?? '?'} of ${records.length} records`);
      }
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
};

/**
 * A reference, not a product: the raw loop plus what any API that hands out one promise per
 * record must do at the least. Before sending, every record gets a pending promise (its resolve
 * function kept) and a record object with its partition key, as a burst of `add()`s would
 * create; each promise resolves with its record's sequence number when its request answers.
 * Its CPU over the raw loop's is the cost of that API shape alone, with no batching logic.
 */
export const rawPromises: Contender = async (client, stream, payloads, settings) => {
  const limit = settings.maxRequestBytes;
  const n = payloads.length;
  const resolvers = new Array<(sequenceNumber: string) => void>(n);
  const promises = new Array<Promise<string>>(n);
  const records = new Array<PutRecordsRequestEntry>(n);
  for (let i = 0; i < n; i++) {
    promises[i] = new Promise<string>((resolve) => {
      resolvers[i] = resolve;
    });
    records[i] = { Data: payloads[i], PartitionKey: randomPartitionKey() };
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const first = next;
      let bytes = 0;
      while (next < n && next - first < MAX_RECORDS_PER_REQUEST) {
        const size = (payloads[next] as Uint8Array).byteLength + PARTITION_KEY_BYTES;
        if (next > first && bytes + size > limit) break;
        bytes += size;
        next += 1;
      }
      // The cursor moves on while this request is out: keep this request's own end.
      const end = next;
      const output = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records.slice(first, end) }));
      const entries = output.Records ?? [];
      if (output.FailedRecordCount !== 0 || entries.length !== end - first) throw new Error('PutRecords failed');
      for (let k = 0; k < entries.length; k++) (resolvers[first + k] as (sequenceNumber: string) => void)(entries[k]?.SequenceNumber ?? '');
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  const sequenceNumbers = await Promise.all(promises);
  if (sequenceNumbers.some((sequenceNumber) => sequenceNumber === '')) throw new Error('a record resolved without a sequence number');
};

/** One PutRecord per record, `concurrency` in flight (workers sharing one cursor). */
export const single: Contender = async (client, stream, payloads, settings) => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < payloads.length) {
      const data = payloads[next++] as Uint8Array;
      const output = await client.send(new PutRecordCommand({ StreamName: stream, Data: data, PartitionKey: randomPartitionKey() }));
      if (typeof output.SequenceNumber !== 'string') throw new Error('PutRecord answered without a sequence number');
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
};

export const CONTENDERS: Readonly<Record<ContenderName, Contender>> = { sink, raw, rawPromises, single };
