import { BatchError } from '@batch/core';

/**
 * Base of the errors that reject `add()` for a metric CloudWatch would refuse. `field` names
 * the offending job field (`metricName`, `dimensions[2].value`, `values[7]`…); messages name
 * the rule and never echo the value.
 */
export class InvalidMetricError extends BatchError {
  /** The job field that broke the rule. */
  readonly field: string;

  constructor(code: string, field: string, reason: string) {
    super(code, `Invalid \`${field}\`: ${reason}`);
    this.field = field;
  }
}

/** Rejects `add()` when the metric name is missing, too long or not printable ASCII. */
export class InvalidMetricNameError extends InvalidMetricError {
  constructor(reason: string) {
    super('CLOUDWATCH_INVALID_METRIC_NAME', 'metricName', reason);
  }
}

/** Rejects `add()` when a dimension is malformed, too long, repeated, or there are too many. */
export class InvalidDimensionError extends InvalidMetricError {
  constructor(field: string, reason: string) {
    super('CLOUDWATCH_INVALID_DIMENSION', field, reason);
  }
}

/**
 * Rejects `add()` when the value fields are missing, combined, not finite, out of CloudWatch's
 * range, inconsistent (`counts` length, a statistic set with minimum above maximum) or hold
 * more than 150 distinct values.
 */
export class InvalidMetricValueError extends InvalidMetricError {
  constructor(field: string, reason: string) {
    super('CLOUDWATCH_INVALID_VALUE', field, reason);
  }
}

/** Rejects `add()` when the unit is not one of CloudWatch's standard units. */
export class InvalidUnitError extends InvalidMetricError {
  constructor(reason: string) {
    super('CLOUDWATCH_INVALID_UNIT', 'unit', reason);
  }
}

/**
 * Rejects `add()` when the timestamp is not a valid time or lies outside CloudWatch's window
 * (two weeks back, two hours ahead); also fails a job that grew too old while it waited.
 */
export class InvalidTimestampError extends InvalidMetricError {
  constructor(reason: string) {
    super('CLOUDWATCH_INVALID_TIMESTAMP', 'timestamp', reason);
  }
}

/** Rejects `add()` when the storage resolution is neither 1 nor 60. */
export class InvalidStorageResolutionError extends InvalidMetricError {
  constructor(reason: string) {
    super('CLOUDWATCH_INVALID_STORAGE_RESOLUTION', 'storageResolution', reason);
  }
}

/**
 * Fails a job that CloudWatch itself refused although it passed validation at `add()`: the
 * sink split the rejected request until this job alone was refused. `errorCode` is
 * CloudWatch's (`InvalidParameterValue`…); the service's message is in `awsMessage`, out of
 * `message` (it may echo values); the AWS error is the `cause`.
 */
export class MetricRejectedError extends BatchError {
  readonly errorCode: string;
  readonly awsMessage: string | undefined;

  constructor(errorCode: string, awsMessage: string | undefined, cause: unknown) {
    super('CLOUDWATCH_METRIC_REJECTED', `CloudWatch rejected the metric: ${errorCode}`, { cause });
    this.errorCode = errorCode;
    this.awsMessage = awsMessage;
  }
}
