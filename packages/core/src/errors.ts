/**
 * Base class of every error the batch library creates. `code` is stable across releases: branch
 * on it (or on the subclass), never on `message`.
 */
export class BatchError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Thrown when an option is missing, of the wrong type or out of range (at construction). */
export class InvalidOptionError extends BatchError {
  /** The option's name, e.g. `maxBatchSize` or `retry.maxAttempts`. */
  readonly option: string;

  constructor(option: string, expectation: string, value: unknown) {
    super('INVALID_OPTION', `Expected \`${option}\` to be ${expectation}, got \`${describe(value)}\``);
    this.option = option;
  }
}

/** Rejects `add()` when the job failed `prepare`/`validate`; `cause` holds the validator's error. */
export class InvalidJobError extends BatchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_JOB', message, options);
  }
}

/**
 * Rejects `add()` when a job can never fit in a batch: it alone breaks the limit named by
 * `limit` (e.g. `maxBatchBytes`, or a sink's per-record limit).
 */
export class JobTooLargeError extends BatchError {
  /** The job's size, in the unit of `max` (bytes unless said otherwise). */
  readonly size: number;
  /** The limit it broke. */
  readonly max: number;
  /** Which limit, e.g. `maxBatchBytes`. */
  readonly limit: string;

  constructor(limit: string, size: number, max: number, detail = '') {
    super('JOB_TOO_LARGE', `Job of ${size} bytes exceeds \`${limit}\` of ${max} bytes${detail}`);
    this.size = size;
    this.max = max;
    this.limit = limit;
  }
}

/** Rejects `add()` when the queue is at `maxQueueSize` jobs or `maxQueueBytes` bytes. */
export class QueueFullError extends BatchError {
  /** The bound that was reached: `maxQueueSize` or `maxQueueBytes`. */
  readonly limit: 'maxQueueSize' | 'maxQueueBytes';
  /** Its value. */
  readonly max: number;

  constructor(limit: 'maxQueueSize' | 'maxQueueBytes', max: number) {
    super(
      'QUEUE_FULL',
      `Queue is full (\`${limit}\` of ${max} reached); wait for room with \`waitForRoom()\` or slow down`,
    );
    this.limit = limit;
    this.max = max;
  }
}

/** Rejects `add()` after `shutdown()` began or the batcher's `signal` aborted. */
export class BatcherClosedError extends BatchError {
  constructor() {
    super('BATCHER_CLOSED', 'Batcher is shut down; it accepts no more jobs');
  }
}

/** Rejects a job that failed with an error the batcher will not retry; `cause` is that error. */
export class JobFailedError extends BatchError {
  /** Attempts made. */
  readonly attempts: number;

  constructor(attempts: number, cause: unknown) {
    super('JOB_FAILED', `Job failed on attempt ${attempts}: ${describeError(cause)}`, { cause });
    this.attempts = attempts;
  }
}

/** Rejects a job that failed retryably on every one of its `attempts`; `cause` is the last error. */
export class RetriesExhaustedError extends BatchError {
  /** Attempts made, equal to `retry.maxAttempts`. */
  readonly attempts: number;

  constructor(attempts: number, cause: unknown) {
    super('RETRIES_EXHAUSTED', `Job failed after ${attempts} attempts: ${describeError(cause)}`, { cause });
    this.attempts = attempts;
  }
}

/** Rejects a job not delivered within `maxJobAge`; `cause` is its last failure, if any. */
export class JobExpiredError extends BatchError {
  /** Milliseconds since the job was added. */
  readonly age: number;
  /** Attempts made. */
  readonly attempts: number;

  constructor(age: number, maxJobAge: number, attempts: number, cause?: unknown) {
    super(
      'JOB_EXPIRED',
      `Job not delivered within \`maxJobAge\` of ${maxJobAge} ms (age ${Math.round(age)} ms, ${attempts} attempts)`,
      cause === undefined ? undefined : { cause },
    );
    this.age = age;
    this.attempts = attempts;
  }
}

/** Rejects every job still pending when `shutdown({ timeout })` runs out of time. */
export class ShutdownTimeoutError extends BatchError {
  constructor(timeout: number) {
    super('SHUTDOWN_TIMEOUT', `Job not settled within the shutdown timeout of ${timeout} ms`);
  }
}

/** Rejects every job still pending when the batcher's `signal` aborts; `cause` is its reason. */
export class BatcherAbortedError extends BatchError {
  constructor(reason: unknown) {
    super('BATCHER_ABORTED', 'Batcher was aborted before the job settled', { cause: reason });
  }
}

/** Fails a whole batch whose `processBatch` result is not one outcome per job. */
export class OutcomeMismatchError extends BatchError {
  constructor(expected: number, received: string) {
    super('OUTCOME_MISMATCH', `processBatch must resolve to ${expected} outcomes (one per job, in order), got ${received}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'function';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'array' : 'object';
}

/**
 * The error's name (and `code` when it has one), never its message: service messages can echo
 * request values, and payloads must stay out of our messages. The full error is the `cause`.
 */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && code !== error.name ? `${error.name} (${code})` : error.name;
  }
  return typeof error === 'string' ? 'a string reason' : describe(error);
}
