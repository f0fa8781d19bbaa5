/**
 * Renders a received value for a validation message: numbers as written (so `NaN` stays
 * `NaN`), strings quoted so an empty string is visible, objects as JSON.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || value === undefined) {
    return String(value);
  }
  if (typeof value === 'function') return 'function';
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
