import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import type { AwsCredentials } from './types.js';

/** What every client made by this package starts from. */
export interface ClientBase {
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly endpoint: string;
}

function isHandlerInstance(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { handle?: unknown }).handle === 'function';
}

/**
 * The request handler for a client made here: an instance passes through; anything else is
 * taken as `NodeHttpHandler` options. Two SDK traps are closed on the way: the Kinesis client
 * would build an HTTP/2 handler from plain options (kinesalite speaks HTTP/1.1 only), and
 * `requestTimeout` merely logs a warning unless `throwOnRequestTimeout` is set, so it is set
 * whenever a `requestTimeout` is given without it.
 */
export function httpHandler<T>(input: T | undefined): T | NodeHttpHandler {
  if (input !== undefined && isHandlerInstance(input)) return input;
  const options: NodeHttpHandlerOptions = typeof input === 'object' && input !== null ? input : {};
  return new NodeHttpHandler({
    ...(options.requestTimeout !== undefined ? { throwOnRequestTimeout: true } : {}),
    ...options,
  });
}

/**
 * Merges caller overrides over the local defaults (region, fake credentials, the endpoint) and
 * normalises the request handler; see {@link httpHandler}.
 */
export function clientConfig<C extends { requestHandler?: unknown }>(
  base: ClientBase,
  overrides: C | undefined,
): C & ClientBase {
  // A fresh credentials object per client: the SDK writes bookkeeping fields onto it.
  const merged = { region: base.region, credentials: { ...base.credentials }, endpoint: base.endpoint, ...overrides };
  return { ...merged, requestHandler: httpHandler(overrides?.requestHandler) } as C & ClientBase;
}
