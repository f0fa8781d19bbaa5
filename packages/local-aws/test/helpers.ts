// Shared by the integration tests: turn an SDK rejection into the fields the tests assert on.

/** What the tests check of a rejected SDK call. */
export interface CaughtError {
  readonly name: string;
  readonly message: string;
  readonly status: number | undefined;
  /** Query-compatible services copy `x-amzn-query-error` here. */
  readonly code: string | undefined;
  /** Node's network error code (ECONNRESET, ETIMEDOUT, …). */
  readonly errno: string | undefined;
  readonly fault: string | undefined;
}

/** Awaits `promise`, which must reject, and returns the interesting fields of the error. */
export async function caught(promise: Promise<unknown>): Promise<CaughtError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof Error)) throw new Error(`Expected an Error, got ${String(error)}`);
    const fields = error as Error & {
      $metadata?: { httpStatusCode?: number };
      Code?: unknown;
      code?: unknown;
      $fault?: unknown;
    };
    return {
      name: error.name,
      message: error.message,
      status: fields.$metadata?.httpStatusCode,
      code: typeof fields.Code === 'string' ? fields.Code : undefined,
      errno: typeof fields.code === 'string' ? fields.code : undefined,
      fault: typeof fields.$fault === 'string' ? fields.$fault : undefined,
    };
  }
  throw new Error('Expected the call to reject, but it resolved');
}

let counter = 0;
/** A resource name unique within the run. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** A logger that keeps warnings for assertions and prints nothing. */
export function captureLogger(): { warnings: string[]; logger: { debug(): void; info(): void; warn(...args: unknown[]): void; error(): void } } {
  const warnings: string[] = [];
  return {
    warnings,
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: (...args: unknown[]) => {
        warnings.push(args.map(String).join(' '));
      },
      error: () => undefined,
    },
  };
}
