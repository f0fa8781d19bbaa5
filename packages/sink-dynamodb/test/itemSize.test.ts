import fc from 'fast-check';
import { marshall } from '@aws-sdk/util-dynamodb';
import { attributeSize, itemSize } from '@batch/sink-dynamodb';
import { numberSize } from '../src/itemSize.js';
import { canonicalNumber, parseNumber, plainNumberSize, storedNumberSize } from '../src/parseNumber.js';

describe('itemSize: AWS item-size rules', () => {
  it('counts attribute names and string values in UTF-8 bytes', () => {
    expect(itemSize({ pk: { S: 'abc' } })).toBe(2 + 3);
    expect(itemSize({ 'né': { S: 'héllo' } })).toBe(3 + 6);
    expect(itemSize({ e: { S: '😀' } })).toBe(1 + 4);
    expect(itemSize({ e: { S: '' } })).toBe(1);
  });

  it('counts binary values in raw bytes, not base64', () => {
    expect(itemSize({ b: { B: new Uint8Array(10) } })).toBe(1 + 10);
    expect(attributeSize({ B: new Uint8Array(0) })).toBe(0);
  });

  it('counts null and booleans as 1 byte', () => {
    expect(itemSize({ n: { NULL: true }, t: { BOOL: true }, f: { BOOL: false } })).toBe(3 + 3);
  });

  it.each([
    ['0', 1],
    ['-0', 1],
    ['0.000', 1],
    ['1', 2],
    ['10', 2],
    ['100', 2],
    ['12', 2],
    ['123', 3],
    ['1.2', 3],
    ['12.5', 3],
    ['0.5', 2],
    ['0.05', 2],
    ['0.15', 2],
    ['1.5', 3],
    ['-1', 3],
    ['-12.5', 4],
    ['1e-130', 2],
    ['1.5e+125', 2],
    ['1.5e+124', 3],
    ['12345678901234567890123456789012345678', 20],
    ['1.2345678901234567890123456789012345678', 21],
  ])('sizes the number %s as %i bytes (exponent byte + base-100 digit pairs + 1 if negative)', (text, size) => {
    expect(numberSize(text)).toBe(size);
    expect(attributeSize({ N: text })).toBe(size);
  });

  it('never sizes a number below AWS documented approximation (1 byte per two significant digits, plus 1)', () => {
    for (const text of ['1', '12', '123', '1234', '0.1', '0.12', '1.23', '98765.4321', '-5', '7e10', '7e11']) {
      const digits = (parseNumber(text)?.digits ?? '').length;
      expect(numberSize(text)).toBeGreaterThanOrEqual(Math.ceil(digits / 2) + 1);
    }
  });

  it('sums the elements of sets', () => {
    expect(attributeSize({ SS: ['ab', 'é'] })).toBe(2 + 2);
    expect(attributeSize({ NS: ['1', '123'] })).toBe(2 + 3);
    expect(attributeSize({ BS: [new Uint8Array(3), new Uint8Array(4)] })).toBe(7);
  });

  it('adds 3 bytes per list or map and 1 byte per element, plus map keys', () => {
    expect(attributeSize({ L: [] })).toBe(3);
    expect(attributeSize({ M: {} })).toBe(3);
    expect(attributeSize({ L: [{ S: 'ab' }, { NULL: true }] })).toBe(3 + (1 + 2) + (1 + 1));
    expect(attributeSize({ M: { key: { S: 'ab' } } })).toBe(3 + 1 + 3 + 2);
    expect(attributeSize({ M: { a: { L: [{ BOOL: true }] } } })).toBe(3 + 1 + 1 + (3 + 1 + 1));
  });

  it('sizes a marshalled item attribute by attribute', () => {
    const item = marshall({ pk: 'order#1', total: 12.5, items: ['a', 'b'], tags: new Set(['x']) });
    // pk: 2 + 7; total: 5 + 3; items: 5 + 3 + (1 + 1) * 2; tags: 4 + 1
    expect(itemSize(item)).toBe(9 + 8 + 12 + 5);
  });

  it('ignores undefined attributes, as JSON does', () => {
    expect(itemSize({ a: { S: 'x' }, b: undefined } as never)).toBe(2);
    expect(attributeSize({ M: { a: { S: 'x' }, b: undefined } } as never)).toBe(3 + 1 + 1 + 1);
  });
});

describe('parseNumber', () => {
  it.each([
    ['120.50', { negative: false, digits: '1205', exponent: 2 }],
    ['-0.0012', { negative: true, digits: '12', exponent: -3 }],
    ['1e+21', { negative: false, digits: '1', exponent: 21 }],
    ['00012.000', { negative: false, digits: '12', exponent: 1 }],
    ['-0', { negative: false, digits: '', exponent: 0 }],
    ['9.9999999999999999999999999999999999999E+125', { negative: false, digits: '9'.repeat(38), exponent: 125 }],
    ['1E-130', { negative: false, digits: '1', exponent: -130 }],
  ])('parses %s', (text, expected) => {
    expect(parseNumber(text)).toEqual(expected);
  });

  it.each(['', '+1', '.5', '5.', ' 1', '1 ', 'NaN', 'Infinity', '0x10', '1e', '1,5', '1E126', '1E-131', '1'.repeat(39), '-1'.padEnd(40, '2')])(
    'refuses %j',
    (text) => {
      expect(parseNumber(text)).toBeUndefined();
    },
  );

  it('gives one canonical form per value, as DynamoDB compares keys', () => {
    const canonical = (text: string): string => canonicalNumber(parseNumber(text) as NonNullable<ReturnType<typeof parseNumber>>);
    expect(canonical('1')).toBe(canonical('1.0'));
    expect(canonical('1')).toBe(canonical('10e-1'));
    expect(canonical('0')).toBe(canonical('-0.00'));
    expect(canonical('-1.5')).toBe('-15E0');
    expect(canonical('1')).not.toBe(canonical('10'));
    expect(canonical('1')).not.toBe(canonical('-1'));
  });
});

describe('plainNumberSize', () => {
  it.each([
    ['0', 1],
    ['-0.000', 1],
    ['7', 2],
    ['-7', 3],
    ['12', 2],
    ['120.50', 4],
    ['0.05', 2],
    ['00012.000', 2],
    ['-0.0012', 3],
    ['9'.repeat(38), 20],
  ])('sizes %s as storedNumberSize does (%i bytes)', (text, bytes) => {
    expect(plainNumberSize(text)).toBe(bytes);
    expect(plainNumberSize(text)).toBe(storedNumberSize(parseNumber(text) as NonNullable<ReturnType<typeof parseNumber>>));
  });

  it.each(['', '-', '.', '.5', '5.', '+1', '1.2.3', '1e5', '1E-7', ' 1', '1'.repeat(39), '0.'.padEnd(41, '1'), 'NaN'])('leaves %j to parseNumber', (text) => {
    expect(plainNumberSize(text)).toBe(-1);
  });

  it('never accepts what parseNumber refuses, and agrees with it on everything it sizes', () => {
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom('0', '0', '1', '5', '9', '.', '-'), maxLength: 44 }),
      fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.bigInt()).map(String),
    );
    fc.assert(
      fc.property(text, (candidate) => {
        const size = plainNumberSize(candidate);
        if (size === -1) return;
        const parsed = parseNumber(candidate);
        expect(parsed).toBeDefined();
        expect(size).toBe(storedNumberSize(parsed as NonNullable<typeof parsed>));
      }),
      { numRuns: 3000 },
    );
  });
});
