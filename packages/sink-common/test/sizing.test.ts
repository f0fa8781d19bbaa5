import { codePointLength, payloadToText, UnserializablePayloadError, utf8ByteLength } from '@batch/sink-common';

describe('utf8ByteLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['héllo', 6],
    ['€', 3],
    ['😀', 4],
    ['\ud800', 3],
  ])('%j is %i bytes', (text, bytes) => {
    expect(utf8ByteLength(text)).toBe(bytes);
    expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).byteLength);
  });
});

describe('codePointLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['a😀', 2],
    ['😀😀', 2],
    ['\ud800x', 2],
    ['é', 1],
  ])('%j has %i code points', (text, count) => {
    expect(codePointLength(text)).toBe(count);
    expect(codePointLength(text)).toBe([...text].length);
  });
});

describe('payloadToText', () => {
  it('keeps strings verbatim and serializes everything else once as JSON', () => {
    expect(payloadToText('{"raw":1}')).toBe('{"raw":1}');
    expect(payloadToText({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(payloadToText(null)).toBe('null');
  });

  it('rejects what JSON cannot represent with UnserializablePayloadError', () => {
    const cycle: { self?: unknown } = {};
    cycle.self = cycle;
    expect(() => payloadToText(cycle)).toThrow(UnserializablePayloadError);
    expect(() => payloadToText(10n)).toThrow('Payload cannot be serialized: TypeError');
    expect(() => payloadToText(undefined)).toThrow('Payload cannot be serialized: JSON has no representation for undefined');
    expect(() => payloadToText(() => 1)).toThrow(expect.objectContaining({ code: 'UNSERIALIZABLE_PAYLOAD' }) as Error);
  });
});
