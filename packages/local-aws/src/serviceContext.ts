import type { FaultProxy } from './FaultProxy.js';
import type { AwsCredentials } from './types.js';

/** What `startLocalAws` hands each service starter. */
export interface ServiceContext {
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** Seed for this service's proxy (already derived from the run's seed). */
  readonly seed: number;
  readonly enforceLimits: boolean;
}

/**
 * The part every service handle shares: where the proxy and the emulator listen, the proxy
 * itself, and factories for fresh SDK clients.
 */
export interface LocalService<Client, Config> {
  /** The fault proxy's URL: what clients should use. */
  readonly endpoint: string;
  /** The emulator's own URL, bypassing faults (read-backs use it). */
  readonly directEndpoint: string;
  /** The fault proxy in front of the emulator. */
  readonly faults: FaultProxy;
  /**
   * A new SDK client wired to the proxy (region, fake credentials, HTTP/1.1 `NodeHttpHandler`);
   * `config` is merged over those defaults. A plain-object `requestHandler` is taken as
   * `NodeHttpHandler` options, with `throwOnRequestTimeout: true` added when `requestTimeout` is set.
   */
  client(config?: Config): Client;
  /** Like {@link LocalService.client} but wired straight to the emulator, bypassing faults. */
  directClient(config?: Config): Client;
}

/** A started service: its public handle plus how to stop it. */
export interface StartedService<Handle> {
  readonly handle: Handle;
  stop(): Promise<void>;
}
