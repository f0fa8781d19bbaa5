import { CloudWatchClient, type CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import { startCloudWatchEndpoint } from './cloudWatchEndpoint.js';
import { cloudWatchProtocol } from './cloudWatchProtocol.js';
import { clientFactory } from './clientFactory.js';
import { startFaultProxy } from './startFaultProxy.js';
import type { LocalService, ServiceContext, StartedService } from './serviceContext.js';
import type { RecordedDatum } from './types.js';

/** Narrows {@link LocalCloudWatch.recorded}. */
export interface RecordedFilter {
  /** Only data of this namespace. */
  readonly namespace?: string;
  /** Only data of this metric name. */
  readonly metricName?: string;
}

/** The local CloudWatch: this package's PutMetricData endpoint behind a fault proxy. */
export interface LocalCloudWatch extends LocalService<CloudWatchClient, CloudWatchClientConfig> {
  /** Every accepted datum in arrival order (a snapshot), optionally filtered. */
  recorded(filter?: RecordedFilter): RecordedDatum[];
  /** Forgets the recorded data. */
  clearRecorded(): void;
}

/** Starts the local CloudWatch endpoint and its fault proxy. */
export async function startLocalCloudWatch(context: ServiceContext): Promise<StartedService<LocalCloudWatch>> {
  const endpoint = await startCloudWatchEndpoint();
  const faults = await startFaultProxy(cloudWatchProtocol, endpoint.url, context, () => endpoint.stop());
  const factory = clientFactory<CloudWatchClientConfig, CloudWatchClient>(CloudWatchClient, context);

  const handle: LocalCloudWatch = {
    endpoint: faults.endpoint,
    directEndpoint: endpoint.url,
    faults,
    client: factory(faults.endpoint),
    directClient: factory(endpoint.url),
    recorded(filter = {}) {
      return endpoint.recorded.filter(
        (datum) =>
          (filter.namespace === undefined || datum.namespace === filter.namespace) &&
          (filter.metricName === undefined || datum.metricName === filter.metricName),
      );
    },
    clearRecorded: () => endpoint.clear(),
  };
  return {
    handle,
    async stop() {
      await faults.stop();
      await endpoint.stop();
    },
  };
}
