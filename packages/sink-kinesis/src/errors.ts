import { BatchError } from '@batch/core';

/** Rejects `add()` when the partition key is empty, too long or not a string. */
export class InvalidPartitionKeyError extends BatchError {
  constructor(reason: string) {
    super('KINESIS_INVALID_PARTITION_KEY', `Invalid partition key: ${reason}`);
  }
}

/** Rejects `add()` when the explicit hash key is not a decimal integer from 0 to 2^128 - 1. */
export class InvalidExplicitHashKeyError extends BatchError {
  constructor(reason: string) {
    super('KINESIS_INVALID_EXPLICIT_HASH_KEY', `Invalid explicit hash key: ${reason}`);
  }
}

/**
 * Fails a job whose record Kinesis rejected inside a successful PutRecords response.
 * `errorCode` is Kinesis's (`ProvisionedThroughputExceededException` and `InternalFailure` are
 * retried); the service's message is kept in `awsMessage`, out of `message`.
 */
export class KinesisRecordError extends BatchError {
  readonly errorCode: string;
  readonly awsMessage: string | undefined;

  constructor(errorCode: string, awsMessage: string | undefined) {
    super('KINESIS_RECORD_FAILED', `Kinesis rejected the record: ${errorCode}`);
    this.errorCode = errorCode;
    this.awsMessage = awsMessage;
  }
}

/** Fails a batch whose PutRecords response does not have one result per record. */
export class KinesisResponseError extends BatchError {
  constructor(detail: string) {
    super('KINESIS_BAD_RESPONSE', `Malformed PutRecords response: ${detail}`);
  }
}
