import { EmulatorError, ServiceNotStartedError } from './errors.js';
import { type LocalCloudWatch, startLocalCloudWatch } from './localCloudWatch.js';
import { type LocalDynamoDb, startLocalDynamoDb } from './localDynamoDb.js';
import { type LocalKinesis, startLocalKinesis } from './localKinesis.js';
import { type LocalSqs, startLocalSqs } from './localSqs.js';
import { type StartLocalAwsOptions, resolveOptions } from './options.js';
import { deriveSeed } from './prng.js';
import type { ServiceContext, StartedService } from './serviceContext.js';
import type { AwsCredentials, ServiceName } from './types.js';

/** Fake credentials every client made here uses; the emulators never check signatures. */
export const LOCAL_CREDENTIALS: AwsCredentials = {
  accessKeyId: 'AKIDLOCALAWS00000000',
  secretAccessKey: 'local-aws-secret-access-key',
};

/** A running set of local AWS emulators, each behind a fault proxy. */
export interface LocalAws {
  /** Region of the clients (default `us-east-1`). */
  readonly region: string;
  /** The fake credentials the clients use. */
  readonly credentials: AwsCredentials;
  /** The seed in effect: print it when a test fails, pass it back to replay. */
  readonly seed: number;
  /** The services started. */
  readonly services: readonly ServiceName[];
  /** Kinesis (kinesalite). Throws `ServiceNotStartedError` if not started. */
  readonly kinesis: LocalKinesis;
  /** DynamoDB (dynalite). Throws `ServiceNotStartedError` if not started. */
  readonly dynamodb: LocalDynamoDb;
  /** SQS standard and FIFO (local-aws-sqs). Throws `ServiceNotStartedError` if not started. */
  readonly sqs: LocalSqs;
  /** CloudWatch PutMetricData (this package's endpoint). Throws `ServiceNotStartedError` if not started. */
  readonly cloudwatch: LocalCloudWatch;
  /** Stops every proxy and emulator, dropping open and hung connections. Idempotent. */
  stop(): Promise<void>;
}

interface Handles {
  kinesis: LocalKinesis;
  dynamodb: LocalDynamoDb;
  sqs: LocalSqs;
  cloudwatch: LocalCloudWatch;
}

const STARTERS: { readonly [S in ServiceName]: (context: ServiceContext) => Promise<StartedService<Handles[S]>> } = {
  kinesis: startLocalKinesis,
  dynamodb: startLocalDynamoDb,
  sqs: startLocalSqs,
  cloudwatch: startLocalCloudWatch,
};

async function stopAll(services: readonly StartedService<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(services.map((service) => service.stop()));
  const errors = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (errors.length > 0) throw new EmulatorError('Failed to stop local AWS cleanly', { cause: new AggregateError(errors) });
}

/**
 * Starts in-process AWS emulators on 127.0.0.1 (ephemeral ports, in memory), each behind a
 * fault-injecting proxy, in a few milliseconds. Use one per test file and `stop()` it afterwards.
 * Sets `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true` if unset, so SDK clients on
 * Node 20 stay quiet.
 *
 * @example
 * const aws = await startLocalAws({ seed: 7 });
 * await aws.kinesis.createStream('orders', { shardCount: 2 });
 * aws.kinesis.faults.add({ operation: 'PutRecords', times: 1, failEntries: { indices: [0] } });
 * const client = aws.kinesis.client({ maxAttempts: 1 });
 * // … exercise the sink, then:
 * expect(await aws.kinesis.readAll('orders')).toHaveLength(9);
 * await aws.stop();
 */
export async function startLocalAws(options: StartLocalAwsOptions = {}): Promise<LocalAws> {
  const resolved = resolveOptions(options, process.env);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const contextFor = (service: ServiceName): ServiceContext => ({
    region: resolved.region,
    credentials: LOCAL_CREDENTIALS,
    seed: deriveSeed(resolved.seed, `proxy:${service}`),
    enforceLimits: resolved.enforceLimits,
  });

  const results = await Promise.allSettled(resolved.services.map((service) => STARTERS[service](contextFor(service))));
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failedAt = results.findIndex((result) => result.status === 'rejected');
  const failure = results[failedAt];
  if (failure?.status === 'rejected') {
    const message = `Failed to start the ${String(resolved.services[failedAt])} emulator`;
    try {
      await stopAll(started);
    } catch (stopError) {
      throw new EmulatorError(message, { cause: new AggregateError([failure.reason, stopError]) });
    }
    throw new EmulatorError(message, { cause: failure.reason });
  }

  const handles: Partial<Handles> = {};
  resolved.services.forEach((service, i) => {
    const result = results[i];
    if (result?.status === 'fulfilled') Object.assign(handles, { [service]: result.value.handle });
  });
  const get = <S extends ServiceName>(service: S): Handles[S] => {
    const handle = handles[service];
    if (handle === undefined) throw new ServiceNotStartedError(service);
    return handle;
  };
  let stopping: Promise<void> | undefined;
  return {
    region: resolved.region,
    credentials: LOCAL_CREDENTIALS,
    seed: resolved.seed,
    services: resolved.services,
    get kinesis() {
      return get('kinesis');
    },
    get dynamodb() {
      return get('dynamodb');
    },
    get sqs() {
      return get('sqs');
    },
    get cloudwatch() {
      return get('cloudwatch');
    },
    stop() {
      stopping ??= stopAll(started);
      return stopping;
    },
  };
}
