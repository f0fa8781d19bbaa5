import { InvalidOptionError } from '@batch/core';

/**
 * Checks a sink's `client` option: any object with a `send` method (never `instanceof`, so a
 * client from another copy of the SDK works).
 * @throws InvalidOptionError naming the service, e.g. "an AWS SDK v3 SQS client (an object with `send`)".
 */
export function clientOption<Client>(value: Client, service: string): Client {
  const candidate = value as { send?: unknown } | null;
  if (candidate === null || typeof candidate !== 'object' || typeof candidate.send !== 'function') {
    throw new InvalidOptionError('client', `an AWS SDK v3 ${service} client (an object with \`send\`)`, value);
  }
  return value;
}

/** Checks a boolean option. @throws InvalidOptionError "Expected `name` to be a boolean, got …". */
export function booleanOption(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidOptionError(name, 'a boolean', value);
  return value;
}

/**
 * Checks an integer option in `[min, max]`. `minLabel` names the lower bound when it comes from
 * another option (e.g. "`maxRecordSize` (1048576)").
 * @throws InvalidOptionError "Expected `name` to be an integer between … and …, got …".
 */
export function integerOption(name: string, value: unknown, min: number, max: number, minLabel?: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max >= Number.MAX_SAFE_INTEGER ? `an integer of at least ${minLabel ?? min}` : `an integer between ${minLabel ?? min} and ${max}`;
    throw new InvalidOptionError(name, range, value);
  }
  return value;
}
