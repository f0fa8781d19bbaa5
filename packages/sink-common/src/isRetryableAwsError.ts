import { awsErrorName } from './awsErrorName.js';

/**
 * Error names AWS services use for throttling, across protocols and services. Throttles are
 * always worth retrying after backoff. `KMSThrottlingException` and `KmsThrottled` are not in
 * the SDK's own retry list, so the SDK gives up on them; we do not.
 */
const THROTTLING_NAMES: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'KMSThrottlingException',
  'KmsThrottled',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
]);

/** Server-side and timeout names: the request may not have been applied, and may succeed later. */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set([
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'InternalServerErrorException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'TransactionInProgressException',
]);

/** Node and undici socket-level codes for a dropped or refused connection. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const TRANSIENT_STATUS: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

interface ErrorShape {
  readonly code?: unknown;
  readonly errno?: unknown;
  readonly cause?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly $response?: { readonly statusCode?: unknown };
}

/**
 * Whether an error from an AWS SDK v3 call (or the network under it) may succeed if the same
 * request is sent again later: throttling (by name, or HTTP 429), server errors (5xx and the
 * service's internal-failure names), timeouts, and dropped connections (ECONNRESET, EPIPE,
 * ETIMEDOUT…, also when wrapped as `cause`). Everything else — validation, missing resources,
 * access denied, KMS errors other than throttling, our own abort — is not.
 *
 * Structural, never `instanceof`: the user's SDK copy may differ from ours.
 *
 * @example new Batcher({ ...sink, isRetryable: (e) => isRetryableAwsError(e) || myCheck(e) })
 */
export function isRetryableAwsError(error: unknown): boolean {
  return classify(error, 0);
}

function classify(error: unknown, depth: number): boolean {
  if (error === null || typeof error !== 'object') return false;
  const shape = error as ErrorShape;
  const name = awsErrorName(error) ?? '';
  if (name === 'AbortError') return false; // we cancelled it: shutdown timeout or abort signal
  if (THROTTLING_NAMES.has(name) || TRANSIENT_NAMES.has(name)) return true;
  const code = typeof shape.code === 'string' ? shape.code : typeof shape.errno === 'string' ? shape.errno : '';
  if (NETWORK_CODES.has(code) || THROTTLING_NAMES.has(code) || TRANSIENT_NAMES.has(code)) return true;
  const status = httpStatus(shape);
  if (status !== undefined) return TRANSIENT_STATUS.has(status);
  const retryable = shape.$retryable;
  if (retryable !== null && typeof retryable === 'object') return true;
  // The SDK wraps socket errors; look one or two levels down.
  return depth < 2 && shape.cause !== undefined && classify(shape.cause, depth + 1);
}

function httpStatus(shape: ErrorShape): number | undefined {
  const status = shape.$metadata?.httpStatusCode ?? shape.$response?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
