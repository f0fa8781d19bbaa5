import { InvalidOptionError } from '@batch/core';
import { booleanOption, clientOption, integerOption } from '@batch/sink-common';

describe('option checks', () => {
  it('accepts any object with send and names the service otherwise', () => {
    const client = { send: async () => ({}) };
    expect(clientOption(client, 'SQS')).toBe(client);
    expect(() => clientOption({}, 'SQS')).toThrow('Expected `client` to be an AWS SDK v3 SQS client (an object with `send`), got `object`');
    expect(() => clientOption(null, 'Kinesis')).toThrow(InvalidOptionError);
  });

  it('checks booleans', () => {
    expect(booleanOption('strictOrdering', false)).toBe(false);
    expect(() => booleanOption('strictOrdering', 'yes')).toThrow('Expected `strictOrdering` to be a boolean, got `"yes"`');
  });

  it('checks integer ranges, with a named lower bound when given', () => {
    expect(integerOption('n', 5, 1, 10)).toBe(5);
    expect(() => integerOption('n', 0, 1, 10)).toThrow('Expected `n` to be an integer between 1 and 10, got `0`');
    expect(() => integerOption('n', 2.5, 1, 10)).toThrow('Expected `n` to be an integer between 1 and 10, got `2.5`');
    expect(() => integerOption('maxRequestBytes', 5, 10, 20, '`maxRecordSize` (10)')).toThrow(
      'Expected `maxRequestBytes` to be an integer between `maxRecordSize` (10) and 20, got `5`',
    );
    expect(() => integerOption('n', -1, 0, Number.MAX_SAFE_INTEGER)).toThrow('Expected `n` to be an integer of at least 0, got `-1`');
  });
});
