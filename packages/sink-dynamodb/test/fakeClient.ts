import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, BatchWriteItemCommandOutput, DescribeTableCommandOutput, TableDescription, WriteRequest , BatchWriteItemCommand} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDbClientLike } from '@batch/sink-dynamodb';

/** One write as the fake table saw it. */
export interface SentWrite {
  readonly kind: 'put' | 'delete';
  /** The item (put) or key (delete), unmarshalled. */
  readonly item: Record<string, unknown>;
  readonly request: WriteRequest;
}

/** What a BatchWriteItem call is answered with: indices of writes to return unprocessed, or a thrown error. */
export type Answer = (writes: readonly SentWrite[], call: number) => { readonly unprocessed?: readonly number[] } | Error | undefined;

export interface FakeClient {
  readonly client: DynamoDbClientLike;
  /** Every BatchWriteItem call's writes, in call order. */
  readonly calls: SentWrite[][];
  /** Every BatchWriteItem input. */
  readonly inputs: BatchWriteItemCommand['input'][];
  /** DescribeTable calls made. */
  readonly describes: () => number;
  /** The table's state: applied writes, by key. */
  readonly table: Map<string, Record<string, unknown>>;
  /** Applied writes in the order the fake applied them. */
  readonly applied: SentWrite[];
}

export interface FakeOptions {
  /** Key attribute names, partition key first. @default ['pk'] */
  readonly keys?: readonly string[];
  readonly answer?: Answer;
  /** DescribeTable's answer (a table description or an error); called per DescribeTable. */
  readonly describe?: (call: number) => TableDescription | Error;
  /** Resolves DescribeTable only when this promise does. */
  readonly describeGate?: Promise<void>;
}

/** A DescribeTable answer for a table keyed by `keys` (all strings unless typed). */
export function tableDescription(keys: readonly (string | { name: string; type: 'S' | 'N' | 'B' })[], gsi: readonly { name: string; type: 'S' | 'N' | 'B'; keyType?: 'HASH' | 'RANGE' }[] = []): TableDescription {
  const named = keys.map((key) => (typeof key === 'string' ? { name: key, type: 'S' as const } : key));
  return {
    TableName: 't',
    KeySchema: named.map((key, i) => ({ AttributeName: key.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
    AttributeDefinitions: [...named, ...gsi].map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
    ...(gsi.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: [
            { IndexName: 'gsi', KeySchema: gsi.map((key) => ({ AttributeName: key.name, KeyType: key.keyType ?? 'HASH' })), Projection: { ProjectionType: 'ALL' } },
          ],
        }),
  };
}

/**
 * A fake DynamoDB client that behaves like DynamoDB where the sink relies on it: it rejects a
 * request naming one key twice ("Provided list of item keys contains duplicates") or carrying
 * more than 25 writes, applies the other writes in order, and returns the chosen ones in
 * UnprocessedItems exactly as they were sent.
 */
export function fakeClient(options: FakeOptions = {}): FakeClient {
  const keys = options.keys ?? ['pk'];
  const calls: SentWrite[][] = [];
  const inputs: BatchWriteItemCommand['input'][] = [];
  const table = new Map<string, Record<string, unknown>>();
  const applied: SentWrite[] = [];
  let describes = 0;
  const keyOf = (item: Record<string, unknown>): string => JSON.stringify(keys.map((name) => normalize(item[name])));

  const send = async (command: BatchWriteItemCommand | DescribeTableCommand): Promise<BatchWriteItemCommandOutput | DescribeTableCommandOutput> => {
    if (command instanceof DescribeTableCommand) {
      describes++;
      await options.describeGate;
      const answer = options.describe?.(describes) ?? tableDescription(keys);
      if (answer instanceof Error) throw answer;
      return { Table: answer, $metadata: {} };
    }
    const input = command.input;
    inputs.push(input);
    const entries = Object.entries(input.RequestItems ?? {});
    const requests = entries.flatMap(([, list]) => list);
    const writes: SentWrite[] = requests.map((request) =>
      request.PutRequest !== undefined
        ? { kind: 'put', item: unmarshall(request.PutRequest.Item as Record<string, AttributeValue>), request }
        : { kind: 'delete', item: unmarshall(request.DeleteRequest?.Key as Record<string, AttributeValue>), request },
    );
    calls.push(writes);
    if (writes.length > 25) throw awsError('ValidationException', 400, 'Too many items requested for the BatchWriteItem call');
    if (new Set(writes.map((w) => keyOf(w.item))).size !== writes.length) {
      throw awsError('ValidationException', 400, 'Provided list of item keys contains duplicates');
    }
    const answer = options.answer?.(writes, calls.length);
    if (answer instanceof Error) throw answer;
    const unprocessed = new Set(answer?.unprocessed ?? []);
    writes.forEach((write, i) => {
      if (unprocessed.has(i)) return;
      applied.push(write);
      if (write.kind === 'put') table.set(keyOf(write.item), write.item);
      else table.delete(keyOf(write.item));
    });
    const tableName = entries[0]?.[0] ?? 't';
    return {
      UnprocessedItems: unprocessed.size === 0 ? {} : { [tableName]: requests.filter((_, i) => unprocessed.has(i)) },
      $metadata: {},
    };
  };
  return { client: { send }, calls, inputs, describes: () => describes, table, applied };
}

/** An error shaped like the SDK's service exceptions. */
export function awsError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return typeof value === 'bigint' ? value.toString() : value;
}
