/** Wall clock and this process's CPU over one timed run. */
export interface Timing {
  readonly ms: number;
  /** `process.cpuUsage()` over the run, user + system, in microseconds. */
  readonly cpuMicros: number;
}

/**
 * Runs `fn` and measures it: `performance.now()` for the wall clock and `process.cpuUsage()`
 * (user + system) for this process's CPU. Run it in a client child with the emulator in another
 * process, so that the CPU is the client's alone.
 */
export async function timed(fn: () => Promise<void>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await fn();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMicros: used.user + used.system };
}
