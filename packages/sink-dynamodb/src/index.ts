export { dynamoDbSink } from './dynamoDbSink.js';
export { dynamoDbSinkForTable } from './dynamoDbSinkForTable.js';
export { itemSize, attributeSize } from './itemSize.js';
export { DYNAMODB_LIMITS } from './limits.js';
export { DuplicateKeyError, DynamoDbResponseError, InvalidItemError, InvalidKeyError, UnprocessedItemError, WriteRejectedError } from './errors.js';

export type { DynamoDbSink } from './dynamoDbSink.js';
export type { DynamoDbMarshallOptions, DynamoDbSinkOptions, KeyAttributeOption } from './options.js';
export type { DynamoDbClientLike, DynamoDbDelete, DynamoDbItem, DynamoDbJob, DynamoDbPut, DynamoDbResult, KeyAttributeType } from './types.js';
