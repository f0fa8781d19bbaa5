import { FaultProxy } from './FaultProxy.js';
import type { ServiceContext } from './serviceContext.js';
import type { ServiceProtocol } from './wireProtocol.js';

/**
 * Starts the fault proxy in front of an emulator already listening at `target`. If the proxy
 * cannot start, `release` (the emulator's own cleanup) runs before the error is rethrown, so a
 * failed start never leaves a server behind.
 */
export async function startFaultProxy(
  protocol: ServiceProtocol,
  target: string,
  context: ServiceContext,
  release: () => Promise<void>,
): Promise<FaultProxy> {
  try {
    return await FaultProxy.start({ protocol, target, seed: context.seed, enforceLimits: context.enforceLimits });
  } catch (error) {
    await release();
    throw error;
  }
}
