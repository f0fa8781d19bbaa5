import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs one measurement in a fresh Node process, so that no contender inherits another's heap,
 * JIT state or pending timers. The child is a script built with `workerMain`: it gets `task` as
 * JSON in `argv[2]` and prints its result as one JSON line, the last line of its stdout. Its
 * stderr passes through. Children run one at a time; never in parallel, they would share cores.
 *
 * The result is cast, not validated: parent and child are compiled from the same protocol types.
 * `BENCH_NODE_FLAGS` (space-separated) is added to every measurement child's Node flags, for profiling a
 * suite as it runs: `BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' pnpm bench sqs`
 * (Node refuses `--cpu-prof` in `NODE_OPTIONS`).
 */
export function runChild<Result>(script: URL, task: unknown, nodeFlags: readonly string[] = []): Promise<Result> {
  const extraFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
  return new Promise<Result>((resolve, reject) => {
    const child = spawn(process.execPath, [...extraFlags, ...nodeFlags, fileURLToPath(script), JSON.stringify(task)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`benchmark child ${fileURLToPath(script)} exited with ${signal ?? code} for task ${JSON.stringify(task)}`));
        return;
      }
      const last = stdout.trimEnd().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as Result);
      } catch (error) {
        reject(new Error(`benchmark child printed no JSON result: ${JSON.stringify(last)}`, { cause: error }));
      }
    });
  });
}
