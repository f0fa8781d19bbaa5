// The package ships no types; this vendored declaration must travel with every program that
// compiles this file (sibling packages type-check src through path mapping), so it is referenced here.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./types/dynalite.d.ts" />
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  type AttributeValue,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import dynalite from 'dynalite';
import { dynamodbProtocol } from './dynamodbProtocol.js';
import { closeServer, listen } from './httpServer.js';
import { clientFactory } from './clientFactory.js';
import { startFaultProxy } from './startFaultProxy.js';
import type { LocalService, ServiceContext, StartedService } from './serviceContext.js';
import { waitFor } from './waitFor.js';

/** A key attribute: its name (a string key), or its name and scalar type. */
export type KeySpec = string | { readonly name: string; readonly type?: 'S' | 'N' | 'B' };

/** Options of {@link LocalDynamoDb.createTable}. */
export interface CreateTableOptions {
  /**
   * The partition (hash) key.
   * @default 'pk' (a string)
   */
  readonly partitionKey?: KeySpec;
  /** The sort (range) key, if any. */
  readonly sortKey?: KeySpec;
}

/** A table created by {@link LocalDynamoDb.createTable}, already ACTIVE. */
export interface CreatedTable {
  /** Table name. */
  readonly tableName: string;
  /** Table ARN. */
  readonly tableArn: string;
}

/** The local DynamoDB: dynalite behind a fault proxy. */
export interface LocalDynamoDb extends LocalService<DynamoDBClient, DynamoDBClientConfig> {
  /** Creates an on-demand table and resolves once it is ACTIVE (dynalite's create delay is 0). */
  createTable(name: string, options?: CreateTableOptions): Promise<CreatedTable>;
  /** Every item of the table, scanned page by page straight from dynalite, unmarshalled to plain objects. */
  scanAll(tableName: string): Promise<Record<string, unknown>[]>;
}

function keyOf(spec: KeySpec): { name: string; type: 'S' | 'N' | 'B' } {
  return typeof spec === 'string' ? { name: spec, type: 'S' } : { name: spec.name, type: spec.type ?? 'S' };
}

/** Starts dynalite (in memory, zero state delays) and its fault proxy. */
export async function startLocalDynamoDb(context: ServiceContext): Promise<StartedService<LocalDynamoDb>> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const directEndpoint = await listen(server);
  const faults = await startFaultProxy(dynamodbProtocol, directEndpoint, context, () => closeServer(server));
  const factory = clientFactory<DynamoDBClientConfig, DynamoDBClient>(DynamoDBClient, context);
  const direct = factory(directEndpoint)();

  const handle: LocalDynamoDb = {
    endpoint: faults.endpoint,
    directEndpoint,
    faults,
    client: factory(faults.endpoint),
    directClient: factory(directEndpoint),
    async createTable(name, options = {}) {
      const keys = [keyOf(options.partitionKey ?? 'pk'), ...(options.sortKey === undefined ? [] : [keyOf(options.sortKey)])];
      await direct.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
          KeySchema: keys.map((key, i) => ({ AttributeName: key.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
        }),
      );
      let arn = '';
      await waitFor(name, 'table to become ACTIVE', async () => {
        const { Table: table } = await direct.send(new DescribeTableCommand({ TableName: name }));
        arn = table?.TableArn ?? '';
        return table?.TableStatus === 'ACTIVE';
      });
      return { tableName: name, tableArn: arn };
    },
    async scanAll(tableName) {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await direct.send(
          new ScanCommand({ TableName: tableName, ...(start === undefined ? {} : { ExclusiveStartKey: start }) }),
        );
        for (const item of page.Items ?? []) items.push(unmarshall(item));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return items;
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
