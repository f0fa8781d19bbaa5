import { setTimeout as sleep } from 'node:timers/promises';
import { ResourceNotReadyError } from './errors.js';

/**
 * Polls `check` every few milliseconds until it returns true. The emulators are started with
 * zero create delays, so this normally returns after one or two polls; the SDK's own waiters
 * would sleep 20 s or more before their first retry.
 *
 * @param resource - Name used in the error.
 * @param what - What is waited for, e.g. `'stream to become ACTIVE'`.
 */
export async function waitFor(
  resource: string,
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      throw new ResourceNotReadyError(resource, `Timed out after ${timeoutMs} ms waiting for ${resource}: ${what}`);
    }
    await sleep(5);
  }
}
