import fc from 'fast-check';
import { checkText, findByPattern, findInvalidCharacter } from '../src/findInvalidCharacter.js';

describe('findInvalidCharacter', () => {
  // Mostly printable ASCII, with tab/LF/CR (allowed), control characters (refused) and, now and
  // then, characters that send the text down the pattern path (non-ASCII, U+FFFE, lone surrogates).
  const unit = fc.oneof(
    { weight: 40, arbitrary: fc.integer({ min: 0x20, max: 0x7f }).map((c) => String.fromCharCode(c)) },
    { weight: 2, arbitrary: fc.constantFrom('\t', '\n', '\r') },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
    { weight: 1, arbitrary: fc.constantFrom('é', '€', '😀', '\uFFFE', '\uD800', '\u0080') },
  );

  it('finds the same character as the reference pattern, on short and long texts', () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), fc.integer({ min: 0, max: 3000 }), fc.string({ unit, maxLength: 40 }), (head, padding, tail) => {
        const text = head + 'x'.repeat(padding) + tail;
        const expected = findByPattern(text);
        expect(findInvalidCharacter(text)).toEqual(expected);
        // Measured in the same pass, as the sink does for a body.
        expect(checkText(text)).toEqual({ utf8Bytes: Buffer.byteLength(text), invalid: expected });
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with the reference pattern on long ASCII texts dense with tab, LF and CR', () => {
    // Every 16-byte chunk has allowed control bytes, so the exact four-byte check decides.
    const ascii = fc.oneof(
      { weight: 20, arbitrary: fc.integer({ min: 0x20, max: 0x7f }).map((c) => String.fromCharCode(c)) },
      { weight: 10, arbitrary: fc.constantFrom('\t', '\n', '\r') },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
    );
    fc.assert(
      fc.property(fc.string({ unit: ascii, minLength: 256, maxLength: 2000 }), (text) => {
        expect(findInvalidCharacter(text)).toEqual(findByPattern(text));
        expect(checkText(text)).toEqual({ utf8Bytes: text.length, invalid: findByPattern(text) });
      }),
      { numRuns: 400 },
    );
  });

  it('tells every control byte from tab, LF and CR in every position of a word', () => {
    const lines = 'line\tone\r\n'.repeat(40);
    for (let code = 0; code < 0x20; code++) {
      for (let lane = 0; lane < 16; lane++) {
        const at = 320 + lane;
        const text = `${lines.slice(0, at)}${String.fromCharCode(code)}${lines.slice(at + 1)}`;
        const allowed = code === 0x09 || code === 0x0a || code === 0x0d;
        expect(findInvalidCharacter(text)).toEqual(allowed ? undefined : { index: at, codePoint: code });
      }
    }
  });

  it('finds a control character at every offset of a long ASCII text, and allows tab, LF and CR', () => {
    const base = 'abcdefgh'.repeat(64) + 'tail+';
    for (let at = 0; at < base.length; at += 1) {
      const text = `${base.slice(0, at)}\u0001${base.slice(at + 1)}`;
      expect(findInvalidCharacter(text)).toEqual({ index: at, codePoint: 1 });
    }
    expect(findInvalidCharacter(`${base}\t\n\r`)).toBeUndefined();
    expect(findInvalidCharacter(`${base}\u001f`)).toEqual({ index: base.length, codePoint: 0x1f });
  });

  it('measures and checks long texts whose first non-ASCII character or control character lies in a later 8 Ki-character chunk', () => {
    const chunk = 1 << 13;
    const ascii = 'abcdefgh'.repeat((2 * chunk) / 8);
    for (const at of [0, chunk - 1, chunk, chunk + 3, ascii.length - 1]) {
      for (const odd of ['é', '😀', '\uD800', '\uFFFE', '\u0001']) {
        const text = `${ascii.slice(0, at)}${odd}${ascii.slice(at + 1)}`;
        expect(checkText(text)).toEqual({ utf8Bytes: Buffer.byteLength(text), invalid: findByPattern(text) });
      }
      // A control character before a non-ASCII one, in the same chunk and in an earlier one.
      const both = `${ascii.slice(0, at)}\u0002é${ascii.slice(at + 2)}`;
      expect(checkText(both)).toEqual({ utf8Bytes: Buffer.byteLength(both), invalid: { index: at, codePoint: 2 } });
    }
  });
});
