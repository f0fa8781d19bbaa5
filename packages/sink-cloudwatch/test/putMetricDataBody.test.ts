import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { mulberry32 } from '@batch/local-aws';
import { buildPutMetricDataRequests, cloudWatchSink, dimension, putMetricDataBody, putMetricDataBodyBytes } from '@batch/sink-cloudwatch';
import type { CloudWatchJob } from '@batch/sink-cloudwatch';
import { NOW, fakeClient } from './helpers.js';

/** The body the real SDK client writes for `input` (captured by its request handler, never sent). */
async function sdkBody(input: PutMetricDataCommandInput): Promise<string> {
  let body = '';
  const client = new CloudWatchClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    endpoint: 'http://127.0.0.1:9',
    maxAttempts: 1,
    disableRequestCompression: true,
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        body = new TextDecoder().decode(request.body as Uint8Array);
        throw new Error('captured');
      },
    },
  });
  await client.send(new PutMetricDataCommand(input)).catch((e: unknown) => {
    if (!(e instanceof Error) || e.message !== 'captured') throw e;
  });
  return body;
}

describe('putMetricDataBody', () => {
  it.each<[string, PutMetricDataCommandInput]>([
    ['a single value', { Namespace: 'Shop', MetricData: [{ MetricName: 'Orders', Value: 1 }] }],
    [
      'every datum field, in any input order',
      {
        Namespace: 'My App/prod#1',
        MetricData: [
          {
            StorageResolution: 1,
            Unit: 'Milliseconds',
            Counts: [3, 1.5],
            Values: [1e300, 2 ** -359],
            Timestamp: new Date(NOW + 7),
            Dimensions: [{ Value: 'a "quoted" \\ value', Name: 'route' }, { Name: 'b', Value: ' ' + 'x'.repeat(20) }],
            MetricName: 'Latency',
          },
          { MetricName: 'Set', StatisticValues: { Maximum: 2, Minimum: -0.5, Sum: 3.25, SampleCount: 3 }, Timestamp: new Date(NOW) },
          { MetricName: 'Neg', Value: -0, Timestamp: new Date(1) },
        ],
      },
    ],
    ['many data (the SDK would gzip this body)', { Namespace: 'N', MetricData: Array.from({ length: 300 }, (_, i) => ({ MetricName: `m${i}`, Value: i / 7, Timestamp: new Date(NOW + i) })) }],
  ])('matches the body the SDK sends, byte for byte: %s', async (_name, input) => {
    const expected = await sdkBody(input);
    expect(putMetricDataBody(input)).toBe(expected);
    expect(putMetricDataBodyBytes(input)).toBe(Buffer.byteLength(expected));
  });
});

describe('sizeOf', () => {
  it('is exactly what a datum adds to the request body, comma included, for all kinds of jobs', () => {
    const random = mulberry32(3);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const number = (): number => pick([0, -0, 1, -1.5, 1e21, 1e-7, 2 ** 360, 2 ** -359, 123456.789, Math.PI, -1e100]);
    const text = (): string => pick(['a', 'with "quotes"', 'back\\slash', ' spaced out ', '~!@#$%^&*()_+{}|:<>?', 'x'.repeat(300)]).slice(0, 255);
    const sink = cloudWatchSink({ client: fakeClient().client, namespace: 'Ns "1"', clock: () => NOW });
    const envelope = putMetricDataBodyBytes({ Namespace: 'Ns "1"', MetricData: [] });
    for (let i = 0; i < 500; i++) {
      const kind = random();
      const job: CloudWatchJob = {
        metricName: text(),
        ...(kind < 0.4 ? { value: number() } : kind < 0.7 ? { values: [number(), number(), number()], ...(random() < 0.5 ? { counts: [1, 2.5, 3] } : {}) } : { statisticValues: { sampleCount: 3, sum: number(), minimum: -1, maximum: 2 } }),
        ...(random() < 0.5 ? { dimensions: [dimension('n"1', text()), dimension(text().replace(/^ +| +$/g, '') || 'd', text())].filter((d, k, all) => all.findIndex((e) => e.name === d.name) === k) } : {}),
        ...(random() < 0.5 ? { unit: pick(['Count', 'Bytes/Second', 'None'] as const) } : {}),
        ...(random() < 0.5 ? { storageResolution: pick([1, 60] as const) } : {}),
        timestamp: NOW - Math.floor(random() * 1e9),
      };
      const [input] = buildPutMetricDataRequests([job], { namespace: 'Ns "1"', clock: () => NOW });
      expect(sink.sizeOf(sink.prepare(job))).toBe(putMetricDataBodyBytes(input as PutMetricDataCommandInput) - envelope + 1);
    }
  });
});
