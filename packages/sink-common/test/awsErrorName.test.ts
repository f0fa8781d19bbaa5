import { awsErrorName } from '../src/index.js';

describe('awsErrorName', () => {
  it("reads a string `name` from any object, the SDK's exceptions or a copy from another SDK", () => {
    expect(awsErrorName(Object.assign(new Error('x'), { name: 'ValidationException' }))).toBe('ValidationException');
    expect(awsErrorName({ name: 'ThrottlingException', $metadata: {} })).toBe('ThrottlingException');
  });

  it('is undefined for anything without a string name', () => {
    for (const value of [undefined, null, 'ValidationException', 42, {}, { name: 7 }]) expect(awsErrorName(value)).toBeUndefined();
  });
});
