import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { cloudWatchErrorResponse } from './cloudWatchProtocol.js';
import { closeServer, listen, readBody } from './httpServer.js';
import type { RecordedDatum } from './types.js';
import { PUT_METRIC_DATA_LIMITS, validatePutMetricData } from './validatePutMetricData.js';
import { type WireResponse, isQueryRequest, operationOf } from './wireProtocol.js';

const gunzipAsync = promisify(gunzip);

/** A running local CloudWatch `PutMetricData` endpoint. */
export interface CloudWatchEndpoint {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Every datum accepted so far, in arrival order. */
  readonly recorded: readonly RecordedDatum[];
  /** Forgets the recorded data. */
  clear(): void;
  /** Closes the server and its connections. */
  stop(): Promise<void>;
}

function send(response: ServerResponse, answer: WireResponse): void {
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  response.end(answer.body);
}

/**
 * Starts the local CloudWatch endpoint: AWS JSON 1.0 `PutMetricData` only (what the current
 * `@aws-sdk/client-cloudwatch` sends), gzip bodies accepted. Valid requests are recorded and
 * answered `{}`; invalid ones get CloudWatch's modeled errors. Nothing is aggregated or queryable
 * through the API; tests read `recorded` instead.
 *
 * @param now - Clock for the timestamp window (injectable for tests).
 */
export async function startCloudWatchEndpoint(now: () => number = Date.now): Promise<CloudWatchEndpoint> {
  const recorded: RecordedDatum[] = [];

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const gzipped = request.headers['content-encoding'] === 'gzip';
    const body = gzipped ? await gunzipAsync(raw) : raw;
    const query = isQueryRequest(request.headers);
    const operation = operationOf(request.headers, body);
    if (request.method !== 'POST' || query || operation !== 'PutMetricData') {
      send(
        response,
        cloudWatchErrorResponse(
          {
            status: 400,
            name: 'UnknownOperationException',
            message: `@batch/local-aws emulates only AWS JSON 1.0 PutMetricData, got ${query ? 'an AWS Query request' : String(operation)}.`,
          },
          query,
        ),
      );
      return;
    }
    // The documented 1 MB is checked on the decoded payload: stricter than (or equal to) AWS
    // whichever way AWS counts, so a sink that passes here passes there.
    if (body.length > PUT_METRIC_DATA_LIMITS.maxRequestBytes) {
      send(
        response,
        cloudWatchErrorResponse({
          status: 413,
          name: 'RequestEntityTooLarge',
          message: `Request size ${body.length} bytes exceeded ${PUT_METRIC_DATA_LIMITS.maxRequestBytes} bytes.`,
        }),
      );
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      send(response, cloudWatchErrorResponse({ status: 400, name: 'SerializationException', message: 'Malformed JSON body.' }));
      return;
    }
    const verdict = validatePutMetricData(parsed, now());
    if (!verdict.ok) {
      send(response, cloudWatchErrorResponse(verdict.error));
      return;
    }
    recorded.push(...verdict.data);
    send(response, {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
      body: Buffer.from('{}'),
    });
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(
        response,
        cloudWatchErrorResponse({ status: 500, name: 'InternalServiceFault', message: String(error) }),
      );
    });
  });
  const url = await listen(server);
  return {
    url,
    recorded,
    clear: () => {
      recorded.length = 0;
    },
    stop: () => closeServer(server),
  };
}
