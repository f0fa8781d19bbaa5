/**
 * The child side of `runChild`: parses the task from `argv[2]`, runs `handler`, prints the
 * result as one JSON line and exits (explicitly, so a measurement that leaves promises pending
 * on purpose, such as the retained-memory one, does not keep the child alive).
 */
export function workerMain<Task, Result>(handler: (task: Task) => Promise<Result>): void {
  const raw = process.argv[2];
  if (raw === undefined) {
    process.stderr.write('usage: node <worker>.js <task JSON>\n');
    process.exit(2);
  }
  handler(JSON.parse(raw) as Task).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** `globalThis.gc`, which the child has only when started with `--expose-gc`. */
export function requireGc(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('this measurement needs node --expose-gc');
  return gc;
}
