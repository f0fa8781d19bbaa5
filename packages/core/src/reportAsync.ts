/**
 * Rethrows an error from user code we called for information (a hook, a classifier) outside the
 * batcher's own call stack: it surfaces as an uncaught exception instead of being swallowed,
 * and the batcher's state is never left half-updated.
 */
export function reportAsync(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
