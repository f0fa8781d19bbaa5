import { runInNewContext } from 'node:vm';
import { sameRealmError } from '../src/sameRealmErrors.js';

describe('sameRealmError', () => {
  it('re-creates an error from another realm with its name, message, code and stack', () => {
    const foreign: unknown = runInNewContext(
      'const e = new Error("read ECONNRESET"); e.code = "ECONNRESET"; e.errno = -104; e.name = "TimeoutError"; e',
    );
    expect(foreign instanceof Error).toBe(false);
    const copy = sameRealmError(foreign);
    expect(copy).toBeInstanceOf(Error);
    expect(copy).toMatchObject({ name: 'TimeoutError', message: 'read ECONNRESET', code: 'ECONNRESET', errno: -104 });
    expect((copy as Error).stack).toBe((foreign as Error).stack);
  });

  it('passes same-realm errors and non-errors through untouched', () => {
    const own = new Error('x');
    expect(sameRealmError(own)).toBe(own);
    const plain = { message: 'not an error' };
    expect(sameRealmError(plain)).toBe(plain);
    expect(sameRealmError('text')).toBe('text');
    expect(sameRealmError(undefined)).toBeUndefined();
  });
});
