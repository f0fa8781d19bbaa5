import { Batcher, InvalidOptionError, success } from '@batch/core';
import type { BatcherOptions } from '@batch/core';

const processBatch = async (jobs: readonly number[]) => jobs.map((n) => success(n));

function build(options: Partial<BatcherOptions<number, number>>): Batcher<number, number> {
  return new Batcher<number, number>({ processBatch, ...options });
}

describe('option validation messages', () => {
  it.each<[string, Partial<BatcherOptions<number, number>>, string]>([
    ['processBatch', { processBatch: undefined as never }, 'Expected `processBatch` to be a function, got `undefined`'],
    ['maxBatchSize zero', { maxBatchSize: 0 }, 'Expected `maxBatchSize` to be an integer of at least 1, got `0`'],
    ['maxBatchSize fraction', { maxBatchSize: 1.5 }, 'Expected `maxBatchSize` to be an integer of at least 1, got `1.5`'],
    [
      'maxBatchSize above a sink hard limit',
      { maxBatchSize: 501, hardLimits: { maxBatchSize: 500 } },
      'Expected `maxBatchSize` to be an integer between 1 and 500, got `501`',
    ],
    [
      'maxBatchBytes above a sink hard limit',
      { maxBatchBytes: 2000, sizeOf: () => 1, hardLimits: { maxBatchBytes: 1000 } },
      'Expected `maxBatchBytes` to be a number between 1 and 1000 (or Infinity), got `2000`',
    ],
    ['maxBatchDelay negative', { maxBatchDelay: -1 }, 'Expected `maxBatchDelay` to be a finite number of at least 0, got `-1`'],
    ['maxBatchDelay infinite', { maxBatchDelay: Infinity }, 'Expected `maxBatchDelay` to be a finite number of at least 0, got `Infinity`'],
    ['maxBatchDelay string', { maxBatchDelay: '5' as never }, 'Expected `maxBatchDelay` to be a finite number of at least 0, got `"5"`'],
    ['maxBatchBytes without sizeOf', { maxBatchBytes: 100 }, 'Expected `sizeOf` to be a function when `maxBatchBytes` is set, got `undefined`'],
    ['maxQueueBytes without sizeOf', { maxQueueBytes: 100 }, 'Expected `sizeOf` to be a function when `maxQueueBytes` is set, got `undefined`'],
    [
      'maxQueueBytes below maxBatchBytes',
      { maxBatchBytes: 100, maxQueueBytes: 50, sizeOf: () => 1 },
      'Expected `maxQueueBytes` to be at least `maxBatchBytes` (100), got `50`',
    ],
    ['concurrency', { concurrency: 0 }, 'Expected `concurrency` to be an integer of at least 1, got `0`'],
    ['maxQueueSize below maxBatchSize', { maxBatchSize: 10, maxQueueSize: 5 }, 'Expected `maxQueueSize` to be an integer of at least 10, got `5`'],
    ['maxJobAge', { maxJobAge: 0 }, 'Expected `maxJobAge` to be a number of at least 1 (or Infinity), got `0`'],
    ['retry.maxAttempts', { retry: { maxAttempts: 0 } }, 'Expected `retry.maxAttempts` to be an integer of at least 1, got `0`'],
    ['retry.baseDelay', { retry: { baseDelay: -5 } }, 'Expected `retry.baseDelay` to be a finite number of at least 0, got `-5`'],
    ['retry.maxDelay below baseDelay', { retry: { baseDelay: 100, maxDelay: 50 } }, 'Expected `retry.maxDelay` to be a finite number of at least 100, got `50`'],
    ['retry.random', { retry: { random: 0.5 as never } }, 'Expected `retry.random` to be a function, got `0.5`'],
    ['retry object', { retry: 3 as never }, 'Expected `retry` to be an object, got `3`'],
    ['orderingKey', { orderingKey: 'key' as never }, 'Expected `orderingKey` to be a function, got `"key"`'],
    ['oneJobPerKeyPerBatch', { oneJobPerKeyPerBatch: 1 as never }, 'Expected `oneJobPerKeyPerBatch` to be a boolean, got `1`'],
    ['isRetryable', { isRetryable: true as never }, 'Expected `isRetryable` to be a function, got `true`'],
    ['validate', { validate: {} as never }, 'Expected `validate` to be a function, got `object`'],
    ['prepare', { prepare: [] as never }, 'Expected `prepare` to be a function, got `array`'],
    ['hooks.onBatch', { hooks: { onBatch: 1 as never } }, 'Expected `hooks.onBatch` to be a function, got `1`'],
    ['signal', { signal: {} as never }, 'Expected `signal` to be an AbortSignal, got `object`'],
    ['hardLimits.maxBatchSize', { hardLimits: { maxBatchSize: 0 } }, 'Expected `hardLimits.maxBatchSize` to be an integer of at least 1, got `0`'],
  ])('names the option and the bad value: %s', (_name, options, message) => {
    expect(() => build(options)).toThrow(new InvalidOptionError('x', 'y', 0).constructor as typeof InvalidOptionError);
    expect(() => build(options)).toThrow(message);
  });

  it('throws InvalidOptionError with a stable code and the option name', () => {
    try {
      build({ maxBatchSize: -1 });
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error).toMatchObject({ code: 'INVALID_OPTION', option: 'maxBatchSize', name: 'InvalidOptionError' });
    }
  });

  it('rejects a non-object', () => {
    expect(() => new Batcher(null as never)).toThrow('Expected `options` to be an object, got `null`');
  });

  it('validates the shutdown timeout', () => {
    const batcher = build({});
    expect(() => batcher.shutdown({ timeout: -1 })).toThrow('Expected `timeout` to be a number of at least 0 (or Infinity), got `-1`');
  });

  it('caps the default maxBatchSize at a smaller hard limit and lets a sink raise it within its limit', async () => {
    const seen: number[] = [];
    const batcher = build({
      hardLimits: { maxBatchSize: 10 },
      maxBatchDelay: 0,
      processBatch: async (jobs) => {
        seen.push(jobs.length);
        return jobs.map((n) => success(n));
      },
    });
    await Promise.all(Array.from({ length: 25 }, (_, i) => batcher.add(i)));
    expect(seen).toEqual([10, 10, 5]);
  });
});
