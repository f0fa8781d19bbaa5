import { BatchError } from '@batch/core';
import { awsErrorName } from '@batch/sink-common';

/**
 * Rejects `add()` when an item cannot be written to DynamoDB: a value the marshaller refuses
 * (`undefined`, `NaN`, an unsafe integer, a class instance…), a number DynamoDB cannot store, an
 * empty or duplicate-holding set, an empty attribute name, nesting deeper than 32 levels, or (with
 * `marshalled: true`) a malformed AttributeValue. `reason` names the rule, never the value.
 */
export class InvalidItemError extends BatchError {
  readonly reason: string;

  constructor(reason: string) {
    super('DYNAMODB_INVALID_ITEM', `Invalid DynamoDB item: ${reason}`);
    this.reason = reason;
  }
}

/**
 * Rejects a job whose primary key attribute (or, when the sink read the table, secondary-index
 * key attribute) is missing, empty, of the wrong type or too long: DynamoDB would reject the whole
 * request. At `add()` when the key schema is known, else when the job's batch is sent.
 */
export class InvalidKeyError extends BatchError {
  /** The key attribute's name (from the key schema, never from the item). */
  readonly attribute: string;
  /** Whether it is a secondary index's key rather than the table's. */
  readonly index: boolean;

  constructor(attribute: string, reason: string, index = false) {
    super('DYNAMODB_INVALID_KEY', `Invalid ${index ? 'index ' : ''}key attribute \`${attribute}\`: ${reason}`);
    this.attribute = attribute;
    this.index = index;
  }
}

/** Fails a job, retryably, whose write DynamoDB returned in `UnprocessedItems` (throttled). */
export class UnprocessedItemError extends BatchError {
  constructor() {
    super('DYNAMODB_UNPROCESSED', 'DynamoDB returned the write in UnprocessedItems');
  }
}

/**
 * Fails a job, retryably, that met an earlier write to the same key in its batch. The sink's own
 * `orderingKey` and `oneJobPerKeyPerBatch` prevent that; it happens only when they are overridden,
 * and it keeps the request valid (DynamoDB rejects a request naming one key twice).
 */
export class DuplicateKeyError extends BatchError {
  constructor() {
    super('DYNAMODB_DUPLICATE_KEY', 'Another write to the same key was earlier in the batch; sent later');
  }
}

/**
 * Fails a job, not retryably, whose write DynamoDB refused on its own: the request holding it was
 * refused whole (`ValidationException`, `ItemCollectionSizeLimitExceededException`) for a rule
 * the sink could not check at `add()`, and the sink split the request until this write was alone.
 * Its batch-mates were sent without it. `awsError` names DynamoDB's error; `cause` is that error.
 */
export class WriteRejectedError extends BatchError {
  readonly awsError: string;

  constructor(cause: unknown) {
    const awsError = awsErrorName(cause) ?? 'Unknown';
    super('DYNAMODB_WRITE_REJECTED', `DynamoDB refused this write (${awsError})`, { cause });
    this.awsError = awsError;
  }
}

/** Fails a batch whose BatchWriteItem or DescribeTable response the sink cannot interpret. */
export class DynamoDbResponseError extends BatchError {
  constructor(detail: string) {
    super('DYNAMODB_BAD_RESPONSE', `Malformed DynamoDB response: ${detail}`);
  }
}
