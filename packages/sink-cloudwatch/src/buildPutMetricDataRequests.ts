import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { JobTooLargeError } from '@batch/core';
import { MetricPoint } from './MetricPoint.js';
import { resolvePutMetricDataOptions } from './options.js';
import type { PutMetricDataOptions } from './options.js';
import { planRequests } from './planRequests.js';
import { envelopeBytes } from './putMetricDataBody.js';
import type { CloudWatchJob } from './types.js';

/**
 * The PutMetricData inputs the sink sends for one batch of `jobs` when nothing fails: each job
 * checked as at `add()`, the batch folded (unless `aggregate: false`) and cut to the request
 * limits. Pure apart from the clock (stamping jobs without a timestamp): benchmarks and tests
 * use it with `putMetricDataBodyBytes` to compare request counts and bytes with and without
 * aggregation.
 *
 * @throws the typed error `add()` would reject the first invalid job with, or `InvalidOptionError`.
 * @example
 * const folded = buildPutMetricDataRequests(jobs, { namespace: 'Shop' });
 * const plain = buildPutMetricDataRequests(jobs, { namespace: 'Shop', aggregate: false });
 * const bytes = (inputs) => inputs.reduce((sum, input) => sum + putMetricDataBodyBytes(input), 0);
 */
export function buildPutMetricDataRequests(jobs: readonly CloudWatchJob[], options: PutMetricDataOptions): PutMetricDataCommandInput[] {
  const resolved = resolvePutMetricDataOptions(options);
  const envelope = envelopeBytes(resolved.namespace);
  const points = jobs.map((job) => {
    const point = MetricPoint.from(job, resolved);
    if (point.size - 1 + envelope > resolved.maxRequestBytes) {
      throw new JobTooLargeError('maxRequestBytes', point.size - 1 + envelope, resolved.maxRequestBytes, ' (a request carrying only this datum)');
    }
    return point;
  });
  return planRequests(points, points.map((_, i) => i), resolved).map((request) => request.input);
}
