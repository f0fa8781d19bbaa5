import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * The configuration every client child gives its SDK client: the emulator's endpoint (with
 * `endpoint` set, SQS sends there rather than to the QueueUrl's host), fake credentials, an
 * HTTP/1.1 `NodeHttpHandler` (kinesalite speaks no HTTP/2, the Kinesis client's default), and
 * one attempt, so every retry measured is the contender's own.
 */
export function benchClientConfig<Handler = NodeHttpHandler>(endpoint: string, requestHandler?: Handler) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    requestHandler: requestHandler ?? new NodeHttpHandler(),
    maxAttempts: 1,
  };
}
