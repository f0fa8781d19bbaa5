import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * A real SDK v3 DynamoDB client whose HTTP handler records each request body and answers
 * `{"UnprocessedItems":{}}` without any network: what the SDK really serializes.
 */
export function capturingClient(): { client: DynamoDBClient; bodies: string[] } {
  const bodies: string[] = [];
  const client = new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        const body = request.body;
        // The SDK's body is a Uint8Array subclass; read its bytes without touching its string helpers.
        bodies.push(typeof body === 'string' ? body : Buffer.from((body as Uint8Array).buffer, (body as Uint8Array).byteOffset, (body as Uint8Array).byteLength).toString('utf8'));
        return { response: { statusCode: 200, headers: {}, body: Readable.from([Buffer.from('{"UnprocessedItems":{}}')]) } };
      },
    },
  });
  return { client, bodies };
}
