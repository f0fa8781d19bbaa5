import type { FaultError } from './types.js';
import {
  type BatchAdapter,
  type EntryFailure,
  type JsonObject,
  type LimitVerdict,
  type ServiceProtocol,
  INJECTED_MESSAGE,
  asArray,
  isJsonObject,
  jsonErrorResponse,
  queryErrorResponse,
} from './wireProtocol.js';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const NAMESPACE = 'com.amazonaws.sqs';
/** Bytes per SendMessageBatch request (all bodies and attributes). */
const MAX_BATCH_BYTES = 1024 * 1024;

/**
 * SQS is query-compatible: besides the JSON `__type`, it sends the legacy Query code in
 * `x-amzn-query-error`, which the SDK copies to `error.Code`. Names not listed use their own name.
 */
const QUERY_CODES: Readonly<Record<string, string>> = {
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  BatchRequestTooLong: 'AWS.SimpleQueueService.BatchRequestTooLong',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  InvalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  InvalidParameterValueException: 'InvalidParameterValue',
  KmsAccessDenied: 'KMS.AccessDeniedException',
  KmsDisabled: 'KMS.DisabledException',
  KmsInvalidKeyUsage: 'KMS.InvalidKeyUsageException',
  KmsInvalidState: 'KMS.InvalidStateException',
  KmsNotFound: 'KMS.NotFoundException',
  KmsOptInRequired: 'KMS.OptInRequired',
  KmsThrottled: 'KMS.ThrottlingException',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  PurgeQueueInProgress: 'AWS.SimpleQueueService.PurgeQueueInProgress',
  QueueDeletedRecently: 'AWS.SimpleQueueService.QueueDeletedRecently',
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
};

function entries(body: JsonObject): readonly unknown[] | undefined {
  return Array.isArray(body.Entries) ? asArray(body.Entries) : undefined;
}

/**
 * UTF-8 bytes of a message as SQS counts them: body, plus each attribute's name, data type and
 * value (binary values decoded). local-aws-sqs counts UTF-16 characters instead.
 */
export function sqsMessageBytes(message: JsonObject): number {
  let bytes = typeof message.MessageBody === 'string' ? Buffer.byteLength(message.MessageBody, 'utf8') : 0;
  if (isJsonObject(message.MessageAttributes)) {
    for (const [name, attribute] of Object.entries(message.MessageAttributes)) {
      bytes += Buffer.byteLength(name, 'utf8');
      if (!isJsonObject(attribute)) continue;
      if (typeof attribute.DataType === 'string') bytes += Buffer.byteLength(attribute.DataType, 'utf8');
      if (typeof attribute.StringValue === 'string') bytes += Buffer.byteLength(attribute.StringValue, 'utf8');
      if (typeof attribute.BinaryValue === 'string') bytes += Buffer.byteLength(attribute.BinaryValue, 'base64');
    }
  }
  return bytes;
}

function tooLong(maximum: number): string {
  return `One or more parameters are invalid. Reason: Message must be shorter than ${maximum} bytes.`;
}

const sendMessageBatch: BatchAdapter = {
  operation: 'SendMessageBatch',
  entries,
  withEntries(body, keep) {
    const all = entries(body) ?? [];
    return { ...body, Entries: keep.map((i) => all[i]) };
  },
  merge(body, upstream, _keep, failures) {
    const all = entries(body) ?? [];
    const position = new Map<unknown, number>();
    all.forEach((entry, i) => position.set(isJsonObject(entry) ? entry.Id : undefined, i));
    const successful = upstream.flatMap((answer) => asArray(answer.Successful));
    const failed = upstream.flatMap((answer) => asArray(answer.Failed));
    for (const [i, failure] of failures) {
      const entry = all[i];
      failed.push({
        Id: isJsonObject(entry) ? entry.Id : undefined,
        SenderFault: failure.senderFault,
        Code: failure.code,
        Message: failure.message,
      });
    }
    // AWS does not promise an order; request order keeps assertions simple.
    const order = (item: unknown): number => position.get(isJsonObject(item) ? item.Id : undefined) ?? 0;
    failed.sort((a, b) => order(a) - order(b));
    return { Successful: successful, Failed: failed };
  },
  failure(_body, _index, options): EntryFailure {
    return {
      code: options.errorCode ?? 'InternalError',
      message: options.errorMessage ?? INJECTED_MESSAGE,
      senderFault: options.senderFault ?? false,
    };
  },
  validate() {
    // Every FailEntries field has a meaning for SQS.
  },
};

/**
 * SQS speaks AWS JSON 1.0 (query-compatible). With limits enforced, sizes are checked in UTF-8
 * bytes against the queue's own `MaximumMessageSize`, looked up through `maximumMessageSize`.
 *
 * @param maximumMessageSize - Resolves a queue URL to its MaximumMessageSize attribute.
 */
export function createSqsProtocol(maximumMessageSize: (queueUrl: string) => Promise<number>): ServiceProtocol {
  return {
    service: 'sqs',
    contentType: CONTENT_TYPE,
    // The SDK model gives RequestThrottled HTTP 403 (its legacy Query status); the SDK classifies
    // throttling by name, so the status does not change retry behaviour.
    throttlingError: { status: 403, name: 'RequestThrottled', message: 'Rate exceeded' },
    internalError: { status: 500, name: 'InternalError', message: 'We encountered an internal error. Please try again.' },
    unavailableError: { status: 503, name: 'ServiceUnavailable', message: 'Service unavailable' },
    batch: sendMessageBatch,
    errorResponse(error: FaultError, query: boolean) {
      const code = QUERY_CODES[error.name] ?? error.name;
      return query ? queryErrorResponse(error, code) : jsonErrorResponse(error, CONTENT_TYPE, NAMESPACE, code);
    },
    async checkLimits(operation, body): Promise<LimitVerdict | undefined> {
      if (operation !== 'SendMessage' && operation !== 'SendMessageBatch') return undefined;
      if (typeof body.QueueUrl !== 'string') return undefined;
      const maximum = await maximumMessageSize(body.QueueUrl);
      if (operation === 'SendMessage') {
        return sqsMessageBytes(body) > maximum
          ? { kind: 'reject', error: { status: 400, name: 'InvalidParameterValueException', message: tooLong(maximum) } }
          : undefined;
      }
      const sizes = (entries(body) ?? []).map((entry) => (isJsonObject(entry) ? sqsMessageBytes(entry) : 0));
      const total = sizes.reduce((sum, size) => sum + size, 0);
      if (total > MAX_BATCH_BYTES) {
        return {
          kind: 'reject',
          error: {
            status: 400,
            name: 'BatchRequestTooLong',
            message: `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes. You have sent ${total} bytes.`,
          },
        };
      }
      const failures = new Map<number, EntryFailure>();
      sizes.forEach((size, i) => {
        if (size > maximum) failures.set(i, { code: 'InvalidParameterValue', message: tooLong(maximum), senderFault: true });
      });
      return failures.size > 0 ? { kind: 'failEntries', failures } : undefined;
    },
  };
}
