import { PUT_METRIC_DATA_LIMITS, validatePutMetricData } from '../src/validatePutMetricData.js';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const seconds = (ms: number): number => ms / 1000;
const request = (datum: Record<string, unknown>, namespace = 'App'): unknown => ({
  Namespace: namespace,
  MetricData: [{ MetricName: 'm', Value: 1, ...datum }],
});

describe('validatePutMetricData', () => {
  it('accepts the timestamp window edges exactly and rejects one millisecond beyond', () => {
    const oldest = NOW - PUT_METRIC_DATA_LIMITS.maxPastMs;
    const newest = NOW + PUT_METRIC_DATA_LIMITS.maxFutureMs;
    expect(validatePutMetricData(request({ Timestamp: seconds(oldest) }), NOW)).toMatchObject({ ok: true });
    expect(validatePutMetricData(request({ Timestamp: seconds(newest) }), NOW)).toMatchObject({ ok: true });
    expect(validatePutMetricData(request({ Timestamp: seconds(oldest - 1) }), NOW)).toEqual({
      ok: false,
      error: {
        status: 400,
        name: 'InvalidParameterValueException',
        message: 'The parameter MetricData.member.1.Timestamp must specify a time no more than two weeks in the past.',
      },
    });
    expect(validatePutMetricData(request({ Timestamp: seconds(newest + 1) }), NOW)).toMatchObject({
      ok: false,
      error: { message: 'The parameter MetricData.member.1.Timestamp must specify a time no more than two hours in the future.' },
    });
  });

  it('reads epoch-second and ISO timestamps, and stamps the receipt time when omitted', () => {
    const at = NOW - 60_000;
    const bySeconds = validatePutMetricData(request({ Timestamp: seconds(at) }), NOW);
    const byIso = validatePutMetricData(request({ Timestamp: new Date(at).toISOString() }), NOW);
    const omitted = validatePutMetricData(request({}), NOW);
    expect(bySeconds.ok && bySeconds.data[0]?.timestamp).toEqual(new Date(at));
    expect(byIso.ok && byIso.data[0]?.timestamp).toEqual(new Date(at));
    expect(omitted.ok && omitted.data[0]?.timestamp).toEqual(new Date(NOW));
    expect(validatePutMetricData(request({ Timestamp: 'yesterday' }), NOW)).toMatchObject({
      ok: false,
      error: { message: 'The parameter MetricData.member.1.Timestamp must be a timestamp.' },
    });
  });

  it('accepts ±2^360 and rejects the next representable magnitude', () => {
    expect(validatePutMetricData(request({ Value: 2 ** 360 }), NOW)).toMatchObject({ ok: true });
    expect(validatePutMetricData(request({ Value: -(2 ** 360) }), NOW)).toMatchObject({ ok: true });
    const beyond = 2 ** 360 * (1 + Number.EPSILON);
    expect(validatePutMetricData(request({ Value: beyond }), NOW)).toMatchObject({
      ok: false,
      error: { message: `The value ${beyond} for parameter MetricData.member.1.Value is invalid.` },
    });
  });

  it('reads the SDK encodings of non-finite doubles and rejects other strings', () => {
    for (const [sent, shown] of [['NaN', 'NaN'], ['Infinity', 'Infinity'], ['-Infinity', '-Infinity']]) {
      expect(validatePutMetricData(request({ Value: sent }), NOW)).toMatchObject({
        ok: false,
        error: { message: `The value ${shown} for parameter MetricData.member.1.Value is invalid.` },
      });
    }
    expect(validatePutMetricData(request({ Value: '12' }), NOW)).toMatchObject({
      ok: false,
      error: { message: 'The value for parameter MetricData.member.1.Value must be a number.' },
    });
  });

  it('treats an empty or non-object body as missing everything', () => {
    expect(validatePutMetricData(null, NOW)).toEqual({
      ok: false,
      error: { status: 400, name: 'MissingRequiredParameterException', message: 'The parameter Namespace is required.' },
    });
    expect(validatePutMetricData({ Namespace: 'App' }, NOW)).toMatchObject({
      ok: false,
      error: { name: 'MissingRequiredParameterException', message: 'The parameter MetricData is required.' },
    });
  });

  it('numbers positions from 1 in messages, like the AWS Query parameter names', () => {
    const body = { Namespace: 'App', MetricData: [{ MetricName: 'a', Value: 1 }, { MetricName: 'b', Value: 1, Dimensions: [{ Name: 'ok', Value: 'v' }, { Name: 'x', Value: '' }] }] };
    expect(validatePutMetricData(body, NOW)).toMatchObject({
      ok: false,
      error: { message: 'The parameter MetricData.member.2.Dimensions.member.2.Value must be between 1 and 1024 characters long.' },
    });
  });

  it('returns the recorded shape of a full datum', () => {
    const verdict = validatePutMetricData(
      request({ Value: undefined, Values: [1, 2], Counts: [5, 6], Unit: 'Count', StorageResolution: 1, Dimensions: [{ Name: 'a', Value: 'b' }], Timestamp: seconds(NOW) }, 'Ns'),
      NOW,
    );
    expect(verdict).toEqual({
      ok: true,
      data: [
        {
          namespace: 'Ns',
          metricName: 'm',
          dimensions: [{ name: 'a', value: 'b' }],
          unit: 'Count',
          values: [1, 2],
          counts: [5, 6],
          timestamp: new Date(NOW),
          storageResolution: 1,
        },
      ],
    });
  });
});
