import { fastRetryStrategy } from '@batch/local-aws';

describe('fastRetryStrategy', () => {
  it('retries throttling, transient and server errors without delay until maxAttempts', async () => {
    const strategy = fastRetryStrategy({ maxAttempts: 3 });
    const first = await strategy.acquireInitialRetryToken('scope');
    expect([first.getRetryCount(), first.getRetryDelay()]).toEqual([0, 0]);
    const second = await strategy.refreshRetryTokenForRetry(first, { errorType: 'THROTTLING' });
    expect([second.getRetryCount(), second.getRetryDelay()]).toEqual([1, 0]);
    const third = await strategy.refreshRetryTokenForRetry(second, { errorType: 'SERVER_ERROR' });
    expect(third.getRetryCount()).toBe(2);
    await expect(strategy.refreshRetryTokenForRetry(third, { errorType: 'TRANSIENT' })).rejects.toThrow('No retry token available');
  });

  it('never retries client errors and applies the chosen delay', async () => {
    const strategy = fastRetryStrategy({ maxAttempts: 5, delayMs: 7 });
    const first = await strategy.acquireInitialRetryToken('scope');
    await expect(strategy.refreshRetryTokenForRetry(first, { errorType: 'CLIENT_ERROR' })).rejects.toThrow('No retry token available');
    expect((await strategy.refreshRetryTokenForRetry(first, { errorType: 'TRANSIENT' })).getRetryDelay()).toBe(7);
  });

  it('has no quota: a long-lived strategy keeps retrying', async () => {
    const strategy = fastRetryStrategy({ maxAttempts: 2 });
    for (let call = 0; call < 1000; call += 1) {
      const token = await strategy.acquireInitialRetryToken('scope');
      expect((await strategy.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT' })).getRetryCount()).toBe(1);
    }
  });

  it('defaults to 3 attempts', async () => {
    const strategy = fastRetryStrategy();
    let token = await strategy.acquireInitialRetryToken('scope');
    token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT' });
    token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT' });
    await expect(strategy.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT' })).rejects.toThrow('No retry token available');
  });
});
