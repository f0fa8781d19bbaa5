import { NOT_ASCII, findAsciiControl } from '@batch/sink-common';
import fc from 'fast-check';

/** The reference: one character at a time. */
function reference(text: string, allowWhitespace: boolean): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && !(allowWhitespace && (c === 0x09 || c === 0x0a || c === 0x0d))) return i;
  }
  return -1;
}

describe('findAsciiControl', () => {
  // Printable ASCII with tab/LF/CR dense enough that most 16-byte blocks hold one, and the other
  // control characters now and then.
  const unit = fc.oneof(
    { weight: 30, arbitrary: fc.integer({ min: 0x20, max: 0x7f }).map((c) => String.fromCharCode(c)) },
    { weight: 6, arbitrary: fc.constantFrom('\t', '\n', '\r') },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  );

  it('finds the same index as a character loop, in both modes, at any length', () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), fc.integer({ min: 0, max: 3000 }), fc.string({ unit, maxLength: 600 }), (head, padding, tail) => {
        const text = head + 'x'.repeat(padding) + tail;
        expect(findAsciiControl(text, true)).toBe(reference(text, true));
        expect(findAsciiControl(text, false)).toBe(reference(text, false));
      }),
      { numRuns: 500 },
    );
  });

  it('finds every control character in every lane of a block, and lets tab, LF and CR through only when allowed', () => {
    const base = 'abcdefgh'.repeat(40);
    for (let code = 0; code < 0x20; code++) {
      for (let lane = 0; lane < 16; lane++) {
        const at = 160 + lane;
        const text = `${base.slice(0, at)}${String.fromCharCode(code)}${base.slice(at + 1)}`;
        const whitespace = code === 0x09 || code === 0x0a || code === 0x0d;
        expect(findAsciiControl(text, true)).toBe(whitespace ? -1 : at);
        expect(findAsciiControl(text, false)).toBe(at);
      }
    }
  });

  it('finds a control character after allowed whitespace in the same block, and in the tail', () => {
    const lines = 'line\tone\r\n'.repeat(40);
    // 400 characters: 25 whole blocks; each block holds allowed whitespace.
    expect(findAsciiControl(lines, true)).toBe(-1);
    expect(findAsciiControl(lines, false)).toBe(4);
    const late = `${lines.slice(0, 203)}\u0000${lines.slice(204)}`;
    expect(findAsciiControl(late, true)).toBe(203);
    expect(findAsciiControl(`${lines}abc\u001f`, true)).toBe(403);
    expect(findAsciiControl('', false)).toBe(-1);
  });

  it('finds control characters across 8 Ki-character chunks, and keeps no buffer as large as the text', () => {
    const chunk = 1 << 13;
    const long = 'abcdefgh'.repeat((3 * chunk) / 8);
    for (const at of [0, chunk - 1, chunk, chunk + 1, 2 * chunk + 5, long.length - 1]) {
      const text = `${long.slice(0, at)}\u0002${long.slice(at + 1)}`;
      expect(findAsciiControl(text, true)).toBe(at);
    }
    expect(findAsciiControl(long, false)).toBe(-1);
    const before = process.memoryUsage().arrayBuffers;
    expect(findAsciiControl('a'.repeat(8 * 1024 * 1024), false)).toBe(-1);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024);
  });

  it('tells non-ASCII text by its UTF-8 length, in any chunk, unless a control character comes first in an earlier one', () => {
    const chunk = 1 << 13;
    const long = 'abcdefgh'.repeat((3 * chunk) / 8);
    for (const odd of ['\u0080', 'é', '€', '😀', '\uD800', '\uDC00', '\uFFFF']) {
      expect(findAsciiControl(odd, false)).toBe(NOT_ASCII);
      for (const at of [0, 7, chunk - 1, chunk, 2 * chunk + 5, long.length - 1]) {
        const text = `${long.slice(0, at)}${odd}${long.slice(at + 1)}`;
        expect(findAsciiControl(text, true)).toBe(NOT_ASCII);
        expect(findAsciiControl(text, false)).toBe(NOT_ASCII);
      }
      // A control character in an earlier chunk is found first; in the same chunk, the chunk is not ASCII.
      const early = `\u0001${long.slice(1, chunk + 10)}${odd}${long.slice(chunk + 11)}`;
      expect(findAsciiControl(early, false)).toBe(0);
      expect(findAsciiControl(`\u0001${odd}${long}`, false)).toBe(NOT_ASCII);
    }
  });

  it('on any text: -1 only for ASCII without control characters, an index only for the first one within ASCII chunks, else NOT_ASCII', () => {
    const chunk = 1 << 13;
    const unit = fc.oneof(
      { weight: 200, arbitrary: fc.integer({ min: 0x20, max: 0x7f }).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xffff }).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.constantFrom('😀', '\uD800', '\uDFFF', '\u00FF', '\u0100') },
    );
    const isAscii = (text: string): boolean => [...text].every((c) => c.charCodeAt(0) < 0x80);
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), fc.integer({ min: 0, max: 3 * chunk }), fc.string({ unit, maxLength: 60 }), (head, padding, tail) => {
        const text = head + 'y'.repeat(padding) + tail;
        for (const allowWhitespace of [true, false]) {
          const found = findAsciiControl(text, allowWhitespace);
          if (found === -1) {
            expect(isAscii(text)).toBe(true);
            expect(reference(text, allowWhitespace)).toBe(-1);
          } else if (found === NOT_ASCII) {
            expect(isAscii(text)).toBe(false);
          } else {
            expect(found).toBe(reference(text, allowWhitespace));
            // Everything up to the end of the found character's chunk is ASCII.
            expect(isAscii(text.slice(0, Math.min(text.length, (Math.floor(found / chunk) + 1) * chunk)))).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads only the text given, after a longer one filled the scratch buffer', () => {
    findAsciiControl(`${'a'.repeat(5000)}\u0001`, false);
    expect(findAsciiControl('a'.repeat(100), false)).toBe(-1);
  });
});
