/*
 * Long ASCII text is copied into a scratch buffer and checked four bytes at a time:
 * `(w - 0x20202020) & ~w & 0x80808080` is non-zero exactly when a byte of w is below 0x20
 * (given every byte is below 0x80, a borrow only ever follows a byte that is itself below
 * 0x20). That is the cheap first look, 16 bytes per step. Where it fires and tab, LF and CR are
 * allowed, `disallowed` tells exactly, still four bytes at a time, whether the control bytes are
 * only those three, so text with a newline on every line stays on the fast path. About a
 * quarter of a regular expression's time on long text (`Buffer.write` to latin1 is a copy). Long
 * text goes through in 64 KiB chunks, so the buffer never grows with the text.
 */

/** Text is scanned in chunks of this many characters, so the scratch buffer stays this small. */
const CHUNK = 1 << 16;
/** Allocated on first use; `words` is the same memory, four bytes at a time. */
let scratch = Buffer.alloc(0);
let words: Int32Array = new Int32Array(0);

/**
 * Index of the first control character (below U+0020) in `text`, or -1. With `allowWhitespace`,
 * tab, LF and CR do not count. `text` must be ASCII (every character below U+0080, which
 * `Buffer.byteLength(text) === text.length` proves); for other text the result is meaningless.
 * @example findAsciiControl('a\tb', true) // -1
 * @example findAsciiControl('a\tb', false) // 1
 */
export function findAsciiControl(text: string, allowWhitespace: boolean): number {
  if (scratch.length === 0) {
    scratch = Buffer.allocUnsafeSlow(CHUNK);
    words = new Int32Array(scratch.buffer, scratch.byteOffset, CHUNK >> 2);
  }
  for (let base = 0; base < text.length; base += CHUNK) {
    const n = Math.min(CHUNK, text.length - base);
    scratch.write(base === 0 && n === text.length ? text : text.slice(base, base + n), 0, 'latin1');
    const found = scanChunk(n, allowWhitespace);
    if (found !== -1) return base + found;
  }
  return -1;
}

/** `findAsciiControl` over the first `n` bytes of the scratch buffer. */
function scanChunk(n: number, allowWhitespace: boolean): number {
  const full = n >> 2;
  let i = 0;
  for (; i + 4 <= full; i += 4) {
    const a = words[i] as number;
    const b = words[i + 1] as number;
    const c = words[i + 2] as number;
    const d = words[i + 3] as number;
    if ((((a - 0x20202020) & ~a) | ((b - 0x20202020) & ~b) | ((c - 0x20202020) & ~c) | ((d - 0x20202020) & ~d)) & 0x80808080) {
      if (!allowWhitespace || (disallowed(a) | disallowed(b) | disallowed(c) | disallowed(d)) !== 0) {
        const found = controlIn(i * 4, i * 4 + 16, allowWhitespace);
        if (found !== -1) return found;
      }
    }
  }
  return controlIn(i * 4, n, allowWhitespace);
}

/**
 * The high bit of each byte of `w` (ASCII bytes, as in the scratch buffer) that is a control
 * character other than tab, LF and CR. Exact: no carry crosses from one byte into the next.
 */
function disallowed(w: number): number {
  // A byte below 0x20 is one whose sum with 0x60 stays below 0x80.
  const control = ~(w + 0x60606060) & 0x80808080;
  if (control === 0) return 0;
  return control & ~(zeroBytes(w ^ 0x09090909) | zeroBytes(w ^ 0x0a0a0a0a) | zeroBytes(w ^ 0x0d0d0d0d));
}

/** The high bit of each zero byte of `y`, exactly, for bytes below 0x80 (no carry between them). */
function zeroBytes(y: number): number {
  return ~((y + 0x7f7f7f7f) | y) & 0x80808080;
}

function controlIn(from: number, to: number, allowWhitespace: boolean): number {
  for (let k = from; k < to; k++) {
    const byte = scratch[k] as number;
    if (byte < 0x20 && !(allowWhitespace && (byte === 0x09 || byte === 0x0a || byte === 0x0d))) return k;
  }
  return -1;
}
