/** A GitHub markdown table; cells are used as given (escape `|` yourself). */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align?: readonly ('l' | 'r')[]): string {
  const rule = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** `3 141 592` → `3.14 M`; rates and counts for tables. */
export function millions(value: number): string {
  return `${(value / 1e6).toFixed(2)} M`;
}

/** A ratio such as `0.63×`. */
export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** Milliseconds with two decimals. */
export function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/** `pass` or a loud `**FAIL**`. */
export function verdict(pass: boolean): string {
  return pass ? 'pass' : '**FAIL**';
}
