import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { InvalidItemError } from '@batch/sink-dynamodb';
import fc from 'fast-check';
import { measureItem } from '../src/measureItem.js';
import { itemSize } from '../src/itemSize.js';
import { canonicalNumber, parseNumber } from '../src/parseNumber.js';
import type { DynamoNumber } from '../src/parseNumber.js';
import { capturingClient } from './capturingClient.js';

const nested = (depth: number): AttributeValue => (depth === 0 ? { S: 'leaf' } : { M: { m: nested(depth - 1) } });

describe('measureItem: the bytes the SDK sends', () => {
  it('measures exactly the JSON the real SDK client serializes, for every type, escapes and non-ASCII', async () => {
    const items: Record<string, AttributeValue>[] = [
      marshall({ pk: 'a' }),
      marshall({ pk: 'quote " backslash \\ control \u0001 newline \n tab \t', é: 'héllo 😀', lone: '\ud800x' }),
      marshall({ pk: 'n', int: 12, neg: -0.5, big: 12345678901234567890n, exp: 1e21, small: 1e-7 }, { allowImpreciseNumbers: true }),
      marshall({ pk: 'b', bin: new Uint8Array([1, 2, 3, 4]), empty: new Uint8Array(0), one: new Uint8Array([255]) }),
      marshall({ pk: 'c', t: true, f: false, z: null, list: [1, 'two', [null], {}], map: { x: { y: new Set(['s', 't']) } } }),
      marshall({ pk: 'd', ns: new Set([1, 2.5, -3]), bs: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]), emptyList: [], emptyMap: {} }),
    ];
    for (const item of items) {
      const { client, bodies } = capturingClient();
      await client.send(new BatchWriteItemCommand({ RequestItems: { t: [{ PutRequest: { Item: item } }] } }));
      const body = bodies[0] as string;
      // {"RequestItems":{"t":[{"PutRequest":{"Item": <item> }}]}}
      expect(measureItem(item, false).jsonBytes).toBe(Buffer.byteLength(body) - '{"RequestItems":{"t":[{"PutRequest":{"Item":'.length - '}}]}}'.length);
    }
  });
});

describe('measureItem: rules DynamoDB applies to every value', () => {
  it.each<[string, unknown, string]>([
    ['an empty attribute name', { '': { S: 'x' } }, 'an attribute name is empty'],
    ['an empty nested attribute name', { m: { M: { '': { S: 'x' } } } }, 'an attribute name is empty'],
    ['an attribute name of 64 KB', { ['n'.repeat(65536)]: { S: 'x' } }, 'an attribute name is longer than 65535 bytes'],
    ['an empty string set', { s: { SS: [] } }, 'a string set is empty'],
    ['an empty number set', { s: { NS: [] } }, 'a number set is empty'],
    ['an empty binary set', { s: { BS: [] } }, 'a binary set is empty'],
    ['a string set with duplicates', { s: { SS: ['a', 'a'] } }, 'a string set holds duplicates'],
    ['a number set with equal numbers', { s: { NS: ['1', '1.0'] } }, 'a number set holds duplicates'],
    ['a binary set with equal bytes', { s: { BS: [new Uint8Array([1]), new Uint8Array([1])] } }, 'a binary set holds duplicates'],
    ['a number of 39 significant digits', { n: { N: '1'.repeat(39) } }, 'a number is not decimal notation'],
    ['a number above 9.99E+125', { n: { N: '1e126' } }, 'a number is not decimal notation'],
    ['a number below 1E-130', { n: { N: '1e-131' } }, 'a number is not decimal notation'],
    ['a number that is not decimal', { n: { N: '0x10' } }, 'a number is not decimal notation'],
    ['an invalid number in a set', { n: { NS: ['1', 'NaN'] } }, 'a number is not decimal notation'],
    ['NULL false', { n: { NULL: false } }, 'NULL must be true'],
    ['two types in one value', { v: { S: 'a', N: '1' } }, 'an AttributeValue must have exactly one of'],
    ['an unknown type', { v: { X: 'a' } }, 'an AttributeValue must have exactly one of'],
    ['no type', { v: {} }, 'an AttributeValue must have exactly one of'],
    ['a plain value instead of an AttributeValue', { v: 'a' }, 'expected an AttributeValue object'],
    ['S holding a number', { v: { S: 1 } }, 'S holds a value of the wrong type'],
    ['L holding an object', { v: { L: {} } }, 'L holds a value of the wrong type'],
    ['nesting 33 levels deep', { v: nested(33) }, 'lists and maps are nested deeper than 32 levels'],
    ['a binary value that is not a Uint8Array', { v: { B: new ArrayBuffer(2) } }, 'a binary value is not a Uint8Array'],
    ['a string set holding a number', { v: { SS: ['a', 1] } }, 'a string set holds a non-string'],
  ])('refuses %s', (_name, item, reason) => {
    let error: unknown;
    try {
      measureItem(item, false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidItemError);
    expect((error as InvalidItemError).reason).toContain(reason);
    expect((error as InvalidItemError).code).toBe('DYNAMODB_INVALID_ITEM');
  });

  it('accepts nesting of exactly 32 levels, empty strings, empty binary, empty lists and maps', () => {
    expect(() => measureItem({ v: nested(32), s: { S: '' }, b: { B: new Uint8Array(0) }, l: { L: [] }, m: { M: {} } }, false)).not.toThrow();
  });

  it('refuses anything but a map of attributes', () => {
    for (const item of [null, 'x', [], new Map()]) expect(() => measureItem(item, false)).toThrow('expected a map of attribute names to values');
  });

  it('is not disturbed by a walk started from inside it (a getter in an item)', () => {
    const inner = { a: { S: 'xyz' }, n: { N: '12.5' } };
    const item = {
      pk: { S: 'k' },
      get g(): AttributeValue {
        measureItem(inner, false);
        return { S: 'v' };
      },
      n: { N: '7' },
    };
    expect(measureItem(item, false)).toEqual(measureItem({ pk: { S: 'k' }, g: { S: 'v' }, n: { N: '7' } }, false));
  });

  it('adopts other binary views as Uint8Arrays over the same bytes when allowed', () => {
    const buffer = new Uint16Array([0x0201, 0x0403]);
    const item: Record<string, unknown> = { a: { B: buffer.buffer }, v: { B: new DataView(buffer.buffer, 1, 2) }, s: { BS: [new Int8Array([-1])] } };
    measureItem(item, true);
    expect(item).toEqual({ a: { B: new Uint8Array([1, 2, 3, 4]) }, v: { B: new Uint8Array([2, 3]) }, s: { BS: [new Uint8Array([255])] } });
  });
});

describe('measureItem: one walk, two sizes', () => {
  // Strings that hit both paths: plain ASCII, JSON escapes, control characters, non-ASCII,
  // astral characters and lone surrogates.
  // Long strings, mostly plain ASCII with a rare character that needs escaping or widens in
  // UTF-8, take the native path (48 characters on); the others are checked one at a time.
  const rare = fc.constantFrom('"', '\\', '\u0000', '\t', '\n', '\u001f', '\u007f', 'é', '😀', '\ud800');
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', '\\', '\u0000', '\u001f', '\u007f', 'é', '€', '😀', '\ud800', '\udc00'), maxLength: 20 }),
    fc.string({ unit: fc.oneof({ weight: 200, arbitrary: fc.constantFrom('a', 'Z', ' ', '~', '0') }, { weight: 1, arbitrary: rare }), minLength: 44, maxLength: 300 }),
  );
  const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e100, max: 1e100 })).map(String).filter((n) => parseNumber(n) !== undefined);
  const { value } = fc.letrec<{ value: AttributeValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text.map((S) => ({ S })),
      number.map((N) => ({ N })),
      fc.uint8Array({ maxLength: 12 }).map((B) => ({ B })),
      fc.boolean().map((BOOL) => ({ BOOL })),
      fc.constant({ NULL: true }),
      fc.uniqueArray(text, { minLength: 1, maxLength: 4 }).map((SS) => ({ SS })),
      fc.uniqueArray(number, { minLength: 1, maxLength: 4, selector: (n) => canonicalNumber(parseNumber(n) as DynamoNumber) }).map((NS) => ({ NS })),
      fc.array(tie('value'), { maxLength: 4 }).map((L) => ({ L })),
      fc.dictionary(text.filter((name) => name !== ''), tie('value'), { maxKeys: 4 }).map((M) => ({ M })),
    ),
  }));
  const item = fc.dictionary(text.filter((name) => name !== ''), value, { maxKeys: 6 });

  it('matches itemSize (the item-size rules on their own) and the bytes of JSON.stringify', () => {
    fc.assert(
      fc.property(item, (candidate) => {
        const measure = measureItem(candidate, false);
        expect(measure.itemSize).toBe(itemSize(candidate));
        // The SDK's JSON protocol encodes binary as base64; JSON.stringify of a Uint8Array would not.
        const json = JSON.stringify(candidate, (_key, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v));
        expect(measure.jsonBytes).toBe(Buffer.byteLength(json));
      }),
      { numRuns: 400 },
    );
  });
});
