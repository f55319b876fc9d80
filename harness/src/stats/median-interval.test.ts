import { describe, expect, it } from 'vitest';
import { seededRandom } from '../driver/keys/zipf.ts';
import { medianInterval, quantileRankInterval } from './median-interval.ts';
import { lognormalDraw, sampleOf } from '../../test/fixtures/samplers.ts';

/** Binomial(n, num/den) weights C(n, j) num^j (den - num)^(n - j) as exact BigInts, and their total den^n. */
const weightsCache = new Map<string, { weights: bigint[]; total: bigint }>();
function exactWeights(n: number, num: number, den: number): { weights: bigint[]; total: bigint } {
  const key = `${n},${num},${den}`;
  const hit = weightsCache.get(key);
  if (hit) return hit;
  const numPow: bigint[] = [1n];
  const restPow: bigint[] = [1n];
  for (let j = 1; j <= n; j++) {
    numPow.push(numPow[j - 1]! * BigInt(num));
    restPow.push(restPow[j - 1]! * BigInt(den - num));
  }
  const weights: bigint[] = [];
  let c = 1n;
  for (let j = 0; j <= n; j++) {
    if (j > 0) c = (c * BigInt(n - j + 1)) / BigInt(j);
    weights.push(c * numPow[j]! * restPow[n - j]!);
  }
  const result = { weights, total: BigInt(den) ** BigInt(n) };
  weightsCache.set(key, result);
  return result;
}

/** P(lo <= B <= hi - 1), B ~ Binomial(n, num/den), exactly: the coverage of [x(lo), x(hi)]. */
function exactCoverage(n: number, num: number, den: number, lo: number, hi: number): number {
  const { weights, total } = exactWeights(n, num, den);
  let acc = 0n;
  for (let j = Math.max(0, lo); j <= Math.min(n, hi - 1); j++) acc += weights[j]!;
  return Number((acc * 10n ** 15n) / total) / 1e15;
}

describe('quantileRankInterval', () => {
  it('gives the median ranks their exact binomial coverage, the narrowest symmetric pair reaching 95%', () => {
    for (let n = 6; n <= 80; n++) {
      const r = quantileRankInterval(n, 0.5)!;
      expect(r.method).toBe('exact');
      expect(r.hiRank).toBe(n + 1 - r.loRank);
      const coverage = exactCoverage(n, 1, 2, r.loRank, r.hiRank);
      expect(r.level).toBeCloseTo(coverage, 10);
      expect(coverage).toBeGreaterThanOrEqual(0.95);
      // One rank narrower on each side no longer reaches the level.
      expect(exactCoverage(n, 1, 2, r.loRank + 1, r.hiRank - 1)).toBeLessThan(0.95);
    }
    // Textbook pairs: n = 10 -> (2, 9), 20 -> (6, 15), 100 -> (40, 61).
    expect(quantileRankInterval(10, 0.5)).toMatchObject({ loRank: 2, hiRank: 9 });
    expect(quantileRankInterval(20, 0.5)).toMatchObject({ loRank: 6, hiRank: 15 });
    expect(quantileRankInterval(100, 0.5)).toMatchObject({ loRank: 40, hiRank: 61 });
  });

  it('falls back to min..max with its achieved level for n <= 5', () => {
    for (let n = 1; n <= 5; n++) {
      const r = quantileRankInterval(n, 0.5)!;
      expect(r).toMatchObject({ loRank: 1, hiRank: n });
      expect(r.level).toBeCloseTo(n === 1 ? 0 : 1 - 2 / 2 ** n, 12);
    }
    expect(quantileRankInterval(5, 0.5)!.level).toBeCloseTo(0.9375, 12);
  });

  it('keeps each tail within (1 - level) / 2 for other quantiles, exactly', () => {
    // Sizes where neither tail is clipped (0.99^600 = 0.0024, 0.998^2000 = 0.018).
    for (const [n, num, den] of [
      [50, 9, 10],
      [600, 99, 100],
      [400, 1, 4],
      [2000, 499, 500],
    ] as const) {
      const r = quantileRankInterval(n, num / den)!;
      const lowerTail = exactCoverage(n, num, den, 0, r.loRank);
      const upperTail = 1 - exactCoverage(n, num, den, 0, r.hiRank);
      expect(lowerTail).toBeLessThanOrEqual(0.025);
      expect(upperTail).toBeLessThanOrEqual(0.025);
      expect(r.level).toBeCloseTo(exactCoverage(n, num, den, r.loRank, r.hiRank), 10);
      // And the ranks are the tightest such: one step in on either side breaks its tail.
      expect(exactCoverage(n, num, den, 0, r.loRank + 1)).toBeGreaterThan(0.025);
      expect(1 - exactCoverage(n, num, den, 0, r.hiRank - 1)).toBeGreaterThan(0.025);
    }
  });

  it('puts the bound at the max when the upper tail cannot be small, and reports the achieved level', () => {
    // p99.9 of 500: P(all 500 below the true p99.9) = 0.999^500 = 0.606.
    const r = quantileRankInterval(500, 0.999)!;
    expect(r.hiRank).toBe(500);
    expect(r.level).toBeCloseTo(exactCoverage(500, 999, 1000, r.loRank, 500), 10);
    expect(r.level).toBeLessThan(1 - 0.999 ** 500 + 1e-12);
    // p99.9 of 3000: upper tail 0.999^3000 = 0.0497 > 0.025, so the lower side takes the rest of the 5% budget.
    const s = quantileRankInterval(3000, 0.999)!;
    expect(s.hiRank).toBe(3000);
    expect(s.level).toBeGreaterThanOrEqual(0.95);
    expect(s.level).toBeCloseTo(exactCoverage(3000, 999, 1000, s.loRank, 3000), 9);
  });

  it('agrees with its normal approximation for large n', () => {
    for (const [n, q] of [
      [100_000, 0.99],
      [1_000_000, 0.5],
      [2_000_000, 0.999],
    ] as const) {
      const exact = quantileRankInterval(n, q, 0.95, { method: 'exact' })!;
      const normal = quantileRankInterval(n, q, 0.95, { method: 'normal' })!;
      expect(Math.abs(exact.loRank - normal.loRank)).toBeLessThanOrEqual(2);
      expect(Math.abs(exact.hiRank - normal.hiRank)).toBeLessThanOrEqual(2);
      expect(Math.abs(exact.level - normal.level)).toBeLessThan(0.005);
    }
    expect(quantileRankInterval(1e9, 0.5)!.method).toBe('normal');
  });

  it('returns null without values or for q outside (0, 1), and refuses a level outside (0, 1)', () => {
    expect(quantileRankInterval(0, 0.5)).toBeNull();
    expect(quantileRankInterval(10, 0)).toBeNull();
    expect(quantileRankInterval(10, 1)).toBeNull();
    expect(() => quantileRankInterval(10, 0.5, 1)).toThrow(RangeError);
  });
});

describe('medianInterval', () => {
  it('reads the ranks off the sorted values', () => {
    const values = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];
    expect(medianInterval(values)).toEqual({ median: 5.5, lo: 2, hi: 9, level: 0.978515625, n: 10 });
    expect(medianInterval([3, 1, 2, 5, 4])).toMatchObject({ median: 3, lo: 1, hi: 5, level: 0.9375, n: 5 });
    expect(medianInterval([42])).toEqual({ median: 42, lo: 42, hi: 42, level: 0, n: 1 });
  });

  it('refuses an empty sample and NaN', () => {
    expect(() => medianInterval([])).toThrow(RangeError);
    expect(() => medianInterval([1, Number.NaN])).toThrow(RangeError);
  });

  it('covers the true median at least as often as it says, on a skewed distribution (simulation)', () => {
    // Lognormal, sigma 1 (strongly right-skewed; median 100, mean 165). 10,000 draws of n values each.
    const random = seededRandom(17);
    const trials = 10_000;
    for (const n of [5, 10]) {
      let covered = 0;
      let level = 0;
      for (let t = 0; t < trials; t++) {
        const interval = medianInterval(sampleOf(n, () => lognormalDraw(random, 100, 1)));
        level = interval.level;
        if (interval.lo <= 100 && 100 <= interval.hi) covered++;
      }
      // The coverage is exactly `level` (0.9375 for 5, 0.9785 for 10); allow 3 Monte-Carlo standard errors.
      const slack = 3 * Math.sqrt((level * (1 - level)) / trials);
      expect(covered / trials).toBeGreaterThanOrEqual(level - slack);
      expect(covered / trials).toBeLessThanOrEqual(level + slack);
      if (n === 10) expect(covered / trials).toBeGreaterThanOrEqual(0.95);
    }
  });
});
