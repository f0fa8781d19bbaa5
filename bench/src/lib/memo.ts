/**
 * Remembers the last value `build` returned, by key: an emulator child checks every measurement
 * of a round against the same expected data, which is worth building once, not once per check.
 */
export function memoLast<Value>(build: (key: string) => Value): (key: string) => Value {
  let last: { key: string; value: Value } | undefined;
  return (key) => {
    if (last?.key !== key) last = { key, value: build(key) };
    return last.value;
  };
}
