import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { failure, success } from '@batch/core';
import type { Outcome } from '@batch/core';
import { MetricRejectedError } from './errors.js';
import type { MetricPoint } from './MetricPoint.js';
import { planRequests } from './planRequests.js';
import type { RequestPlanLimits } from './planRequests.js';
import type { CloudWatchClientLike, CloudWatchResult } from './types.js';

/** What delivering one batch needs. */
export interface Delivery {
  readonly client: CloudWatchClientLike;
  readonly limits: RequestPlanLimits;
  readonly signal: AbortSignal;
  /** One slot per job of the batch, filled here. */
  readonly outcomes: Array<Outcome<CloudWatchResult>>;
  /** Requests the batch may still spend on splitting. */
  budget: number;
}

/** Names (JSON protocol) and codes (query protocol) of CloudWatch's validation errors. */
const REJECTION_NAMES: ReadonlySet<string> = new Set([
  'InvalidParameterValueException',
  'InvalidParameterCombinationException',
  'MissingRequiredParameterException',
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'MissingParameter',
  'RequestEntityTooLarge',
]);

interface AwsErrorShape {
  readonly name?: unknown;
  readonly Code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

/**
 * Whether CloudWatch refused the request's content (all or nothing: one bad datum, or a body
 * too large): sending a part of it may succeed. Structural, never `instanceof`.
 */
export function isRejection(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const shape = error as AwsErrorShape;
  if (typeof shape.name === 'string' && REJECTION_NAMES.has(shape.name)) return true;
  if (typeof shape.Code === 'string' && REJECTION_NAMES.has(shape.Code)) return true;
  return shape.$metadata?.httpStatusCode === 413;
}

/**
 * Sends `indices` of `points` as planned requests, one after another, and records each job's
 * outcome. A request CloudWatch refuses for its content is split in halves, each sent (and
 * split) again, so that only the jobs CloudWatch refuses on their own fail, with
 * `MetricRejectedError`: the depth is at most log2(jobs), and the requests spent on splitting
 * are capped by `budget` (jobs left undecided then fail with the refusal, not retried). Any
 * other failure fails the request's jobs with that error, for the batcher to classify
 * (throttles, 5xx, timeouts and resets are retried). A refused request was not applied
 * (PutMetricData is all or nothing), so splitting duplicates nothing.
 *
 * @param refusal - The error that made the caller split (set while splitting).
 */
export async function deliverPoints(points: readonly MetricPoint[], indices: readonly number[], delivery: Delivery, refusal?: unknown): Promise<void> {
  const { outcomes } = delivery;
  for (const request of planRequests(points, indices, delivery.limits)) {
    if (refusal !== undefined) {
      if (delivery.budget <= 0) {
        for (const i of request.indices) outcomes[i] = failure(refusal, { retryable: false });
        continue;
      }
      delivery.budget -= 1;
    }
    let requestId: string | undefined;
    try {
      const output = await delivery.client.send(new PutMetricDataCommand(request.input), { abortSignal: delivery.signal });
      requestId = output.$metadata?.requestId;
    } catch (error) {
      if (!isRejection(error)) {
        for (const i of request.indices) outcomes[i] = failure(error);
      } else if (request.indices.length === 1) {
        outcomes[request.indices[0] as number] = failure(rejected(error), { retryable: false });
      } else if (delivery.budget <= 0) {
        for (const i of request.indices) outcomes[i] = failure(error, { retryable: false });
      } else {
        const middle = Math.ceil(request.indices.length / 2);
        await deliverPoints(points, request.indices.slice(0, middle), delivery, error);
        await deliverPoints(points, request.indices.slice(middle), delivery, error);
      }
      continue;
    }
    const result: CloudWatchResult = { requestId };
    for (const i of request.indices) outcomes[i] = success(result);
  }
}

function rejected(error: unknown): MetricRejectedError {
  const shape = error as AwsErrorShape;
  const code = typeof shape.Code === 'string' ? shape.Code : typeof shape.name === 'string' ? shape.name : 'Unknown';
  return new MetricRejectedError(code, typeof shape.message === 'string' ? shape.message : undefined, error);
}
