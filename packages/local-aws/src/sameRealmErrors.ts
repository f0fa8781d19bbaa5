/**
 * Re-creates an error thrown by Node's own modules in this realm.
 *
 * Under Jest every test file runs in its own VM context, so errors raised by Node core (`http`,
 * `net`: ECONNRESET, ETIMEDOUT, socket hang up) are instances of the outer realm's `Error`. The
 * SDK's retry middleware still classifies and retries them, but the error it finally throws
 * fails its `error instanceof Error` check and is replaced with
 * `new Error('AWS SDK error wrapper for TimeoutError: read ECONNRESET')`: `name` and `code` are
 * lost, and a sink's own retry classification sees a plain client error. Outside Jest nothing
 * changes: such errors are already instances of `Error` and pass through untouched.
 */
export function sameRealmError(error: unknown): unknown {
  if (error instanceof Error || typeof error !== 'object' || error === null) return error;
  if (Object.prototype.toString.call(error) !== '[object Error]') return error;
  const foreign = error as { message?: unknown; stack?: unknown; name?: unknown };
  const copy = Object.assign(new Error(typeof foreign.message === 'string' ? foreign.message : ''), error);
  if (typeof foreign.name === 'string') copy.name = foreign.name;
  if (typeof foreign.stack === 'string') copy.stack = foreign.stack;
  return copy;
}

/** The slice of an SDK client this module needs. */
export interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (next: (args: never) => Promise<unknown>) => (args: never) => Promise<unknown>,
      options: { step: 'deserialize'; name: string; priority: 'low' },
    ): void;
  };
}

/**
 * Installs {@link sameRealmError} as the innermost middleware of `client`, below the retry
 * middleware, so network errors reach the caller as they would outside Jest.
 */
export function withSameRealmErrors<C extends MiddlewareClient>(client: C): C {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw sameRealmError(error);
      }
    },
    { step: 'deserialize', name: 'localAwsSameRealmErrors', priority: 'low' },
  );
  return client;
}
