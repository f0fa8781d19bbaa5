import type { MetricDatum, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { utf8ByteLength } from '@batch/sink-common';

/**
 * The JSON body the CloudWatch client sends for `input` (AWS JSON 1.0, what
 * `@aws-sdk/client-cloudwatch` speaks since CloudWatch's late-2025 protocol migration), byte for
 * byte before gzip: members in model order, timestamps as epoch seconds, numbers as JavaScript
 * prints them. (Older clients spoke AWS Query, whose bodies are larger; CloudWatch's 1 MB
 * applies to the payload either way.) `EntityMetricData` and `StrictEntityValidation` are not
 * written: the sink never sends them.
 *
 * @example putMetricDataBody({ Namespace: 'Shop', MetricData: [{ MetricName: 'Orders', Value: 1 }] })
 * // '{"Namespace":"Shop","MetricData":[{"MetricName":"Orders","Value":1}]}'
 */
export function putMetricDataBody(input: PutMetricDataCommandInput): string {
  return JSON.stringify({ Namespace: input.Namespace, MetricData: input.MetricData?.map(wireDatum) });
}

/**
 * Bytes of the uncompressed body the client sends for `input`: what CloudWatch's 1 MB request
 * limit counts. Use it to compare requests with and without aggregation.
 */
export function putMetricDataBodyBytes(input: PutMetricDataCommandInput): number {
  return utf8ByteLength(putMetricDataBody(input));
}

/**
 * Bytes of one datum inside `MetricData` (without the separating comma), counted without
 * serializing: the sink measures every job at `add()`. Exact for data whose strings are
 * printable ASCII (validation guarantees it), where JSON escapes only `"` and `\\`.
 */
export function datumBytes(datum: MetricDatum): number {
  // {"MetricName":…}
  let bytes = 15 + quoted(datum.MetricName ?? '');
  const dimensions = datum.Dimensions;
  if (dimensions !== undefined) {
    // ,"Dimensions":[…] with {"Name":…,"Value":…} items separated by commas
    bytes += 16 + Math.max(0, dimensions.length - 1);
    for (const d of dimensions) bytes += 18 + quoted(d.Name ?? '') + quoted(d.Value ?? '');
  }
  if (datum.Timestamp !== undefined) bytes += 13 + String(datum.Timestamp.getTime() / 1000).length; // ,"Timestamp":
  if (datum.Value !== undefined) bytes += 9 + String(datum.Value).length; // ,"Value":
  const stats = datum.StatisticValues;
  if (stats !== undefined) {
    // ,"StatisticValues":{"SampleCount":…,"Sum":…,"Minimum":…,"Maximum":…}
    bytes += 64 + String(stats.SampleCount).length + String(stats.Sum).length + String(stats.Minimum).length + String(stats.Maximum).length;
  }
  if (datum.Values !== undefined) bytes += 12 + listBytes(datum.Values); // ,"Values":[…]
  if (datum.Counts !== undefined) bytes += 12 + listBytes(datum.Counts); // ,"Counts":[…]
  if (datum.Unit !== undefined) bytes += 8 + quoted(datum.Unit); // ,"Unit":
  if (datum.StorageResolution !== undefined) bytes += 21 + String(datum.StorageResolution).length; // ,"StorageResolution":
  return bytes;
}

/** A printable-ASCII string as JSON: quotes, and a backslash before each `"` and `\\`. */
function quoted(text: string): number {
  let bytes = text.length + 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) bytes += 1;
  }
  return bytes;
}

/** `a,b,c` (without the brackets, which the caller counts). */
function listBytes(numbers: readonly number[]): number {
  let bytes = Math.max(0, numbers.length - 1);
  for (const n of numbers) bytes += String(n).length;
  return bytes;
}

/** Bytes of a request with an empty `MetricData`: `{"Namespace":"…","MetricData":[]}`. */
export function envelopeBytes(namespace: string): number {
  return utf8ByteLength(JSON.stringify({ Namespace: namespace, MetricData: [] }));
}

/** A datum as plain JSON in the model's member order (the SDK writes members in that order). */
function wireDatum(datum: MetricDatum): Record<string, unknown> {
  const stats = datum.StatisticValues;
  return {
    MetricName: datum.MetricName,
    Dimensions: datum.Dimensions?.map((d) => ({ Name: d.Name, Value: d.Value })),
    Timestamp: datum.Timestamp === undefined ? undefined : datum.Timestamp.getTime() / 1000,
    Value: datum.Value,
    StatisticValues:
      stats === undefined ? undefined : { SampleCount: stats.SampleCount, Sum: stats.Sum, Minimum: stats.Minimum, Maximum: stats.Maximum },
    Values: datum.Values,
    Counts: datum.Counts,
    Unit: datum.Unit,
    StorageResolution: datum.StorageResolution,
  };
}
