import { CLOUDWATCH_LIMITS } from './limits.js';

/**
 * Whether CloudWatch accepts `n` as a value, count or statistic: a finite number, 0 or of a
 * magnitude from 2^-359 to 2^360 (NaN, ±Infinity and values outside that range are refused,
 * failing the whole request).
 */
export function isSendableNumber(n: unknown): n is number {
  if (typeof n !== 'number' || !Number.isFinite(n)) return false;
  const magnitude = Math.abs(n);
  return magnitude === 0 || (magnitude >= CLOUDWATCH_LIMITS.minMagnitude && magnitude <= CLOUDWATCH_LIMITS.maxMagnitude);
}

/** Why `n` is not sendable, naming the rule and never the value. */
export function numberProblem(n: unknown): string {
  if (typeof n !== 'number') return `expected a number, got ${n === null ? 'null' : typeof n}`;
  if (!Number.isFinite(n)) return 'NaN and ±Infinity are not accepted by CloudWatch';
  return 'out of CloudWatch\'s range: 0 or a magnitude from 2^-359 to 2^360';
}
