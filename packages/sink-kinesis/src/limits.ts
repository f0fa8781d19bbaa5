/**
 * Kinesis Data Streams PutRecords limits (AWS documentation, API_PutRecords and "Handle large
 * records", checked November 2026). Each is the default of a sink option.
 */
export const KINESIS_LIMITS = {
  /** Records per PutRecords request. */
  maxRecordsPerRequest: 500,
  /** Bytes per request, data plus partition keys (raised from 5 MiB in October 2025). */
  maxRequestBytes: 10 * 1024 * 1024,
  /** Default maximum record size, data plus partition key; a stream may be set up to 10 MiB. */
  defaultMaxRecordSize: 1024 * 1024,
  /** The largest maximum record size a stream can be configured with. */
  maxRecordSizeCeiling: 10 * 1024 * 1024,
  /** Partition key length, in Unicode code points. */
  maxPartitionKeyLength: 256,
  /** Largest explicit hash key: 2^128 - 1. */
  maxExplicitHashKey: (1n << 128n) - 1n,
} as const;
