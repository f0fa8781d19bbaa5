import { BatchError, JobTooLargeError, failure } from '@batch/core';
import type { BatchContext, HardLimits, Outcome } from '@batch/core';
import { isRetryableAwsError } from '@batch/sink-common';
import { deliverPoints } from './deliverPoints.js';
import type { Delivery } from './deliverPoints.js';
import { InvalidTimestampError } from './errors.js';
import { CLOUDWATCH_LIMITS } from './limits.js';
import { MetricPoint } from './MetricPoint.js';
import { resolveCloudWatchOptions } from './options.js';
import type { CloudWatchSinkOptions } from './options.js';
import { envelopeBytes } from './putMetricDataBody.js';
import type { CloudWatchJob, CloudWatchResult } from './types.js';

/**
 * Most jobs a batch may hold when folding is on (the batcher's `maxBatchSize` hard limit): a
 * batch folds into data and is sent as as many requests as the limits need, one after another.
 */
const MAX_JOBS_PER_FOLDED_BATCH = 10_000;

/** What `cloudWatchSink` returns: options to spread into `new Batcher({ ... })`. */
export interface CloudWatchSink {
  readonly processBatch: (jobs: readonly CloudWatchJob[], context: BatchContext) => Promise<readonly Outcome<CloudWatchResult>[]>;
  readonly prepare: (job: CloudWatchJob) => CloudWatchJob;
  readonly validate: (job: CloudWatchJob) => void;
  readonly sizeOf: (job: CloudWatchJob) => number;
  readonly isRetryable: (error: unknown) => boolean;
  readonly maxBatchSize: number;
  readonly maxBatchBytes: number;
  readonly hardLimits: HardLimits;
}

/**
 * Sends metric data points with CloudWatch `PutMetricData`. Every job is checked against
 * CloudWatch's rules at `add()` (names, dimensions, units, value range, timestamp window,
 * 150 distinct values), so one bad point never fails a request: PutMetricData is all or
 * nothing. Points of a batch that CloudWatch would store together are folded into
 * `Values`/`Counts` (on by default), for fewer bytes and data with identical statistics.
 * Throttles, 5xx, timeouts and resets are retried; a request refused for a reason validation
 * missed is split until only the bad jobs fail.
 *
 * Sizing: the batcher counts jobs and their own datum's bytes (`sizeOf`), so by default a
 * batch is at most `maxDatumsPerRequest` jobs and one request's bytes; folding only removes
 * data and bytes, so such a batch is always one request. With folding on, `maxBatchSize` may
 * be raised (up to 10,000) together with `maxBatchBytes`: the folded batch is then sent in as
 * many requests as the limits need, which folding usually keeps at one.
 *
 * Delivery is at least once: a connection reset after CloudWatch applied a request makes the
 * retry count those points again.
 *
 * @example
 * const metrics = new Batcher({ ...cloudWatchSink({ client, namespace: 'Shop' }), maxBatchDelay: 1000 });
 * await metrics.add({ metricName: 'Latency', value: 12.3, unit: 'Milliseconds', dimensions: { route: '/buy' } });
 */
export function cloudWatchSink(options: CloudWatchSinkOptions): CloudWatchSink {
  const resolved = resolveCloudWatchOptions(options);
  const { client, namespace, aggregate, maxDatumsPerRequest, maxRequestBytes, maxBisectionRequests, clock } = resolved;
  const envelope = envelopeBytes(namespace);
  // sizeOf counts a datum with its comma; the last datum of a request has none.
  const requestBudget = maxRequestBytes - envelope + 1;
  const limits = { namespace, aggregate, maxDatumsPerRequest, maxRequestBytes };

  const validate = (job: CloudWatchJob): void => {
    const point = job as MetricPoint;
    if (point.size > requestBudget) {
      throw new JobTooLargeError('maxRequestBytes', point.size - 1 + envelope, maxRequestBytes, ' (a request carrying only this datum)');
    }
  };

  const processBatch = async (jobs: readonly CloudWatchJob[], context: BatchContext): Promise<readonly Outcome<CloudWatchResult>[]> => {
    const points = jobs as readonly MetricPoint[];
    const outcomes = new Array<Outcome<CloudWatchResult>>(points.length);
    // A point valid at add() may have aged past the window while it waited or backed off:
    // sending it would fail its whole request.
    const oldest = clock() - CLOUDWATCH_LIMITS.maxPastMs;
    const live: number[] = [];
    for (let i = 0; i < points.length; i++) {
      if ((points[i] as MetricPoint).timestamp < oldest) {
        outcomes[i] = failure(new InvalidTimestampError('grew more than two weeks old before it could be sent'), { retryable: false });
      } else live.push(i);
    }
    const delivery: Delivery = { client, limits, signal: context.signal, outcomes, budget: maxBisectionRequests };
    await deliverPoints(points, live, delivery);
    // Every job failed with the same request error: the whole batch failed (a throw says so).
    const first = outcomes[0];
    if (first !== undefined && !first.ok && !(first.error instanceof BatchError) && outcomes.every((o) => !o.ok && o.error === first.error)) {
      throw first.error;
    }
    return outcomes;
  };

  return {
    processBatch,
    prepare: (job) => MetricPoint.from(job, resolved),
    validate,
    sizeOf: (job) => (job as MetricPoint).size,
    // No orderingKey: CloudWatch orders data by timestamp, not by arrival.
    isRetryable: isRetryableAwsError,
    maxBatchSize: maxDatumsPerRequest,
    maxBatchBytes: requestBudget,
    hardLimits: aggregate
      ? { maxBatchSize: MAX_JOBS_PER_FOLDED_BATCH }
      : { maxBatchSize: maxDatumsPerRequest, maxBatchBytes: requestBudget },
  };
}
