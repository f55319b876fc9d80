import { describe, expect, it } from 'vitest';
import { binomialCdf, binomialTable } from './binomial.ts';

/** P(B <= k) for B ~ Binomial(n, num/den), exactly, with BigInt. */
function exactCdf(n: number, num: number, den: number, k: number): number {
  let acc = 0n;
  let c = 1n;
  for (let j = 0; j <= n; j++) {
    if (j > 0) c = (c * BigInt(n - j + 1)) / BigInt(j);
    if (j <= k) acc += c * BigInt(num) ** BigInt(j) * BigInt(den - num) ** BigInt(n - j);
  }
  const scale = 10n ** 18n;
  return Number((acc * scale) / BigInt(den) ** BigInt(n)) / 1e18;
}

describe('binomialTable', () => {
  it('matches exact rational sums', () => {
    for (const [n, num, den] of [
      [30, 3, 10],
      [7, 1, 2],
      [200, 99, 100],
      [60, 1, 1000],
    ] as const) {
      const table = binomialTable(n, num / den);
      for (let k = -1; k <= n; k++) expect(binomialCdf(table, k)).toBeCloseTo(exactCdf(n, num, den, k), 12);
    }
  });

  it('handles huge n without underflow, visiting only the bulk', () => {
    const table = binomialTable(1_000_000, 0.5);
    expect(table.cdf.length).toBeLessThan(25_000);
    // Symmetry: P(B <= 499,999) = (1 - P(B = 500,000)) / 2, and P(B = 500,000) ~ 1 / sqrt(pi * 500,000).
    expect(binomialCdf(table, 499_999)).toBeCloseTo((1 - 1 / Math.sqrt(Math.PI * 500_000)) / 2, 8);
    expect(binomialCdf(table, 0)).toBe(0);
    expect(binomialCdf(table, 1_000_000)).toBe(1);
  });

  it('is degenerate at p = 0 and p = 1', () => {
    expect(binomialCdf(binomialTable(10, 0), 0)).toBe(1);
    expect(binomialCdf(binomialTable(10, 1), 9)).toBe(0);
    expect(binomialCdf(binomialTable(10, 1), 10)).toBe(1);
  });
});
