/**
 * Emulator child of the dynamodb suite: dynalite in a process of its own, so the client
 * children's CPU readings never include it. Prints one ready line with dynalite's direct
 * endpoint (no fault proxy: it would parse every body), then answers one JSON command per stdin
 * line (see protocol.ts) until stdin closes.
 */
import { DeleteTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { startLocalAws } from '@batch/local-aws';

import { collectGarbage, emulatorMain } from '../lib/emulatorMain.js';
import type { EmulatorCommand, Verification } from './protocol.js';
import { memoLast } from '../lib/memo.js';
import { buildItems, KEY_ATTRIBUTES } from './workload.js';
import type { WorkloadSpec } from './workload.js';

/** A value as canonical JSON: object keys sorted, sets as sorted arrays. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => {
    if (v instanceof Set) return [...(v as Set<unknown>)].map(String).sort();
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** The items of one `[workload, items]` as canonical JSON, built once per round rather than once per check. */
const expectedItems = memoLast((key: string): string[] => {
  const [workload, items] = JSON.parse(key) as [WorkloadSpec, number];
  return buildItems(workload, items).map((item) => canonical(unmarshall(marshall(item))));
});

/**
 * Scans the table (straight from dynalite) and checks that items `0 … items-1` of the workload
 * are each there with exactly the attributes written (both sides unmarshalled the same way), and
 * nothing else. DynamoDB keeps one item per key, so a scan cannot show a write applied twice:
 * the client child's count of writes sent covers that.
 */
async function verify(client: DynamoDBClient, command: Extract<EmulatorCommand, { op: 'verify' }>): Promise<Verification> {
  const expected = expectedItems(JSON.stringify([command.workload, command.items]));
  const seen = new Uint8Array(expected.length);
  let read = 0;
  let corrupt = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: command.table, ...(start === undefined ? {} : { ExclusiveStartKey: start }) }));
    for (const raw of page.Items ?? []) {
      read += 1;
      const item = unmarshall(raw);
      const index = item[KEY_ATTRIBUTES[1].name] as unknown;
      if (typeof index === 'number' && index >= 0 && index < expected.length && expected[index] === canonical(item)) {
        seen[index] = 1;
      } else {
        corrupt += 1;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  let matching = 0;
  for (const found of seen) matching += found;
  return { expected: expected.length, read, matching, missing: expected.length - matching, corrupt };
}

emulatorMain<EmulatorCommand>(async () => {
  const aws = await startLocalAws({ services: ['dynamodb'] });
  const client = aws.dynamodb.directClient({ maxAttempts: 1 });
  return {
    endpoint: aws.dynamodb.directEndpoint,
    async handle(command) {
      switch (command.op) {
        case 'createTable':
          return aws.dynamodb.createTable(command.table, {
            partitionKey: { name: KEY_ATTRIBUTES[0].name, type: KEY_ATTRIBUTES[0].type },
            sortKey: { name: KEY_ATTRIBUTES[1].name, type: KEY_ATTRIBUTES[1].type },
          });
        case 'deleteTable':
          await client.send(new DeleteTableCommand({ TableName: command.table }));
          // Collect now, so that this process's GC does not compete with the next client child.
          collectGarbage();
          return null;
        case 'verify':
          return verify(client, command);
      }
    },
    async stop() {
      client.destroy();
      await aws.stop();
    },
  };
});
