import { InvalidOptionError } from './errors.js';
import { showValue as show } from './showValue.js';
import type { ServiceName } from './types.js';

/** Every service, in start order. */
export const ALL_SERVICES: readonly ServiceName[] = ['kinesis', 'dynamodb', 'sqs', 'cloudwatch'];

/** Options of `startLocalAws`. */
export interface StartLocalAwsOptions {
  /**
   * Seed of every random choice the fault proxies make (which requests a `ratio` rule hits,
   * which entries fail). An integer; only the low 32 bits count. Print it on failure and pass
   * it back (or set `BATCH_TEST_SEED`) to replay a run.
   * @default the `BATCH_TEST_SEED` environment variable when set, else 1
   */
  readonly seed?: number;
  /**
   * Which emulators to start; the handles of the others throw `ServiceNotStartedError`.
   * @default ['kinesis', 'dynamodb', 'sqs', 'cloudwatch']
   */
  readonly services?: readonly ServiceName[];
  /**
   * Start every proxy with real-limit enforcement on (each proxy's `enforceLimits` can still be
   * switched later).
   * @default false
   */
  readonly enforceLimits?: boolean;
  /**
   * Region of the clients and ARNs.
   * @default 'us-east-1'
   */
  readonly region?: string;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  readonly seed: number;
  readonly services: readonly ServiceName[];
  readonly enforceLimits: boolean;
  readonly region: string;
}


/**
 * Validates options eagerly and applies the defaults, once.
 * @param env - Where `BATCH_TEST_SEED` is read from.
 */
export function resolveOptions(options: StartLocalAwsOptions, env: NodeJS.ProcessEnv): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(`Expected options to be an object, got \`${show(options)}\``);
  }
  let seed = options.seed;
  if (seed === undefined && env.BATCH_TEST_SEED !== undefined && env.BATCH_TEST_SEED !== '') {
    seed = Number(env.BATCH_TEST_SEED);
    if (!Number.isSafeInteger(seed)) {
      throw new InvalidOptionError(`Expected \`BATCH_TEST_SEED\` to be an integer, got \`${show(env.BATCH_TEST_SEED)}\``);
    }
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new InvalidOptionError(`Expected \`seed\` to be an integer, got \`${show(seed)}\``);
  }
  const services: readonly unknown[] = options.services ?? ALL_SERVICES;
  if (!Array.isArray(services) || services.length === 0) {
    throw new InvalidOptionError(`Expected \`services\` to be a non-empty array, got \`${show(services)}\``);
  }
  for (const service of services) {
    if (!ALL_SERVICES.some((known) => known === service)) {
      throw new InvalidOptionError(
        `Expected \`services\` to contain only ${ALL_SERVICES.map((s) => `'${s}'`).join(', ')}, got \`${show(service)}\``,
      );
    }
  }
  if (new Set(services).size !== services.length) {
    throw new InvalidOptionError(`Expected \`services\` without duplicates, got \`${show(services)}\``);
  }
  if (options.enforceLimits !== undefined && typeof options.enforceLimits !== 'boolean') {
    throw new InvalidOptionError(`Expected \`enforceLimits\` to be a boolean, got \`${show(options.enforceLimits)}\``);
  }
  if (options.region !== undefined && (typeof options.region !== 'string' || options.region === '')) {
    throw new InvalidOptionError(`Expected \`region\` to be a non-empty string, got \`${show(options.region)}\``);
  }
  return {
    seed: (seed ?? 1) >>> 0,
    services: ALL_SERVICES.filter((service) => services.includes(service)),
    enforceLimits: options.enforceLimits ?? false,
    region: options.region ?? 'us-east-1',
  };
}
