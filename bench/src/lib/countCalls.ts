/** What one call carried, as the suite counts it (entries per request, bytes against the limit). */
export interface CallSize {
  readonly entries: number;
  readonly bytes: number;
}

/** What the counting middleware saw since the last `reset()`. */
export interface CallCount {
  calls: number;
  /** Entries over all calls: equals the workload's size unless something was sent twice. */
  entries: number;
  bytes: number;
  largestEntries: number;
  largestBytes: number;
  /** Calls by command name, e.g. `{ BatchWriteItemCommand: 120 }`. */
  byCommand: Record<string, number>;
  reset(): void;
}

type Handler<Input, Output> = (args: { input: Input }) => Promise<Output>;

/** The part of an SDK v3 client this needs: an `initialize`-step middleware slot. */
export interface MiddlewareClient<Input, Output> {
  readonly middlewareStack: {
    add(
      middleware: (next: Handler<Input, Output>, context: { commandName?: string }) => Handler<Input, Output>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Counts every call `client` sends, with what `measure` says it carried, from an
 * `initialize`-step middleware (before serialization, so it adds no work that depends on the
 * wire format). With `maxAttempts: 1` the SDK never retries, so one call is one HTTP request;
 * a retry by a sink or loop is a call of its own. `measure` runs inside the timed region: keep
 * it cheap (sums of lengths, no serialization).
 */
export function countCalls<Input, Output>(client: MiddlewareClient<Input, Output>, measure: (input: Input) => CallSize): CallCount {
  const count: CallCount = {
    calls: 0,
    entries: 0,
    bytes: 0,
    largestEntries: 0,
    largestBytes: 0,
    byCommand: {},
    reset() {
      count.calls = 0;
      count.entries = 0;
      count.bytes = 0;
      count.largestEntries = 0;
      count.largestBytes = 0;
      count.byCommand = {};
    },
  };
  client.middlewareStack.add(
    (next, context) => (args) => {
      const { entries, bytes } = measure(args.input);
      const name = context.commandName ?? 'unknown';
      count.calls += 1;
      count.entries += entries;
      count.bytes += bytes;
      count.byCommand[name] = (count.byCommand[name] ?? 0) + 1;
      if (entries > count.largestEntries) count.largestEntries = entries;
      if (bytes > count.largestBytes) count.largestBytes = bytes;
      return next(args);
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  return count;
}
