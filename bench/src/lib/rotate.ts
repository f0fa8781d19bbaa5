/**
 * `list` rotated left by `round` places: the contender order of that round (a, b, c; then b,
 * c, a; …), so that drift on a shared machine does not always favour the same position.
 */
export function rotate<T>(list: readonly T[], round: number): T[] {
  return list.map((_, i) => list[(i + round) % list.length] as T);
}
