import { InvalidOptionError } from './errors.js';
import type { FailEntries, FaultError } from './types.js';
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
} from './wireProtocol.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const MiB = 1024 * 1024;
/** Data plus partition key, per record (the stream's default MaxRecordSize). */
const MAX_RECORD_BYTES = MiB;
/** Data plus partition keys, per PutRecords request. */
const MAX_REQUEST_BYTES = 10 * MiB;
/**
 * kinesalite answers a bare 413 to bodies over 7 MiB of JSON (about 5.25 MiB of base64'd
 * data), far below AWS's 10 MiB. Forwarded PutRecords bodies are split below this size so
 * requests AWS accepts are accepted here too.
 */
const MAX_FORWARD_BYTES = 6 * MiB;

/** Operations kinesalite serves that accept `StreamName` (and hence, in AWS, `StreamARN`). */
const STREAM_OPERATIONS = new Set([
  'AddTagsToStream', 'DecreaseStreamRetentionPeriod', 'DeleteStream', 'DescribeStream',
  'DescribeStreamSummary', 'GetShardIterator', 'IncreaseStreamRetentionPeriod', 'ListShards',
  'ListTagsForStream', 'MergeShards', 'PutRecord', 'PutRecords', 'RemoveTagsFromStream', 'SplitShard',
]);

function records(body: JsonObject): readonly unknown[] | undefined {
  return Array.isArray(body.Records) ? asArray(body.Records) : undefined;
}

/** Bytes of data plus partition key, as AWS counts them against MaxRecordSize. */
function recordBytes(record: unknown): number {
  if (!isJsonObject(record)) return 0;
  const data = typeof record.Data === 'string' ? Buffer.byteLength(record.Data, 'base64') : 0;
  const key = typeof record.PartitionKey === 'string' ? Buffer.byteLength(record.PartitionKey, 'utf8') : 0;
  return data + key;
}

function validationError(message: string): LimitVerdict {
  return { kind: 'reject', error: { status: 400, name: 'ValidationException', message } };
}

const putRecords: BatchAdapter = {
  operation: 'PutRecords',
  maxForwardBytes: MAX_FORWARD_BYTES,
  entries: records,
  withEntries(body, keep) {
    const all = records(body) ?? [];
    return { ...body, Records: keep.map((i) => all[i]) };
  },
  merge(body, upstream, keep, failures) {
    const forwarded = upstream.flatMap((answer) => asArray(answer.Records));
    const slot = new Map<number, unknown>(keep.map((index, position) => [index, forwarded[position]]));
    const total = records(body)?.length ?? 0;
    const merged: unknown[] = [];
    let failed = 0;
    for (let i = 0; i < total; i += 1) {
      const failure = failures.get(i);
      const answer: unknown = failure ? { ErrorCode: failure.code, ErrorMessage: failure.message } : slot.get(i);
      if (isJsonObject(answer) && typeof answer.ErrorCode === 'string') failed += 1;
      merged.push(answer);
    }
    const encryption = upstream.find((answer) => typeof answer.EncryptionType === 'string')?.EncryptionType;
    return { FailedRecordCount: failed, Records: merged, EncryptionType: encryption ?? 'NONE' };
  },
  failure(body, _index, options): EntryFailure {
    const code = options.errorCode ?? 'ProvisionedThroughputExceededException';
    const stream = typeof body.StreamName === 'string' ? body.StreamName : 'unknown';
    const message =
      options.errorMessage ??
      (code === 'ProvisionedThroughputExceededException'
        ? `Rate exceeded for shard in stream ${stream} under account 000000000000.`
        : code === 'InternalFailure'
          ? 'Internal service failure.'
          : INJECTED_MESSAGE);
    return { code, message, senderFault: false };
  },
  validate(options: FailEntries) {
    if (options.senderFault !== undefined) {
      throw new InvalidOptionError('Expected `failEntries.senderFault` only for SQS, got it for kinesis');
    }
  },
};

/**
 * Kinesis speaks AWS JSON 1.1 with bare `__type` names. Every request passes `rewrite`, which
 * turns `StreamARN` into the `StreamName` kinesalite insists on; real limits are optional.
 */
export const kinesisProtocol: ServiceProtocol = {
  service: 'kinesis',
  contentType: CONTENT_TYPE,
  throttlingError: {
    status: 400,
    name: 'ProvisionedThroughputExceededException',
    message: 'Rate exceeded for stream under account 000000000000.',
  },
  internalError: { status: 500, name: 'InternalFailure', message: 'Internal service failure.' },
  unavailableError: { status: 503, name: 'ServiceUnavailable', message: 'Service unavailable.' },
  batch: putRecords,
  errorResponse(error: FaultError) {
    return jsonErrorResponse(error, CONTENT_TYPE, undefined, undefined);
  },
  rewrite(operation, body) {
    if (!STREAM_OPERATIONS.has(operation) || typeof body.StreamARN !== 'string') return undefined;
    if (body.StreamName !== undefined) return undefined;
    const match = /^arn:[^:]+:kinesis:[^:]*:[^:]*:stream\/(.+)$/.exec(body.StreamARN);
    if (!match?.[1]) return undefined;
    const { StreamARN: _arn, ...rest } = body;
    return { ...rest, StreamName: match[1] };
  },
  checkLimits(operation, body) {
    if (operation === 'PutRecord') {
      const bytes = recordBytes(body);
      return bytes > MAX_RECORD_BYTES
        ? validationError(
            `Record size ${bytes} bytes (data plus partition key) exceeds the maximum record size of ${MAX_RECORD_BYTES} bytes.`,
          )
        : undefined;
    }
    if (operation !== 'PutRecords') return undefined;
    let total = 0;
    const all = records(body) ?? [];
    for (let i = 0; i < all.length; i += 1) {
      const bytes = recordBytes(all[i]);
      if (bytes > MAX_RECORD_BYTES) {
        return validationError(
          `Record ${i} has ${bytes} bytes (data plus partition key), over the maximum record size of ${MAX_RECORD_BYTES} bytes.`,
        );
      }
      total += bytes;
    }
    return total > MAX_REQUEST_BYTES
      ? validationError(
          `Records total ${total} bytes (data plus partition keys), over the PutRecords request limit of ${MAX_REQUEST_BYTES} bytes.`,
        )
      : undefined;
  },
};
