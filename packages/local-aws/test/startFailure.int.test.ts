import { EmulatorError, startLocalAws } from '../src/index.js';
import type { ServiceContext, StartedService } from '../src/serviceContext.js';
import type { LocalCloudWatch } from '../src/localCloudWatch.js';

// What the CloudWatch starter started, and how often it was stopped. Jest lets a mock factory
// reach only variables whose names start with `mock`.
const mockStarted: Array<{ endpoints: string[]; stops: number }> = [];
const mockFaults = { stopFails: false };

jest.mock('../src/localSqs.js', () => ({
  ...jest.requireActual<object>('../src/localSqs.js'),
  startLocalSqs: (): Promise<never> => Promise.reject(new Error('no port left')),
}));

jest.mock('../src/localCloudWatch.js', () => {
  const actual = jest.requireActual<{ startLocalCloudWatch: (context: ServiceContext) => Promise<StartedService<LocalCloudWatch>> }>(
    '../src/localCloudWatch.js',
  );
  return {
    ...actual,
    startLocalCloudWatch: async (context: ServiceContext): Promise<StartedService<LocalCloudWatch>> => {
      const service = await actual.startLocalCloudWatch(context);
      const record = { endpoints: [service.handle.endpoint, service.handle.directEndpoint], stops: 0 };
      mockStarted.push(record);
      return {
        handle: service.handle,
        stop: async () => {
          record.stops += 1;
          await service.stop();
          if (mockFaults.stopFails) throw new Error('socket would not close');
        },
      };
    },
  };
});

/** Whether anything still answers at `endpoint`. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { method: 'POST', body: '{}', signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

describe('startLocalAws when an emulator fails to start', () => {
  beforeEach(() => {
    mockStarted.length = 0;
    mockFaults.stopFails = false;
  });

  it('rejects with EmulatorError naming the service, with the cause, after stopping the ones that started', async () => {
    const failure = await startLocalAws({ services: ['cloudwatch', 'sqs'] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(EmulatorError);
    expect((failure as EmulatorError).message).toBe('Failed to start the sqs emulator');
    expect(((failure as EmulatorError).cause as Error).message).toBe('no port left');
    expect(mockStarted).toHaveLength(1);
    expect(mockStarted[0]?.stops).toBe(1);
    for (const endpoint of mockStarted[0]?.endpoints ?? []) expect(await answers(endpoint)).toBe(false);
  });

  it('reports both the start failure and a failed clean-up', async () => {
    mockFaults.stopFails = true;
    const failure = await startLocalAws({ services: ['cloudwatch', 'sqs'] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(EmulatorError);
    expect((failure as EmulatorError).message).toBe('Failed to start the sqs emulator');
    const cause = (failure as EmulatorError).cause as AggregateError;
    expect(cause).toBeInstanceOf(AggregateError);
    expect((cause.errors[0] as Error).message).toBe('no port left');
    // stopAll wraps the stop errors in an EmulatorError of its own.
    const cleanup = cause.errors[1] as EmulatorError;
    expect(cleanup.message).toBe('Failed to stop local AWS cleanly');
    expect(((cleanup.cause as AggregateError).errors[0] as Error).message).toBe('socket would not close');
  });

  it('starts normally when the failing service is not asked for', async () => {
    const aws = await startLocalAws({ services: ['cloudwatch'] });
    try {
      expect(mockStarted).toHaveLength(1);
      expect(await answers(aws.cloudwatch.directEndpoint)).toBe(true);
    } finally {
      await aws.stop();
    }
    expect(mockStarted[0]?.stops).toBe(1);
  });
});
