import type { MetricDatum, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { foldGroup, groupPoints } from './foldPoints.js';
import type { FoldedGroup } from './foldPoints.js';
import type { MetricPoint } from './MetricPoint.js';
import { envelopeBytes } from './putMetricDataBody.js';

/** What shapes the requests of a batch. */
export interface RequestPlanLimits {
  readonly namespace: string;
  readonly aggregate: boolean;
  readonly maxDatumsPerRequest: number;
  readonly maxRequestBytes: number;
}

/** One request to send, and which of the points it carries. */
export interface PlannedRequest {
  /** Positions (in the `points` given to `planRequests`) of the points this request carries. */
  readonly indices: readonly number[];
  readonly input: PutMetricDataCommandInput;
  /** Bytes of the uncompressed body. */
  readonly bytes: number;
}

/**
 * Turns points into PutMetricData requests within the limits, each point in exactly one
 * request. With `aggregate`, points are grouped by where CloudWatch stores them and each group
 * folded (`foldGroup`); without, each point is its own group. Groups are measured exactly and
 * packed in order, a new request starting when the next group does not fit. A group too large
 * for one request (thousands of points of one metric) is cut into even parts of its points,
 * each folded again. A single point always fits: validation at `add()` bounds a datum by the
 * request limit.
 *
 * With the batcher's default limits (at most `maxDatumsPerRequest` jobs and a request's worth
 * of bytes, both counted without folding), a batch is always exactly one request: folding
 * never adds data or bytes.
 */
export function planRequests(points: readonly MetricPoint[], indices: readonly number[], limits: RequestPlanLimits): PlannedRequest[] {
  const planned: PlannedRequest[] = [];
  const envelope = envelopeBytes(limits.namespace);
  // Each datum brought its comma; a request's last datum has none.
  const requestBytes = (bytes: number): number => envelope + bytes - 1;
  let members: number[] = [];
  let data: MetricDatum[] = [];
  let bytes = 0;
  const flush = (): void => {
    if (members.length === 0) return;
    planned.push({ indices: members, input: { Namespace: limits.namespace, MetricData: data }, bytes: requestBytes(bytes) });
    members = [];
    data = [];
    bytes = 0;
  };
  const place = (group: FoldedGroup): void => {
    const alone = requestBytes(group.bytes);
    if ((group.data.length > limits.maxDatumsPerRequest || alone > limits.maxRequestBytes) && group.indices.length > 1) {
      const parts = Math.min(
        group.indices.length,
        Math.max(2, Math.ceil(group.data.length / limits.maxDatumsPerRequest), Math.ceil(alone / limits.maxRequestBytes)),
      );
      const n = group.indices.length;
      for (let part = 0; part < parts; part++) {
        place(foldGroup(points, group.indices.slice(Math.floor((part * n) / parts), Math.floor(((part + 1) * n) / parts))));
      }
      return;
    }
    if (data.length + group.data.length > limits.maxDatumsPerRequest || requestBytes(bytes + group.bytes) > limits.maxRequestBytes) flush();
    for (const i of group.indices) members.push(i);
    for (const datum of group.data) data.push(datum);
    bytes += group.bytes;
  };
  if (limits.aggregate) {
    for (const group of groupPoints(points, indices)) place(foldGroup(points, group));
  } else {
    for (const i of indices) {
      const point = points[i] as MetricPoint;
      place({ indices: [i], data: [point.datum], bytes: point.size });
    }
  }
  flush();
  return planned;
}
