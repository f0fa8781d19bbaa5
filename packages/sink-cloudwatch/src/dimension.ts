import type { MetricDimension } from './types.js';

/**
 * A dimension for a job's `dimensions` list. Validated when the job is added.
 * @example metrics.add({ metricName: 'Orders', value: 1, dimensions: [dimension('region', 'eu')] });
 */
export function dimension(name: string, value: string): MetricDimension {
  return { name, value };
}
