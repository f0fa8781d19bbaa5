/**
 * Emulator child of the cloudwatch suite: `@batch/local-aws`'s PutMetricData endpoint in a
 * process of its own, so the client children's CPU readings never include it. Prints one ready
 * line with the endpoint itself (no fault proxy), then answers one JSON command per stdin line
 * (see protocol.ts) until stdin closes.
 */
import { startLocalAws } from '@batch/local-aws';
import type { LocalAws } from '@batch/local-aws';

import { collectGarbage, emulatorMain } from '../lib/emulatorMain.js';
import type { EmulatorCommand, Verification } from './protocol.js';
import { memoLast } from '../lib/memo.js';
import { buildPoints, pointKey } from './workload.js';
import type { WorkloadSpec } from './workload.js';

/** The workload's points as a multiset of keys (see `pointKey`), for one `[workload, start]`. */
const expectedPoints = memoLast((key: string): Map<string, number> => {
  const [workload, start] = JSON.parse(key) as [WorkloadSpec, number];
  const expected = new Map<string, number>();
  for (const p of buildPoints(workload, start)) {
    const dims = Object.entries(p.dimensions as Record<string, string>).map(([name, value]) => ({ name, value }));
    const pointKeyOf = pointKey(p.metricName, dims, p.unit ?? 'None', p.timestamp as number, p.storageResolution ?? 60, p.value as number);
    expected.set(pointKeyOf, (expected.get(pointKeyOf) ?? 0) + 1);
  }
  return expected;
});

/**
 * Compares what the endpoint recorded for the namespace with the workload's points as multisets
 * of (metric, dimensions, unit, resolution, minute, value): a folded datum's `Values`/`Counts`
 * count as the points they stand for. Equal multisets: every point exactly once.
 */
function verify(aws: LocalAws, command: Extract<EmulatorCommand, { op: 'verify' }>): Verification {
  const expected = expectedPoints(JSON.stringify([command.workload, command.start]));
  const points = command.workload.points;
  const got = new Map<string, number>();
  const recorded = aws.cloudwatch.recorded({ namespace: command.namespace });
  let read = 0;
  const add = (key: string, times: number): void => {
    got.set(key, (got.get(key) ?? 0) + times);
    read += times;
  };
  for (const d of recorded) {
    const key = (value: number): string => pointKey(d.metricName, d.dimensions, d.unit, d.timestamp.getTime(), d.storageResolution, value);
    if (d.value !== undefined) add(key(d.value), 1);
    d.values?.forEach((value, i) => add(key(value), d.counts?.[i] ?? 1));
  }
  let exactlyOnce = 0;
  let missing = 0;
  let duplicates = 0;
  let corrupt = 0;
  for (const [key, times] of expected) {
    const seen = got.get(key) ?? 0;
    exactlyOnce += Math.min(times, seen);
    if (seen < times) missing += times - seen;
    else duplicates += seen - times;
  }
  for (const [key, times] of got) if (!expected.has(key)) corrupt += times;
  return { expected: points, datums: recorded.length, read, exactlyOnce, missing, duplicates, corrupt };
}

emulatorMain<EmulatorCommand>(async () => {
  const aws = await startLocalAws({ services: ['cloudwatch'] });
  return {
    endpoint: aws.cloudwatch.directEndpoint,
    handle(command) {
      switch (command.op) {
        case 'verify':
          return Promise.resolve(verify(aws, command));
        case 'clear':
          // Forget every namespace's data and collect it now, not during the next client child.
          aws.cloudwatch.clearRecorded();
          collectGarbage();
          return Promise.resolve(null);
      }
    },
    stop: () => aws.stop(),
  };
});
