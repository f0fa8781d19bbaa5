import { computeBackoff } from '@batch/core';

describe('computeBackoff', () => {
  const at = (random: number) => ({ baseDelay: 100, maxDelay: 1000, random: () => random });

  it('doubles the ceiling per attempt with full jitter', () => {
    expect([1, 2, 3, 4].map((attempt) => computeBackoff(attempt, at(1)))).toEqual([100, 200, 400, 800]);
    expect(computeBackoff(3, at(0.25))).toBe(100);
    expect(computeBackoff(3, at(0))).toBe(0);
  });

  it('never exceeds maxDelay, even for huge attempt numbers', () => {
    expect(computeBackoff(5, at(1))).toBe(1000);
    expect(computeBackoff(5000, at(1))).toBe(1000);
  });
});
