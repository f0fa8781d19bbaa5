/**
 * The metric points every contender sends: a fixed, seeded stream of 100,000 points over 50
 * metric/dimension combinations, rebuilt identically in each client child and in the emulator
 * child that checks what arrived.
 */
import type { CloudWatchJob, MetricUnit } from '@batch/sink-cloudwatch';

import { uniform } from '../lib/prng.js';

/** `points` points over `metrics.length × dimensionSets` combinations, spread evenly over `spanMs` from a start time. */
export interface WorkloadSpec {
  readonly points: number;
  readonly dimensionSets: number;
  /** Milliseconds the points' timestamps span (a service emitting them over five minutes). */
  readonly spanMs: number;
  readonly seed: number;
}

/** A metric and how its values are drawn (integers, as most service metrics are). */
interface MetricKind {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly draw: (random: () => number) => number;
}

/**
 * Five metrics; with ten dimension sets each, 50 combinations. Values repeat as real ones do
 * (whole milliseconds, bytes in hundreds, counts), which is what lets folding list a value once.
 */
export const METRICS: readonly MetricKind[] = [
  { name: 'Latency', unit: 'Milliseconds', draw: (r) => Math.round(2 * 1000 ** r()) },
  { name: 'ResponseSize', unit: 'Bytes', draw: (r) => 100 * Math.round(1 + 499 * r() ** 2) },
  { name: 'Errors', unit: 'Count', draw: (r) => (r() < 0.05 ? 1 : 0) },
  { name: 'Orders', unit: 'Count', draw: (r) => 1 + Math.floor(r() * 5) },
  { name: 'QueueDepth', unit: 'Count', draw: (r) => Math.floor(r() * 101) },
];

/** The dimensions of combination set `d`: two names, as a service and its route. */
export function dimensionsOf(d: number): Record<string, string> {
  return { Service: `checkout-${d % 5}`, Route: `/api/v1/route-${d}` };
}

/**
 * Points `0 … count-1`: point i has metric `i mod 5`, a seeded dimension set and value, and the
 * timestamp `start + ⌊i × spanMs / points⌋` (epoch ms), so every child builds identical points
 * and no contender stamps them itself.
 */
export function buildPoints(spec: WorkloadSpec, start: number, count = spec.points): CloudWatchJob[] {
  const random = uniform(spec.seed);
  const dimensions = Array.from({ length: spec.dimensionSets }, (_, d) => dimensionsOf(d));
  const points = new Array<CloudWatchJob>(count);
  for (let i = 0; i < count; i++) {
    const metric = METRICS[i % METRICS.length] as MetricKind;
    points[i] = {
      metricName: metric.name,
      unit: metric.unit,
      value: metric.draw(random),
      dimensions: dimensions[Math.floor(random() * spec.dimensionSets)],
      timestamp: start + Math.floor((i * spec.spanMs) / spec.points),
    };
  }
  return points;
}

/**
 * The key of a point as CloudWatch stores it: metric, dimensions (sorted), unit, storage
 * resolution and the minute, plus the value. Folding keeps all but the exact timestamp (the
 * folded datum carries the earliest of its minute), so equal multisets of these keys mean every
 * point arrived exactly once.
 */
export function pointKey(metricName: string, dimensions: ReadonlyArray<{ readonly name: string; readonly value: string }>, unit: string, timestampMs: number, storageResolution: number, value: number): string {
  const dims = dimensions.map((d) => `${d.name}=${d.value}`).sort().join(',');
  return `${metricName}|${dims}|${unit}|${storageResolution}|${Math.floor(timestampMs / 60_000)}|${value}`;
}
