import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs one measurement in a fresh Node process, so that no contender inherits another's heap,
 * JIT state or pending timers. The child is a script built with `workerMain`: it gets `task` as
 * JSON in `argv[2]` and prints its result as one JSON line, the last line of its stdout. Its
 * stderr passes through. Children run one at a time; never in parallel, they would share cores.
 *
 * The result is cast, not validated: parent and child are compiled from the same protocol types.
 */
export function runChild<Result>(script: URL, task: unknown, nodeFlags: readonly string[] = []): Promise<Result> {
  return new Promise<Result>((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, fileURLToPath(script), JSON.stringify(task)], {
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
