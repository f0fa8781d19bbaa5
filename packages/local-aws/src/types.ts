import type { IncomingHttpHeaders } from 'node:http';

/** The AWS services `startLocalAws` can emulate. */
export type ServiceName = 'kinesis' | 'dynamodb' | 'sqs' | 'cloudwatch';

/** Static fake credentials; the emulators accept any signature. */
export interface AwsCredentials {
  /** Fake access key id. */
  readonly accessKeyId: string;
  /** Fake secret access key. */
  readonly secretAccessKey: string;
}

/**
 * A whole-request error answered in the service's own wire format (JSON `__type`, plus
 * `x-amzn-query-error` for SQS and CloudWatch), so the real SDK throws an exception whose
 * `name` is `name` and whose `$metadata.httpStatusCode` is `status`.
 */
export interface FaultError {
  /** HTTP status, 400–599. */
  readonly status: number;
  /** Error name as the SDK should report it, e.g. `ProvisionedThroughputExceededException`. */
  readonly name: string;
  /**
   * Error message.
   * @default 'Fault injected by @batch/local-aws'
   */
  readonly message?: string;
}

/** Partial failure of a batch call (`PutRecords`, `BatchWriteItem`, `SendMessageBatch`). */
export interface FailEntries {
  /**
   * Probability, in `[0, 1]`, that each entry fails, drawn from the rule's seeded generator.
   * Give `ratio` or `indices`, not both.
   * @default 0.5 (when `indices` is not given either)
   */
  readonly ratio?: number;
  /** Zero-based positions of the entries to fail; positions past the end are ignored. */
  readonly indices?: readonly number[];
  /**
   * Per-entry error code. Kinesis: `ProvisionedThroughputExceededException` or `InternalFailure`
   * (the two codes AWS documents; any other non-empty code is passed through). SQS: any code.
   * Not allowed for DynamoDB, whose `UnprocessedItems` carry no code.
   * @default 'ProvisionedThroughputExceededException' (Kinesis), 'InternalError' (SQS)
   */
  readonly errorCode?: string;
  /**
   * Per-entry error message.
   * @default a message in the service's style for `errorCode`
   */
  readonly errorMessage?: string;
  /**
   * SQS only: the `SenderFault` flag of each failed entry (`true` tells callers not to retry).
   * @default false
   */
  readonly senderFault?: boolean;
}

/** What a rule sees of a request when its `when` predicate is called. */
export interface FaultRequest {
  /** Operation name from `X-Amz-Target` (or the Query `Action`); `'Unknown'` when absent. */
  readonly operation: string;
  /** The parsed JSON body (gunzipped if needed), or `undefined` for non-JSON bodies. */
  readonly body: unknown;
  /** Request headers as received by the proxy. */
  readonly headers: IncomingHttpHeaders;
}

/** Which requests a rule applies to. */
export interface FaultMatch {
  /** Operation name(s) to match, e.g. `'PutRecords'`. Omitted: any operation (for `failEntries`: the service's batch operation). */
  readonly operation?: string | readonly string[];
  /**
   * Apply to the next `times` matching requests, then stop (the rule stays listed but inert).
   * @default Infinity
   */
  readonly times?: number;
  /**
   * Probability, in `[0, 1]`, that a matching request is hit, drawn from the rule's seeded generator.
   * @default 1
   */
  readonly ratio?: number;
  /** Extra predicate, e.g. to target one queue: `({ body }) => JSON.stringify(body).includes(queueUrl)`. */
  readonly when?: (request: FaultRequest) => boolean;
}

/**
 * A scripted fault. Exactly one effect: `failEntries`, `error`, `latencyMs`, `reset` or `hang`.
 * Latency rules stack with each other and with one other rule; of the non-latency rules only the
 * first matching one (in insertion order) applies to a request.
 */
export interface FaultRule extends FaultMatch {
  /** Fail a subset of the batch's entries; only the rest is forwarded to the emulator. */
  readonly failEntries?: FailEntries;
  /** Answer the whole request with this error; nothing is forwarded. */
  readonly error?: FaultError;
  /** Delay forwarding by this many milliseconds (0–600000). */
  readonly latencyMs?: number;
  /**
   * Reset the client's connection (TCP RST): `'before'` forwarding anything, or `'after'` the
   * emulator applied the request and answered (the client never learns it succeeded).
   */
  readonly reset?: 'before' | 'after';
  /** Never answer; the request is dropped when the client gives up or the proxy stops. */
  readonly hang?: boolean;
}

/** A rule added to a proxy. */
export interface FaultRuleHandle {
  /** Sequential id, unique within its proxy; appears in the request log as `ruleId`. */
  readonly id: number;
  /** How many requests the rule has hit so far. */
  readonly applied: number;
  /** How many more requests it will hit (`Infinity` when unlimited). */
  readonly remaining: number;
  /** Removes the rule; requests in flight are not affected. */
  remove(): void;
}

/** What happened to a request, as recorded in the proxy's log. */
export type FaultKind =
  | 'failEntries'
  | 'error'
  | 'latency'
  | 'reset-before'
  | 'reset-after'
  | 'hang'
  | 'limit'
  | 'proxy-error';

/** One request as seen by a fault proxy. Entries are appended when the proxy answers (or decides not to). */
export interface RequestLogEntry {
  /** 1-based position in this proxy's log since it started (not reset by `clearLog`). */
  readonly seq: number;
  /** Operation name, `'Unknown'` when the request named none. */
  readonly operation: string;
  /** HTTP status sent to the client; `0` when none was (reset or hang). */
  readonly status: number;
  /** The request's `Content-Encoding` when it had one (CloudWatch bodies from 10,240 bytes arrive `gzip`). */
  readonly contentEncoding?: string;
  /** Number of entries in a batch request (or metric data in `PutMetricData`). */
  readonly entries?: number;
  /** Positions of the entries answered as failed, ascending. */
  readonly failedIndices?: readonly number[];
  /** The fault applied, if any. `'latency'` only when latency was the only fault. */
  readonly fault?: FaultKind;
  /** Error name answered, for `error` and `limit` faults. */
  readonly errorName?: string;
  /** Total injected latency in milliseconds, when a latency rule applied. */
  readonly latencyMs?: number;
  /** Id of the non-latency rule that applied. */
  readonly ruleId?: number;
  /** For `reset-after`: the status the emulator answered before the connection was reset. */
  readonly upstreamStatus?: number;
  /** For `proxy-error`: what went wrong inside the proxy. */
  readonly message?: string;
}

/** One Kinesis record as read back from the emulator. */
export interface KinesisRecord {
  /** Shard the record landed in. */
  readonly shardId: string;
  /** Sequence number assigned by the emulator. */
  readonly sequenceNumber: string;
  /** Partition key as sent. */
  readonly partitionKey: string;
  /** Record payload. */
  readonly data: Uint8Array;
}

/** One CloudWatch dimension. */
export interface RecordedDimension {
  /** Dimension name. */
  readonly name: string;
  /** Dimension value. */
  readonly value: string;
}

/** Pre-aggregated statistics of a datum. */
export interface RecordedStatisticValues {
  /** Number of samples. */
  readonly sampleCount: number;
  /** Sum of the samples. */
  readonly sum: number;
  /** Smallest sample. */
  readonly minimum: number;
  /** Largest sample. */
  readonly maximum: number;
}

/** One metric datum accepted by the local CloudWatch endpoint. */
export interface RecordedDatum {
  /** Namespace of the request that carried the datum. */
  readonly namespace: string;
  /** Metric name. */
  readonly metricName: string;
  /** Dimensions in the order sent (empty when none). */
  readonly dimensions: readonly RecordedDimension[];
  /** Unit as sent, `'None'` when omitted (as CloudWatch does). */
  readonly unit: string;
  /** Single value, when sent. */
  readonly value?: number;
  /** Values array, when sent. */
  readonly values?: readonly number[];
  /** Counts array, when sent. */
  readonly counts?: readonly number[];
  /** Statistic set, when sent. */
  readonly statisticValues?: RecordedStatisticValues;
  /** Timestamp as sent, or the time of receipt when omitted (as CloudWatch does). */
  readonly timestamp: Date;
  /** 1 (high resolution) or 60; 60 when omitted. */
  readonly storageResolution: number;
}
