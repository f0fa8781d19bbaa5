import type { FaultError } from './types.js';
import { type ServiceProtocol, jsonErrorResponse, queryErrorResponse } from './wireProtocol.js';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const NAMESPACE = 'com.amazonaws.cloudwatch';

/** Modeled error shapes and their legacy Query codes (from the SDK's model). */
const QUERY_CODES: Readonly<Record<string, string>> = {
  InternalServiceFault: 'InternalServiceError',
  InvalidParameterCombinationException: 'InvalidParameterCombination',
  InvalidParameterValueException: 'InvalidParameterValue',
  LimitExceededFault: 'LimitExceeded',
  MissingRequiredParameterException: 'MissingParameter',
};

/**
 * Encodes a CloudWatch error the way the query-compatible JSON 1.0 service does: namespaced
 * `__type` plus `x-amzn-query-error: Code;Sender`.
 */
export function cloudWatchErrorResponse(error: FaultError, query = false): ReturnType<typeof jsonErrorResponse> {
  const code = QUERY_CODES[error.name] ?? error.name;
  return query ? queryErrorResponse(error, code) : jsonErrorResponse(error, CONTENT_TYPE, NAMESPACE, code);
}

/** CloudWatch speaks AWS JSON 1.0; PutMetricData is all-or-nothing, so there is no batch adapter. */
export const cloudWatchProtocol: ServiceProtocol = {
  service: 'cloudwatch',
  contentType: CONTENT_TYPE,
  throttlingError: { status: 400, name: 'Throttling', message: 'Rate exceeded' },
  internalError: { status: 500, name: 'InternalServiceFault', message: 'Internal service error' },
  unavailableError: { status: 503, name: 'ServiceUnavailable', message: 'Service unavailable' },
  errorResponse: cloudWatchErrorResponse,
  countEntries(operation, body) {
    return operation === 'PutMetricData' && Array.isArray(body.MetricData) ? body.MetricData.length : undefined;
  },
};
