import { readFileSync } from 'node:fs';

/** Wall clock and this process's CPU over one timed run. */
export interface Timing {
  readonly ms: number;
  /** `process.cpuUsage()` over the run, user + system, in microseconds: every thread of the process. */
  readonly cpuMicros: number;
  /**
   * CPU of the main (JavaScript) thread alone over the run, in microseconds; `undefined` where
   * Linux's per-thread `schedstat` is not available. The difference to `cpuMicros` is V8's
   * background threads: the optimizing compiler and parallel garbage collection.
   */
  readonly mainThreadCpuMicros: number | undefined;
}

/**
 * Runs `fn` and measures it: `performance.now()` for the wall clock, `process.cpuUsage()`
 * (user + system) for this process's CPU, and the main thread's own CPU where Linux reports it.
 * Run it in a client child with the emulator in another process, so that the CPU is the
 * client's alone.
 */
export async function timed(fn: () => Promise<void>): Promise<Timing> {
  const mainThread = mainThreadCpuMicros();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await fn();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const mainThreadAfter = mainThreadCpuMicros();
  return {
    ms,
    cpuMicros: used.user + used.system,
    mainThreadCpuMicros: mainThread === undefined || mainThreadAfter === undefined ? undefined : mainThreadAfter - mainThread,
  };
}

/**
 * CPU time the main thread has run, in microseconds, from `/proc/self/task/<pid>/schedstat`
 * (nanoseconds on CPU, first field; the main thread's id is the process id). `undefined` off Linux
 * or without scheduler statistics.
 */
export function mainThreadCpuMicros(): number | undefined {
  try {
    const nanos = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
    return Number.isFinite(nanos) ? nanos / 1000 : undefined;
  } catch {
    return undefined;
  }
}
