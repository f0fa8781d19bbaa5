import { withSameRealmErrors } from './sameRealmErrors.js';
import type { MiddlewareClient } from './sameRealmErrors.js';
import { clientConfig } from './sdkClientConfig.js';
import type { ServiceContext } from './serviceContext.js';

/**
 * Builds the `client(config?)` / `directClient(config?)` factories of a service handle: a new
 * SDK client per call, for the endpoint given, with the local defaults under the caller's config
 * (see `clientConfig`) and Node errors kept in this realm (see `withSameRealmErrors`).
 */
export function clientFactory<Config extends { requestHandler?: unknown }, Client extends MiddlewareClient>(
  ClientClass: new (config: Config) => Client,
  context: ServiceContext,
): (endpoint: string) => (config?: Config) => Client {
  return (endpoint) => (config) =>
    withSameRealmErrors(new ClientClass(clientConfig({ region: context.region, credentials: context.credentials, endpoint }, config)));
}
