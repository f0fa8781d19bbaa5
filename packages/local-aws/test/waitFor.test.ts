import { ResourceNotReadyError } from '@batch/local-aws';
import { waitFor } from '../src/waitFor.js';

describe('waitFor', () => {
  it('resolves as soon as the check passes', async () => {
    let calls = 0;
    await waitFor('table', 'ready', async () => (calls += 1) >= 3);
    expect(calls).toBe(3);
  });

  it('throws ResourceNotReadyError naming the resource when time runs out', async () => {
    const failure = waitFor('orders', 'stream to become ACTIVE', async () => false, 20);
    await expect(failure).rejects.toThrow(
      new ResourceNotReadyError('orders', 'Timed out after 20 ms waiting for orders: stream to become ACTIVE'),
    );
    await expect(failure).rejects.toMatchObject({ code: 'RESOURCE_NOT_READY', resource: 'orders' });
  });
});
