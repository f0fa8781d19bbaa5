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

/** `12345.6` → `12,346`: counts and rates, rounded. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Bytes as decimal megabytes with one decimal, e.g. `25.8 MB`. */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Microseconds: one decimal below 100 µs, rounded with separators above. */
export function micros(us: number): string {
  return us < 100 ? `${us.toFixed(1)} µs` : `${count(us)} µs`;
}

/** The min – max of a spread in `format`, or the one value when they are equal. */
export function range(s: { readonly min: number; readonly max: number }, format: (n: number) => string): string {
  return s.min === s.max ? format(s.min) : `${format(s.min)} – ${format(s.max)}`;
}

/** `value ÷ base` as a ratio, or an em dash when either is unknown. */
export function ratioOrDash(value: number | undefined, base: number | undefined): string {
  return value === undefined || base === undefined ? '—' : ratio(value / base);
}
