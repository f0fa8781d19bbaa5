import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { FailEntries, FaultError, ServiceName } from './types.js';

/** A JSON object body. */
export type JsonObject = Record<string, unknown>;

/** The value if it is an array, else an empty array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** Narrows an unknown value to a plain JSON object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a body as a JSON object; `undefined` when it is empty, malformed or not an object. */
export function parseJsonObject(body: Buffer): JsonObject | undefined {
  if (body.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return isJsonObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** One entry answered as failed, in the service's terms. */
export interface EntryFailure {
  readonly code: string;
  readonly message: string;
  readonly senderFault: boolean;
}

/** A complete HTTP answer. */
export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/**
 * How the proxy takes one service's batch call apart and puts the answer back together. Entries
 * are addressed by their position in the request (for DynamoDB: tables in request order, then
 * items), so `failedIndices` in the log mean the same thing for every service.
 */
export interface BatchAdapter {
  /** The batch operation, e.g. `PutRecords`. */
  readonly operation: string;
  /** Upstream body size above which forwarded entries are split over several requests. */
  readonly maxForwardBytes?: number;
  /** The request's entries, or `undefined` when the body has no well-formed entry list. */
  entries(body: JsonObject): readonly unknown[] | undefined;
  /** The request body carrying only the entries at `keep` (ascending positions). */
  withEntries(body: JsonObject, keep: readonly number[]): JsonObject;
  /**
   * The answer to the original request: `upstream` holds the emulator's answers to the forwarded
   * chunks (in order, together covering `keep`), `failures` the entries failed by the proxy.
   */
  merge(
    body: JsonObject,
    upstream: readonly JsonObject[],
    keep: readonly number[],
    failures: ReadonlyMap<number, EntryFailure>,
  ): JsonObject;
  /** The failure to report for entry `index` under a `failEntries` rule. */
  failure(body: JsonObject, index: number, options: FailEntries): EntryFailure;
  /** Throws `InvalidOptionError` when `options` cannot be honoured by this service. */
  validate(options: FailEntries): void;
}

/** A verdict of real-limit enforcement. */
export type LimitVerdict =
  | { readonly kind: 'reject'; readonly error: FaultError }
  | { readonly kind: 'failEntries'; readonly failures: ReadonlyMap<number, EntryFailure> };

/** Everything the fault proxy must know about one service's wire protocol. */
export interface ServiceProtocol {
  readonly service: ServiceName;
  /** Content type of JSON answers, e.g. `application/x-amz-json-1.1`. */
  readonly contentType: string;
  /** The service's throttling error (what `FaultProxy.throttle()` answers). */
  readonly throttlingError: FaultError;
  /** The service's HTTP 500 error. */
  readonly internalError: FaultError;
  /** The service's HTTP 503 error. */
  readonly unavailableError: FaultError;
  /** The batch operation that supports `failEntries`, if any. */
  readonly batch?: BatchAdapter;
  /** Encodes a whole-request error. `query` is true for AWS Query (form-encoded) requests. */
  errorResponse(error: FaultError, query: boolean): WireResponse;
  /** Number of entries of a non-batch request worth logging (CloudWatch's MetricData). */
  countEntries?(operation: string, body: JsonObject): number | undefined;
  /** Rewrites a request the emulator would mis-handle; returns `undefined` when nothing changes. */
  rewrite?(operation: string, body: JsonObject): JsonObject | undefined;
  /** Checks the real AWS limits the emulator misses. */
  checkLimits?(
    operation: string,
    body: JsonObject,
    bodyBytes: number,
  ): LimitVerdict | undefined | Promise<LimitVerdict | undefined>;
}

/** The default message of injected errors. */
export const INJECTED_MESSAGE = 'Fault injected by @batch/local-aws';

/** Reads the operation from `X-Amz-Target` (`Prefix.Operation`) or a Query `Action=` body. */
export function operationOf(headers: IncomingHttpHeaders, body: Buffer): string | undefined {
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target.length > 0) {
    const dot = target.lastIndexOf('.');
    return dot >= 0 ? target.slice(dot + 1) : target;
  }
  if (isQueryRequest(headers)) {
    return new URLSearchParams(body.toString('utf8')).get('Action') ?? undefined;
  }
  return undefined;
}

/** True for AWS Query protocol requests (form-encoded bodies). */
export function isQueryRequest(headers: IncomingHttpHeaders): boolean {
  const type = headers['content-type'];
  return typeof type === 'string' && type.startsWith('application/x-www-form-urlencoded');
}

/**
 * Encodes an error as an AWS JSON protocol answer. `namespace` prefixes `__type` the way the
 * service does (`com.amazonaws.sqs#QueueDoesNotExist`); the SDK strips it. Query-compatible
 * services (SQS, CloudWatch) also send `x-amzn-query-error: Code;Sender`, from which the SDK
 * fills `error.Code`.
 */
export function jsonErrorResponse(
  error: FaultError,
  contentType: string,
  namespace: string | undefined,
  queryCode: string | undefined,
): WireResponse {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-amzn-requestid': randomUUID(),
  };
  if (queryCode !== undefined) {
    headers['x-amzn-query-error'] = `${queryCode};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
  }
  const type = namespace === undefined ? error.name : `${namespace}#${error.name}`;
  const body = Buffer.from(JSON.stringify({ __type: type, message: error.message ?? INJECTED_MESSAGE }));
  return { status: error.status, headers, body };
}

/** Encodes an error as an AWS Query (XML) answer, for clients that still speak Query. */
export function queryErrorResponse(error: FaultError, code: string): WireResponse {
  const escape = (text: string): string =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const requestId = randomUUID();
  const xml =
    `<?xml version="1.0"?><ErrorResponse><Error><Type>${error.status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
    `<Code>${escape(code)}</Code><Message>${escape(error.message ?? INJECTED_MESSAGE)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`;
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: Buffer.from(xml),
  };
}

/** Encodes a JSON success answer. */
export function jsonResponse(body: JsonObject, contentType: string, requestId: string = randomUUID()): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
    body: Buffer.from(JSON.stringify(body)),
  };
}
