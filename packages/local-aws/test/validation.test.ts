// Every validation message of the package, in one place.
import { InvalidOptionError, fastRetryStrategy, startLocalAws, type FaultRule } from '@batch/local-aws';
import { FaultRuleSet } from '../src/FaultRuleSet.js';
import { dynamodbProtocol } from '../src/dynamodbProtocol.js';
import { kinesisProtocol } from '../src/kinesisProtocol.js';
import { resolveOptions } from '../src/options.js';
import { createSqsProtocol } from '../src/sqsProtocol.js';

const sqs = createSqsProtocol(async () => 1024);

describe('startLocalAws options', () => {
  it.each<[string, unknown, string]>([
    ['a fractional seed', { seed: 1.5 }, 'Expected `seed` to be an integer, got `1.5`'],
    ['a string seed', { seed: '7' }, 'Expected `seed` to be an integer, got `"7"`'],
    ['empty services', { services: [] }, 'Expected `services` to be a non-empty array, got `[]`'],
    ['an unknown service', { services: ['s3'] }, "Expected `services` to contain only 'kinesis', 'dynamodb', 'sqs', 'cloudwatch', got `\"s3\"`"],
    ['duplicate services', { services: ['sqs', 'sqs'] }, 'Expected `services` without duplicates, got `["sqs","sqs"]`'],
    ['a non-boolean enforceLimits', { enforceLimits: 'yes' }, 'Expected `enforceLimits` to be a boolean, got `"yes"`'],
    ['an empty region', { region: '' }, 'Expected `region` to be a non-empty string, got `""`'],
    ['a non-object', null, 'Expected options to be an object, got `null`'],
  ])('rejects %s', async (_label, options, message) => {
    const rejection = startLocalAws(options as never);
    await expect(rejection).rejects.toThrow(new InvalidOptionError(message));
    await expect(rejection).rejects.toMatchObject({ code: 'INVALID_OPTION', name: 'InvalidOptionError' });
  });

  it('reads the seed from BATCH_TEST_SEED and rejects a bad one', () => {
    expect(resolveOptions({}, { BATCH_TEST_SEED: '77' }).seed).toBe(77);
    expect(resolveOptions({ seed: 5 }, { BATCH_TEST_SEED: '77' }).seed).toBe(5);
    expect(resolveOptions({}, {}).seed).toBe(1);
    expect(() => resolveOptions({}, { BATCH_TEST_SEED: 'abc' })).toThrow(
      new InvalidOptionError('Expected `BATCH_TEST_SEED` to be an integer, got `"abc"`'),
    );
  });

  it('applies the defaults once', () => {
    expect(resolveOptions({}, {})).toEqual({
      seed: 1,
      services: ['kinesis', 'dynamodb', 'sqs', 'cloudwatch'],
      enforceLimits: false,
      region: 'us-east-1',
    });
    expect(resolveOptions({ seed: -1, services: ['sqs', 'kinesis'] }, {})).toMatchObject({
      seed: 4294967295,
      services: ['kinesis', 'sqs'],
    });
  });
});

describe('fault rules', () => {
  const kinesis = (): FaultRuleSet => new FaultRuleSet(1, 'kinesis', kinesisProtocol.batch);
  it.each<[string, unknown, string]>([
    ['a non-object', 'hang', 'Expected a fault rule object, got `"hang"`'],
    ['no effect', { times: 1 }, 'Expected exactly one effect (failEntries, error, latencyMs, reset or hang), got 0'],
    ['two effects', { hang: true, latencyMs: 5 }, 'Expected exactly one effect (failEntries, error, latencyMs, reset or hang), got 2: latencyMs, hang'],
    ['hang: false alone', { hang: false }, 'Expected exactly one effect (failEntries, error, latencyMs, reset or hang), got 0'],
    ['zero times', { hang: true, times: 0 }, 'Expected `times` to be a positive integer, got `0`'],
    ['fractional times', { hang: true, times: 1.5 }, 'Expected `times` to be a positive integer, got `1.5`'],
    ['a ratio above 1', { hang: true, ratio: 2 }, 'Expected `ratio` to be a number between 0 and 1, got `2`'],
    ['a NaN ratio', { hang: true, ratio: NaN }, 'Expected `ratio` to be a number between 0 and 1, got `NaN`'],
    ['an empty operation', { hang: true, operation: '' }, 'Expected `operation` to be a non-empty string or array of strings, got `""`'],
    ['an empty operation list', { hang: true, operation: [] }, 'Expected `operation` to be a non-empty string or array of strings, got `[]`'],
    ['a non-function when', { hang: true, when: 1 }, 'Expected `when` to be a function, got `1`'],
    ['negative latency', { latencyMs: -1 }, 'Expected `latencyMs` to be a number between 0 and 600000, got `-1`'],
    ['huge latency', { latencyMs: 600_001 }, 'Expected `latencyMs` to be a number between 0 and 600000, got `600001`'],
    ['an unknown reset', { reset: 'during' }, "Expected `reset` to be 'before' or 'after', got `\"during\"`"],
    ['a non-true hang', { hang: 'yes' }, 'Expected `hang` to be true, got `"yes"`'],
    ['a 200 error', { error: { status: 200, name: 'X' } }, 'Expected `error.status` to be an integer between 400 and 599, got `200`'],
    ['a nameless error', { error: { status: 400, name: '' } }, 'Expected `error.name` to be a non-empty string, got `""`'],
    ['a non-string error message', { error: { status: 400, name: 'X', message: 3 } }, 'Expected `error.message` to be a string, got `3`'],
    ['failEntries on another operation', { operation: 'PutRecord', failEntries: {} }, "Expected `operation` to be 'PutRecords' for failEntries, got `\"PutRecord\"`"],
    ['both ratio and indices', { failEntries: { ratio: 0.5, indices: [1] } }, 'Expected `failEntries.ratio` or `failEntries.indices`, not both'],
    ['an entry ratio above 1', { failEntries: { ratio: 1.5 } }, 'Expected `failEntries.ratio` to be a number between 0 and 1, got `1.5`'],
    ['negative indices', { failEntries: { indices: [-1] } }, 'Expected `failEntries.indices` to be an array of non-negative integers, got `[-1]`'],
    ['an empty error code', { failEntries: { errorCode: '' } }, 'Expected `failEntries.errorCode` to be a non-empty string, got `""`'],
    ['a non-string error message', { failEntries: { errorMessage: 1 } }, 'Expected `failEntries.errorMessage` to be a string, got `1`'],
    ['senderFault on Kinesis', { failEntries: { senderFault: true } }, 'Expected `failEntries.senderFault` only for SQS, got it for kinesis'],
  ])('rejects %s', (_label, rule, message) => {
    expect(() => kinesis().add(rule as FaultRule)).toThrow(new InvalidOptionError(message));
  });

  it.each<[string, FaultRule, string]>([
    ['an error code', { failEntries: { errorCode: 'X' } }, 'Expected no `failEntries.errorCode` for dynamodb (UnprocessedItems carry no error), got `"X"`'],
    ['an error message', { failEntries: { errorMessage: 'x' } }, 'Expected no `failEntries.errorMessage` for dynamodb (UnprocessedItems carry no error), got `"x"`'],
    ['senderFault', { failEntries: { senderFault: false } }, 'Expected no `failEntries.senderFault` for dynamodb (UnprocessedItems carry no error), got `false`'],
  ])('rejects %s for DynamoDB', (_label, rule, message) => {
    expect(() => new FaultRuleSet(1, 'dynamodb', dynamodbProtocol.batch).add(rule)).toThrow(new InvalidOptionError(message));
  });

  it('rejects a non-boolean senderFault for SQS and accepts a boolean', () => {
    const set = new FaultRuleSet(1, 'sqs', sqs.batch);
    expect(() => set.add({ failEntries: { senderFault: 'no' as never } })).toThrow(
      new InvalidOptionError('Expected `failEntries.senderFault` to be a boolean, got `"no"`'),
    );
    expect(set.add({ failEntries: { senderFault: true } }).id).toBe(1);
  });
});

describe('fastRetryStrategy options', () => {
  it('rejects a bad maxAttempts or delayMs', () => {
    expect(() => fastRetryStrategy({ maxAttempts: 0 })).toThrow(
      new InvalidOptionError('Expected `maxAttempts` to be a positive integer, got `0`'),
    );
    expect(() => fastRetryStrategy({ delayMs: -5 })).toThrow(
      new InvalidOptionError('Expected `delayMs` to be a non-negative number, got `-5`'),
    );
  });
});
