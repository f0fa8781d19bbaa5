import type { AttributeValue, BatchWriteItemCommand, BatchWriteItemCommandOutput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDbClientLike } from '@batch/sink-dynamodb';

/** One BatchWriteItem call as the client saw it. */
export interface RecordedRequest {
  /** Logical clock ticks when the call started and when its answer (or error) came back. */
  readonly start: number;
  end: number;
  /** The writes sent, unmarshalled: `{ kind, item }` with the item (put) or key (delete). */
  readonly writes: ReadonlyArray<{ readonly kind: 'put' | 'delete'; readonly item: Record<string, unknown> }>;
  /** Positions of the writes DynamoDB returned unprocessed. */
  unprocessed: number[];
  /** Whether the call threw (nothing applied, except after a reset-after fault). */
  failed: boolean;
}

/**
 * Wraps a real SDK client and records every BatchWriteItem call, its answer's unprocessed writes
 * and when it started and ended, so tests can rebuild which writes DynamoDB applied, in which
 * order, and check that no two requests carrying one key overlapped.
 */
export function recordingClient(client: DynamoDBClient, keyOf: (item: Record<string, unknown>) => string): { client: DynamoDbClientLike; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  let clock = 0;
  const send = async (command: BatchWriteItemCommand, options?: { abortSignal?: AbortSignal }): Promise<BatchWriteItemCommandOutput> => {
    if (command.constructor.name !== 'BatchWriteItemCommand') return client.send(command as never, options);
    const writes = Object.values(command.input.RequestItems ?? {})
      .flat()
      .map((request) =>
        request.PutRequest !== undefined
          ? { kind: 'put' as const, item: unmarshall(request.PutRequest.Item as Record<string, AttributeValue>) }
          : { kind: 'delete' as const, item: unmarshall(request.DeleteRequest?.Key as Record<string, AttributeValue>) },
      );
    const entry: RecordedRequest = { start: ++clock, end: 0, writes, unprocessed: [], failed: false };
    requests.push(entry);
    try {
      const output = await client.send(command, options);
      const keys = new Set(
        Object.values(output.UnprocessedItems ?? {})
          .flat()
          .map((request) => keyOf(unmarshall((request.PutRequest?.Item ?? request.DeleteRequest?.Key) as Record<string, AttributeValue>))),
      );
      entry.unprocessed = writes.flatMap((write, i) => (keys.has(keyOf(write.item)) ? [i] : []));
      return output;
    } catch (error) {
      entry.failed = true;
      throw error;
    } finally {
      entry.end = ++clock;
    }
  };
  return { client: { send } as unknown as DynamoDbClientLike, requests };
}

/** The writes DynamoDB applied, per key, in the order it applied them (requests never throw here). */
export function appliedPerKey(requests: readonly RecordedRequest[], keyOf: (item: Record<string, unknown>) => string): Map<string, Array<Record<string, unknown> | 'deleted'>> {
  const perKey = new Map<string, Array<Record<string, unknown> | 'deleted'>>();
  for (const request of [...requests].sort((a, b) => a.end - b.end)) {
    if (request.failed) continue;
    request.writes.forEach((write, i) => {
      if (request.unprocessed.includes(i)) return;
      const key = keyOf(write.item);
      perKey.set(key, [...(perKey.get(key) ?? []), write.kind === 'put' ? write.item : 'deleted']);
    });
  }
  return perKey;
}

/** Throws unless, for every key, the requests carrying it never overlapped in time. */
export function expectNoOverlapPerKey(requests: readonly RecordedRequest[], keyOf: (item: Record<string, unknown>) => string): void {
  const intervals = new Map<string, Array<[number, number]>>();
  for (const request of requests) {
    for (const write of request.writes) {
      const key = keyOf(write.item);
      intervals.set(key, [...(intervals.get(key) ?? []), [request.start, request.end]]);
    }
  }
  for (const [key, list] of intervals) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) {
      if ((list[i] as [number, number])[0] < (list[i - 1] as [number, number])[1]) throw new Error(`two requests carrying ${key} overlapped`);
    }
  }
}
