/** Base class of every error this package throws; `code` is stable, the message is not. */
export class LocalAwsError extends Error {
  /** A stable, machine-readable identifier of the failure. */
  readonly code: string;

  /**
   * @param message - Human-readable explanation.
   * @param code - Stable identifier; subclasses fix their own.
   * @param options - Standard `ErrorOptions`, e.g. `{ cause }`.
   */
  constructor(message: string, code = 'LOCAL_AWS_ERROR', options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalAwsError';
    this.code = code;
  }
}

/** Thrown when an option or a fault rule is invalid; the message names the option and the bad value. */
export class InvalidOptionError extends LocalAwsError {
  /** @param message - Names the option and the value received. */
  constructor(message: string) {
    super(message, 'INVALID_OPTION');
    this.name = 'InvalidOptionError';
  }
}

/** Thrown when a service handle is used although `startLocalAws` was told not to start that service. */
export class ServiceNotStartedError extends LocalAwsError {
  /** The service that was asked for. */
  readonly service: string;

  /** @param service - The service that was asked for. */
  constructor(service: string) {
    super(
      `The ${service} emulator was not started: add '${service}' to the \`services\` option of startLocalAws`,
      'SERVICE_NOT_STARTED',
    );
    this.name = 'ServiceNotStartedError';
    this.service = service;
  }
}

/** Thrown when a created stream or table does not become ACTIVE in time. */
export class ResourceNotReadyError extends LocalAwsError {
  /** Name of the stream or table that stayed unready. */
  readonly resource: string;

  /**
   * @param resource - Name of the stream or table.
   * @param message - What was waited for and for how long.
   */
  constructor(resource: string, message: string) {
    super(message, 'RESOURCE_NOT_READY');
    this.name = 'ResourceNotReadyError';
    this.resource = resource;
  }
}

/** Thrown when an emulator or proxy fails to start or stop; `cause` holds the underlying error. */
export class EmulatorError extends LocalAwsError {
  /**
   * @param message - Which emulator and what step failed.
   * @param options - `{ cause }` with the underlying error.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'EMULATOR_ERROR', options);
    this.name = 'EmulatorError';
  }
}
