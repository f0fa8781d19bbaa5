// The package ships no types; this vendored declaration must travel with every program that
// compiles this file (sibling packages type-check src through path mapping), so it is referenced here.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./types/kinesalite.d.ts" />
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  type KinesisClientConfig,
  ListShardsCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import kinesalite from 'kinesalite';
import { closeServer, listen } from './httpServer.js';
import { kinesisProtocol } from './kinesisProtocol.js';
import { clientFactory } from './clientFactory.js';
import { startFaultProxy } from './startFaultProxy.js';
import type { LocalService, ServiceContext, StartedService } from './serviceContext.js';
import type { KinesisRecord } from './types.js';
import { waitFor } from './waitFor.js';

/** Options of {@link LocalKinesis.createStream}. */
export interface CreateStreamOptions {
  /**
   * Number of shards, 1 or more.
   * @default 1
   */
  readonly shardCount?: number;
}

/** A stream created by {@link LocalKinesis.createStream}, already ACTIVE. */
export interface CreatedStream {
  /** Stream name. */
  readonly streamName: string;
  /** Stream ARN (the proxy translates `StreamARN` requests for kinesalite). */
  readonly streamArn: string;
  /** Number of open shards. */
  readonly shardCount: number;
}

/** The local Kinesis: kinesalite behind a fault proxy. */
export interface LocalKinesis extends LocalService<KinesisClient, KinesisClientConfig> {
  /** Creates a stream and resolves once it is ACTIVE (kinesalite's create delay is 0). */
  createStream(name: string, options?: CreateStreamOptions): Promise<CreatedStream>;
  /**
   * Every record of every shard from TRIM_HORIZON, read straight from kinesalite: shards in
   * `ShardId` order, records in sequence order within each shard.
   */
  readAll(streamName: string): Promise<KinesisRecord[]>;
}

async function listShards(client: KinesisClient, streamName: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListShardsCommand(token === undefined ? { StreamName: streamName } : { NextToken: token }),
    );
    shards.push(...(page.Shards ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return shards.sort((a, b) => (a.ShardId ?? '').localeCompare(b.ShardId ?? ''));
}

async function readShard(client: KinesisClient, streamName: string, shardId: string): Promise<KinesisRecord[]> {
  const records: KinesisRecord[] = [];
  const start = await client.send(
    new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
  );
  let iterator = start.ShardIterator;
  while (iterator !== undefined) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
    const batch = page.Records ?? [];
    for (const record of batch) {
      records.push({
        shardId,
        sequenceNumber: record.SequenceNumber ?? '',
        partitionKey: record.PartitionKey ?? '',
        data: record.Data ?? new Uint8Array(),
      });
    }
    // An open shard always returns a next iterator; an empty page means we have caught up.
    if (batch.length === 0) break;
    iterator = page.NextShardIterator;
  }
  return records;
}

/** Starts kinesalite (in memory, zero state delays) and its fault proxy. */
export async function startLocalKinesis(context: ServiceContext): Promise<StartedService<LocalKinesis>> {
  // kinesalite's default shard limit (10 per account) would trip a test file after a few streams.
  const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100_000 });
  const directEndpoint = await listen(server);
  const faults = await startFaultProxy(kinesisProtocol, directEndpoint, context, () => closeServer(server));
  const factory = clientFactory<KinesisClientConfig, KinesisClient>(KinesisClient, context);
  const direct = factory(directEndpoint)();

  const handle: LocalKinesis = {
    endpoint: faults.endpoint,
    directEndpoint,
    faults,
    client: factory(faults.endpoint),
    directClient: factory(directEndpoint),
    async createStream(name, options = {}) {
      const shardCount = options.shardCount ?? 1;
      await direct.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
      let arn = '';
      await waitFor(name, 'stream to become ACTIVE', async () => {
        const { StreamDescriptionSummary: summary } = await direct.send(
          new DescribeStreamSummaryCommand({ StreamName: name }),
        );
        arn = summary?.StreamARN ?? '';
        return summary?.StreamStatus === 'ACTIVE';
      });
      return { streamName: name, streamArn: arn, shardCount };
    },
    async readAll(streamName) {
      const records: KinesisRecord[] = [];
      for (const shard of await listShards(direct, streamName)) {
        if (shard.ShardId !== undefined) records.push(...(await readShard(direct, streamName, shard.ShardId)));
      }
      return records;
    },
  };
  return {
    handle,
    async stop() {
      await faults.stop();
      direct.destroy();
      await closeServer(server);
    },
  };
}
