import { runInNewContext } from 'node:vm';
import { Batcher } from '@batch/core';
import { InvalidMessageAttributeError, sqsSink } from '@batch/sink-sqs';
import type { SqsAttributeValue } from '@batch/sink-sqs';
import { isSqsNumber } from '../src/messageAttributes.js';
import { STANDARD_URL, fakeClient } from './fakeSqsClient.js';

function queue() {
  const fake = fakeClient();
  return { ...fake, queue: new Batcher({ ...sqsSink({ client: fake.client, queueUrl: STANDARD_URL, maxMessageSize: 1024 }), maxBatchDelay: 0 }) };
}

const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, 'v']));

describe('message attributes', () => {
  it.each<[string, unknown, string]>([
    ['more than 10 attributes', eleven, 'Invalid message attribute: 11 attributes; SQS allows at most 10 per message'],
    ['an array', ['v'], 'Invalid message attribute: `messageAttributes` must be an object of name → value'],
    ['an empty name', { '': 'v' }, 'Invalid message attribute: a name of 0 characters; SQS allows 1 to 256'],
    ['a 257-character name', { ['n'.repeat(257)]: 'v' }, 'Invalid message attribute: a name of 257 characters; SQS allows 1 to 256'],
    ['a name with a space', { 'a b': 'v' }, 'Invalid message attribute: names may contain only A-Z, a-z, 0-9, `_`, `-` and `.`'],
    ['a name starting with amazon.', { 'amazon.x': 'v' }, 'Invalid message attribute: names starting with `AWS.` or `Amazon.` are reserved'],
    ['a name starting with a period', { '.a': 'v' }, 'Invalid message attribute: names must not start or end with a period or hold two in a row'],
    ['a name ending with a period', { 'a.': 'v' }, 'Invalid message attribute: names must not start or end with a period or hold two in a row'],
    ['a name with two periods', { 'a..b': 'v' }, 'Invalid message attribute: names must not start or end with a period or hold two in a row'],
    ['an empty string', { k: '' }, 'Invalid message attribute `k`: a String attribute needs a non-empty string `StringValue`'],
    ['a string with a control character', { k: 'a\u0001' }, 'Invalid message attribute `k`: value: character U+0001 at index 1 is not allowed by SQS'],
    ['NaN', { k: NaN }, 'Invalid message attribute `k`: a number attribute must be finite'],
    ['empty bytes', { k: new Uint8Array(0) }, 'Invalid message attribute `k`: a Binary attribute needs non-empty bytes (a Uint8Array, typed array or ArrayBuffer) as `BinaryValue`'],
    ['a BinaryValue that is not bytes', { k: { DataType: 'Binary', BinaryValue: [1, 2] } }, 'Invalid message attribute `k`: a Binary attribute needs non-empty bytes (a Uint8Array, typed array or ArrayBuffer) as `BinaryValue`'],
    ['bytes as the whole attributes object', new Uint8Array([1]), 'Invalid message attribute: `messageAttributes` must be an object of name → value'],
    ['null', { k: null }, 'Invalid message attribute `k`: expected a string, a number, bytes or { DataType, StringValue | BinaryValue }, got null'],
    ['a boolean', { k: true }, 'Invalid message attribute `k`: expected a string, a number, bytes or { DataType, StringValue | BinaryValue }, got boolean'],
    ['an unknown data type', { k: { DataType: 'Str', StringValue: 'v' } }, 'Invalid message attribute `k`: `DataType` must be String, Number or Binary, optionally followed by `.` and a label'],
    ['a missing data type', { k: { StringValue: 'v' } }, 'Invalid message attribute `k`: `DataType` must be a string'],
    ['an empty label', { k: { DataType: 'String.', StringValue: 'v' } }, 'Invalid message attribute `k`: `DataType` must be String, Number or Binary, optionally followed by `.` and a label'],
    ['a 257-character data type', { k: { DataType: `String.${'x'.repeat(250)}`, StringValue: 'v' } }, 'Invalid message attribute `k`: a `DataType` of 257 characters; SQS allows at most 256'],
    ['a label with a NUL', { k: { DataType: 'String.a\u0000', StringValue: 'v' } }, 'Invalid message attribute `k`: `DataType` label: character U+0000 at index 8 is not allowed by SQS'],
    ['a Number that is not a number', { k: { DataType: 'Number', StringValue: '12abc' } }, 'Invalid message attribute `k`: a Number must be a decimal of at most 38 digits, 0 or between 10^-128 and 10^126 in magnitude'],
    ['a Binary with a StringValue', { k: { DataType: 'Binary', StringValue: 'v' } }, 'Invalid message attribute `k`: a Binary attribute takes `BinaryValue`, not `StringValue`'],
    ['a String with a BinaryValue', { k: { DataType: 'String', BinaryValue: new Uint8Array([1]) } }, 'Invalid message attribute `k`: a String attribute takes `StringValue`, not `BinaryValue`'],
    ['a String without a StringValue', { k: { DataType: 'String.x' } }, 'Invalid message attribute `k`: a String attribute needs a non-empty string `StringValue`'],
    ['list values', { k: { DataType: 'String', StringValue: 'v', StringListValues: ['a'] } }, 'Invalid message attribute `k`: list values are reserved by SQS and not implemented'],
  ])('rejects %s with InvalidMessageAttributeError and never sends it', async (_name, attributes, message) => {
    const { queue: q, calls } = queue();
    const good = q.add({ body: 'fine', messageAttributes: { ok: 'yes' } });
    const bad = q.add({ body: 'x', messageAttributes: attributes as Record<string, SqsAttributeValue> });
    await expect(bad).rejects.toBeInstanceOf(InvalidMessageAttributeError);
    await expect(bad).rejects.toMatchObject({ code: 'SQS_INVALID_MESSAGE_ATTRIBUTE', message });
    await good;
    expect(calls.flatMap((c) => c.entries.map((e) => e.body))).toEqual(['fine']);
  });

  it('sends any binary value (typed array, DataView, ArrayBuffer, from any realm) as a Binary attribute of its bytes', async () => {
    const { queue: q, calls } = queue();
    const backing = new Uint8Array([9, 1, 2, 9]).buffer;
    await q.add({
      body: 'x',
      messageAttributes: {
        view: new DataView(backing, 1, 2) as unknown as Uint8Array,
        buffer: new Uint8Array([1, 2]).buffer as unknown as Uint8Array,
        foreign: runInNewContext('new Uint8Array([1, 2])') as Uint8Array,
        typed: { DataType: 'Binary.sig', BinaryValue: runInNewContext('new Uint8Array([1, 2])') as Uint8Array },
      },
    });
    const sent = calls[0]?.entries[0]?.attributes ?? {};
    for (const name of ['view', 'buffer', 'foreign', 'typed']) {
      const value = sent[name];
      expect(value?.BinaryValue).toBeInstanceOf(Uint8Array);
      expect([...(value?.BinaryValue ?? [])]).toEqual([1, 2]);
    }
    expect(sent.typed?.DataType).toBe('Binary.sig');
  });

  it('accepts 10 attributes, 256-character names and types, custom labels, and counts name + type + value bytes', async () => {
    const { queue: q, calls } = queue();
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, 'v']));
    await q.add({ body: 'x', messageAttributes: ten });
    const longName = `${'N'.repeat(255)}x`;
    const longType = `Binary.${'é'.repeat(249)}`;
    // body 1 + name 256 + type 6 + 1 + 249 * 2 + value 262 = 1024 bytes exactly.
    const exact = { [longName]: { DataType: longType, BinaryValue: new Uint8Array(262) } };
    await expect(q.add({ body: 'x', messageAttributes: exact })).resolves.toEqual({ messageId: 'm2' });
    const over = { [longName]: { DataType: longType, BinaryValue: new Uint8Array(263) } };
    await expect(q.add({ body: 'x', messageAttributes: over })).rejects.toMatchObject({ code: 'JOB_TOO_LARGE', size: 1025 });
    expect(calls).toHaveLength(2);
  });

  it.each([
    ['0', true],
    ['-0.000', true],
    ['+12.5', true],
    ['.5', true],
    ['5.', true],
    ['1e+21', true],
    ['1E-128', true],
    ['9.99E-129', false],
    ['1e126', true],
    ['10e125', true],
    ['1.0000e126', true],
    ['1.1e126', false],
    ['1e127', false],
    ['12345678901234567890123456789012345678', true],
    ['123456789012345678901234567890123456789', false],
    ['1234567890123456789012345678901234567800000', true],
    ['0.00000000000000000000000000000000000000001234', true],
    ['', false],
    ['-', false],
    [' 1', false],
    ['1e', false],
    ['0x10', false],
    ['Infinity', false],
    ['1,5', false],
  ])('isSqsNumber(%j) is %s', (text, expected) => {
    expect(isSqsNumber(text)).toBe(expected);
  });
});
