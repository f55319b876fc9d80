import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, normalUpperTail } from './normal.ts';

describe('normal distribution', () => {
  it('matches tabulated values', () => {
    // The erfc fit is good to ~1.2e-7 relative: 7 digits, not 15.
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.8413447461, 6);
    expect(normalCdf(-1.959963985)).toBeCloseTo(0.025, 7);
    expect(normalCdf(-3) / 0.001349898).toBeCloseTo(1, 6);
  });

  it('keeps relative precision far in the tail', () => {
    // P(Z > 8) = 6.22096e-16, P(Z > 5) = 2.866516e-7.
    expect(normalUpperTail(8) / 6.22096e-16).toBeCloseTo(1, 5);
    expect(normalUpperTail(5) / 2.866516e-7).toBeCloseTo(1, 5);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
  });

  it('inverts the cdf', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 6);
    for (const p of [1e-10, 0.001, 0.2, 0.9, 0.999999]) expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 6);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});
