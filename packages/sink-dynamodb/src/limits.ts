/**
 * DynamoDB limits the sink enforces (AWS documentation, checked November 2026: API_BatchWriteItem,
 * "Constraints in Amazon DynamoDB", "Supported data types and naming rules", "DynamoDB item sizes
 * and formats"). DynamoDB's sizes are binary: 1 KB = 1024 bytes, 1 MB = 1024 KB.
 */
export const DYNAMODB_LIMITS = {
  /** Put and delete requests per BatchWriteItem call, across all tables. */
  maxWritesPerRequest: 25,
  /** Bytes a BatchWriteItem call may transmit (the JSON request body). */
  maxRequestBytes: 16 * 1024 * 1024,
  /** Bytes per item, by AWS's item-size rules (attribute names + values). */
  maxItemSize: 400 * 1024,
  /** Bytes of a partition key value (string: UTF-8; binary: raw bytes). */
  maxPartitionKeyBytes: 2048,
  /** Bytes of a sort key value. */
  maxSortKeyBytes: 1024,
  /** Significant digits of a number. */
  maxNumberDigits: 38,
  /** Largest power of ten of a number's first significant digit (magnitude below 1E+126). */
  maxNumberExponent: 125,
  /** Smallest power of ten of a number's first significant digit (magnitude at least 1E-130). */
  minNumberExponent: -130,
  /** Levels of nested lists and maps (a list or map attribute is level 1). */
  maxNestingDepth: 32,
  /** Bytes of an attribute name ("less than 64 KB"). */
  maxAttributeNameBytes: 64 * 1024 - 1,
  /** Bytes of a key attribute's name. */
  maxKeyAttributeNameBytes: 255,
  /** Characters of a table ARN (a table name is 3 to 255 characters). */
  maxTableArnLength: 1024,
} as const;
