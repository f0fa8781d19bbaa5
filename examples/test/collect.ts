import type { Output } from '../src/support/types.js';

/** An Output that keeps what is written, for assertions: `[out, text]`. */
export function collect(isTTY = false): [Output, () => string] {
  const chunks: string[] = [];
  const out: Output = { write: (text: string) => chunks.push(text), isTTY };
  return [out, () => chunks.join('')];
}
