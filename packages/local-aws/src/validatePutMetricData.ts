import type { FaultError, RecordedDatum, RecordedDimension, RecordedStatisticValues } from './types.js';
import { isJsonObject } from './wireProtocol.js';

/** CloudWatch's documented PutMetricData limits. */
export const PUT_METRIC_DATA_LIMITS = {
  maxRequestBytes: 1024 * 1024,
  maxMetricData: 1000,
  maxDimensions: 30,
  maxValues: 150,
  maxNameLength: 255,
  maxDimensionValueLength: 1024,
  maxMagnitude: 2 ** 360,
  maxPastMs: 14 * 24 * 60 * 60 * 1000,
  maxFutureMs: 2 * 60 * 60 * 1000,
} as const;

const UNITS = new Set([
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes',
  'Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second',
  'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second',
  'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
]);

/** Printable ASCII only: CloudWatch rejects control characters and non-ASCII in names. */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** The outcome of validating one PutMetricData request. */
export type PutMetricDataVerdict =
  | { readonly ok: true; readonly data: readonly RecordedDatum[] }
  | { readonly ok: false; readonly error: FaultError };

/** Thrown inside validation to stop at the first problem, as CloudWatch does. */
class Invalid extends Error {
  constructor(readonly fault: FaultError) {
    super(fault.message);
  }
}

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));

const invalidValue = (message: string): Invalid =>
  new Invalid({ status: 400, name: 'InvalidParameterValueException', message });
const missing = (parameter: string): Invalid =>
  new Invalid({ status: 400, name: 'MissingRequiredParameterException', message: `The parameter ${parameter} is required.` });
const combination = (a: string, b: string): Invalid =>
  new Invalid({
    status: 400,
    name: 'InvalidParameterCombinationException',
    message: `The parameters ${a} and ${b} are mutually exclusive and you have specified both.`,
  });

/** A double as the SDK sends it: a JSON number, or the strings `NaN`, `Infinity`, `-Infinity`. */
function double(value: unknown, parameter: string): number {
  const parsed =
    typeof value === 'number'
      ? value
      : value === 'NaN' ? NaN : value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : undefined;
  if (parsed === undefined) throw invalidValue(`The value for parameter ${parameter} must be a number.`);
  if (!Number.isFinite(parsed) || Math.abs(parsed) > PUT_METRIC_DATA_LIMITS.maxMagnitude) {
    throw invalidValue(`The value ${String(parsed)} for parameter ${parameter} is invalid.`);
  }
  return parsed;
}

function doubles(value: unknown, parameter: string): number[] {
  if (!Array.isArray(value)) throw invalidValue(`The parameter ${parameter} must be a list.`);
  if (value.length > PUT_METRIC_DATA_LIMITS.maxValues) {
    throw invalidValue(`The collection ${parameter} must not have a size greater than ${PUT_METRIC_DATA_LIMITS.maxValues}.`);
  }
  return value.map((item, i) => double(item, `${parameter}.member.${i + 1}`));
}

function name(value: unknown, parameter: string, maxLength: number): string {
  if (value === undefined || value === null) throw missing(parameter);
  if (typeof value !== 'string' || value.length < 1 || value.length > maxLength) {
    throw invalidValue(`The parameter ${parameter} must be between 1 and ${maxLength} characters long.`);
  }
  return value;
}

function asciiName(value: unknown, parameter: string, maxLength: number, noLeadingColon: boolean): string {
  const text = name(value, parameter, maxLength);
  if (!PRINTABLE_ASCII.test(text) || text.trim().length === 0 || (noLeadingColon && text.startsWith(':'))) {
    throw invalidValue(`The value ${text} for parameter ${parameter} contains characters that are not allowed.`);
  }
  return text;
}

function dimensions(value: unknown, parameter: string): RecordedDimension[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidValue(`The parameter ${parameter} must be a list.`);
  if (value.length > PUT_METRIC_DATA_LIMITS.maxDimensions) {
    throw invalidValue(
      `The collection ${parameter} must not have a size greater than ${PUT_METRIC_DATA_LIMITS.maxDimensions}.`,
    );
  }
  return value.map((item: unknown, i) => {
    const at = `${parameter}.member.${i + 1}`;
    const dimension = isJsonObject(item) ? item : {};
    return {
      name: asciiName(dimension.Name, `${at}.Name`, PUT_METRIC_DATA_LIMITS.maxNameLength, true),
      value: asciiName(dimension.Value, `${at}.Value`, PUT_METRIC_DATA_LIMITS.maxDimensionValueLength, false),
    };
  });
}

function statisticValues(value: unknown, parameter: string): RecordedStatisticValues {
  const set = isJsonObject(value) ? value : {};
  const field = (key: string): number => {
    if (set[key] === undefined || set[key] === null) throw missing(`${parameter}.${key}`);
    return double(set[key], `${parameter}.${key}`);
  };
  return { sampleCount: field('SampleCount'), sum: field('Sum'), minimum: field('Minimum'), maximum: field('Maximum') };
}

function timestamp(value: unknown, parameter: string, nowMs: number): Date {
  if (value === undefined) return new Date(nowMs);
  // JSON 1.0 sends epoch seconds (fractional); accept ISO strings from hand-made requests too.
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw invalidValue(`The parameter ${parameter} must be a timestamp.`);
  if (ms < nowMs - PUT_METRIC_DATA_LIMITS.maxPastMs) {
    throw invalidValue(`The parameter ${parameter} must specify a time no more than two weeks in the past.`);
  }
  if (ms > nowMs + PUT_METRIC_DATA_LIMITS.maxFutureMs) {
    throw invalidValue(`The parameter ${parameter} must specify a time no more than two hours in the future.`);
  }
  return new Date(ms);
}

function datum(raw: unknown, index: number, namespace: string, nowMs: number): RecordedDatum {
  const at = `MetricData.member.${index + 1}`;
  const item = isJsonObject(raw) ? raw : {};
  const metricName = name(item.MetricName, `${at}.MetricName`, PUT_METRIC_DATA_LIMITS.maxNameLength);
  const dims = dimensions(item.Dimensions, `${at}.Dimensions`);
  const has = (key: string): boolean => item[key] !== undefined && item[key] !== null;
  if (has('Value') && has('StatisticValues')) throw combination(`${at}.Value`, `${at}.StatisticValues`);
  if (has('Value') && has('Values')) throw combination(`${at}.Value`, `${at}.Values`);
  if (has('Values') && has('StatisticValues')) throw combination(`${at}.Values`, `${at}.StatisticValues`);
  if (has('Counts') && !has('Values')) {
    throw new Invalid({
      status: 400,
      name: 'InvalidParameterCombinationException',
      message: `The parameter ${at}.Counts requires ${at}.Values.`,
    });
  }
  if (!has('Value') && !has('Values') && !has('StatisticValues')) throw missing(`${at}.Value`);
  const unit = item.Unit === undefined ? 'None' : item.Unit;
  if (typeof unit !== 'string' || !UNITS.has(unit)) {
    throw invalidValue(`The value ${show(unit)} for parameter ${at}.Unit is invalid.`);
  }
  const resolution = item.StorageResolution === undefined ? 60 : item.StorageResolution;
  if (resolution !== 1 && resolution !== 60) {
    throw invalidValue(`The value ${show(resolution)} for parameter ${at}.StorageResolution is invalid: use 1 or 60.`);
  }
  const result: {
    -readonly [K in keyof RecordedDatum]: RecordedDatum[K];
  } = {
    namespace,
    metricName,
    dimensions: dims,
    unit,
    timestamp: timestamp(item.Timestamp, `${at}.Timestamp`, nowMs),
    storageResolution: resolution,
  };
  if (has('Value')) result.value = double(item.Value, `${at}.Value`);
  if (has('Values')) {
    const values = doubles(item.Values, `${at}.Values`);
    result.values = values;
    if (has('Counts')) {
      const counts = doubles(item.Counts, `${at}.Counts`);
      if (counts.length !== values.length) {
        throw invalidValue(`The parameters ${at}.Values and ${at}.Counts must have the same number of members.`);
      }
      result.counts = counts;
    }
  }
  if (has('StatisticValues')) result.statisticValues = statisticValues(item.StatisticValues, `${at}.StatisticValues`);
  return result;
}

/**
 * Validates a decoded PutMetricData JSON body against CloudWatch's documented rules and returns
 * either the data to record or the first error, shaped as CloudWatch's modeled exceptions.
 * All-or-nothing, like CloudWatch: one bad datum rejects the request.
 *
 * @param body - The parsed JSON request.
 * @param nowMs - The current time, for the timestamp window.
 */
export function validatePutMetricData(body: unknown, nowMs: number): PutMetricDataVerdict {
  try {
    const request = isJsonObject(body) ? body : {};
    const namespace = asciiName(request.Namespace, 'Namespace', PUT_METRIC_DATA_LIMITS.maxNameLength, true);
    if (namespace.startsWith('AWS/')) {
      throw invalidValue(`The value ${namespace} for parameter Namespace is invalid: namespaces starting with AWS/ are reserved.`);
    }
    if (request.EntityMetricData !== undefined) {
      throw invalidValue('EntityMetricData is not emulated by @batch/local-aws.');
    }
    const metricData = request.MetricData;
    if (!Array.isArray(metricData) || metricData.length === 0) throw missing('MetricData');
    if (metricData.length > PUT_METRIC_DATA_LIMITS.maxMetricData) {
      throw invalidValue(
        `The collection MetricData must not have a size greater than ${PUT_METRIC_DATA_LIMITS.maxMetricData}.`,
      );
    }
    return { ok: true, data: metricData.map((raw: unknown, i) => datum(raw, i, namespace, nowMs)) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.fault };
    throw error;
  }
}
