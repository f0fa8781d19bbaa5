import { isRetryableAwsError } from '@batch/sink-common';

const awsError = (name: string, status?: number): Error =>
  Object.assign(new Error(`${name} happened`), { name, ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }) });
const socketError = (code: string): Error => Object.assign(new Error(`socket ${code}`), { code });

describe('isRetryableAwsError', () => {
  it.each([
    'ProvisionedThroughputExceededException',
    'ThrottlingException',
    'Throttling',
    'RequestThrottled',
    'RequestLimitExceeded',
    'KMSThrottlingException',
    'KmsThrottled',
    'InternalFailure',
    'InternalServerError',
    'ServiceUnavailable',
    'TimeoutError',
  ])('retries %s', (name) => {
    expect(isRetryableAwsError(awsError(name, 400))).toBe(true);
  });

  it.each([
    'ValidationException',
    'ResourceNotFoundException',
    'AccessDeniedException',
    'KMSAccessDeniedException',
    'KMSDisabledException',
    'KMSNotFoundException',
    'BatchRequestTooLong',
    'InvalidBatchEntryId',
    'InvalidParameterValue',
    'QueueDoesNotExist',
  ])('does not retry %s', (name) => {
    expect(isRetryableAwsError(awsError(name, 400))).toBe(false);
  });

  it.each([408, 429, 500, 502, 503, 504])('retries an unknown error with HTTP %i', (status) => {
    expect(isRetryableAwsError(awsError('SomethingNew', status))).toBe(true);
  });

  it.each([400, 403, 404, 413])('does not retry an unknown error with HTTP %i', (status) => {
    expect(isRetryableAwsError(awsError('SomethingNew', status))).toBe(false);
  });

  it.each(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN'])('retries a dropped connection (%s), also when wrapped', (code) => {
    expect(isRetryableAwsError(socketError(code))).toBe(true);
    expect(isRetryableAwsError(new Error('request failed', { cause: socketError(code) }))).toBe(true);
  });

  it('honours the SDK $retryable marker', () => {
    expect(isRetryableAwsError(Object.assign(new Error('x'), { name: 'Unknown', $retryable: { throttling: false } }))).toBe(true);
  });

  it('never retries our own abort, plain errors or non-errors', () => {
    expect(isRetryableAwsError(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(false);
    expect(isRetryableAwsError(new TypeError('bug'))).toBe(false);
    expect(isRetryableAwsError('ECONNRESET')).toBe(false);
    expect(isRetryableAwsError(undefined)).toBe(false);
  });
});
