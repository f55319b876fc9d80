import { describe, expect, it } from 'vitest';
import { seededRandom } from '../driver/keys/zipf.ts';
import { mannWhitneyU, minimumPValue, type Alternative } from './mann-whitney.ts';
import { lognormalDraw, sampleOf } from '../../test/fixtures/samplers.ts';

/** U of a by definition: pairs where a wins, ties counting half. Independent of the ranking code. */
function uByPairs(a: readonly number[], b: readonly number[]): number {
  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;
  return u;
}

/** Permutation p-value by brute force: every way of splitting the pooled values into n and m, counted. */
function bruteForceP(a: readonly number[], b: readonly number[], alternative: Alternative): number {
  const pooled = [...a, ...b];
  const n = a.length;
  const observed = uByPairs(a, b);
  let le = 0;
  let ge = 0;
  let total = 0;
  const visit = (start: number, chosen: number[]): void => {
    if (chosen.length === n) {
      const x = chosen.map((i) => pooled[i]!);
      const y = pooled.filter((_, i) => !chosen.includes(i));
      const u = uByPairs(x, y);
      total++;
      if (u <= observed + 1e-9) le++;
      if (u >= observed - 1e-9) ge++;
      return;
    }
    for (let i = start; i < pooled.length; i++) visit(i + 1, [...chosen, i]);
  };
  visit(0, []);
  if (alternative === 'less') return le / total;
  if (alternative === 'greater') return ge / total;
  return Math.min(1, (2 * Math.min(le, ge)) / total);
}

describe('mannWhitneyU, exact', () => {
  it('matches hand-computed p-values for separated samples', () => {
    // 3 vs 3: C(6,3) = 20 splits, only one puts a entirely below b.
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6])).toEqual({ u: 0, pValue: 0.1, exact: true });
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6], 'less').pValue).toBeCloseTo(0.05, 12);
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6], 'greater').pValue).toBe(1);
    expect(mannWhitneyU([4, 5, 6], [1, 2, 3], 'greater').pValue).toBeCloseTo(0.05, 12);
    // 5 vs 5 fully separated: 2 / C(10,5) = 2/252.
    expect(mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).pValue).toBeCloseTo(2 / 252, 12);
    expect(mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]).u).toBe(25);
  });

  it('counts U = 1 by hand: 3 vs 3 with one pair swapped', () => {
    // a = 1,2,4 vs b = 3,5,6: U = 1. Splits with U <= 1: U = 0 (one) and U = 1 (one): 2/20.
    const r = mannWhitneyU([1, 2, 4], [3, 5, 6], 'less');
    expect(r.u).toBe(1);
    expect(r.pValue).toBeCloseTo(2 / 20, 12);
    expect(mannWhitneyU([1, 2, 4], [3, 5, 6]).pValue).toBeCloseTo(4 / 20, 12);
  });

  it('handles ties with midranks, conditional on the tie pattern (hand case)', () => {
    // Pooled 1,1,2,2,3,3 -> midranks 1.5,1.5,3.5,3.5,5.5,5.5; a's sum is 6.5, the smallest possible; 2 of the 20
    // splits reach it (both 1s and either 2).
    const r = mannWhitneyU([1, 1, 2], [2, 3, 3], 'less');
    expect(r.u).toBe(0.5);
    expect(r.pValue).toBeCloseTo(2 / 20, 12);
    expect(mannWhitneyU([1, 1, 2], [2, 3, 3]).pValue).toBeCloseTo(4 / 20, 12);
  });

  it('agrees with brute-force enumeration on tie-heavy random samples, for all alternatives', () => {
    const random = seededRandom(5);
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + Math.floor(random() * 5);
      const m = 1 + Math.floor(random() * 5);
      // Values 0..3 only: ties everywhere, like error counts or a coarse histogram's buckets.
      const a = sampleOf(n, () => Math.floor(random() * 4));
      const b = sampleOf(m, () => Math.floor(random() * 4) + (random() < 0.5 ? 0 : 1));
      for (const alternative of ['two-sided', 'less', 'greater'] as const) {
        const r = mannWhitneyU(a, b, alternative);
        expect(r.u).toBe(uByPairs(a, b));
        expect(r.exact).toBe(true);
        expect(r.pValue).toBeCloseTo(bruteForceP(a, b, alternative), 12);
      }
    }
  });

  it('orients the one-sided alternatives: less when a tends to be smaller', () => {
    // U = 1 (15 beats 14): P(U <= 1) = 2/252 for 'less', P(U >= 1) = 251/252 for 'greater'.
    const a = [10, 11, 12, 13, 15];
    const b = [14, 16, 17, 18, 19];
    expect(mannWhitneyU(a, b, 'less').pValue).toBeCloseTo(2 / 252, 12);
    expect(mannWhitneyU(a, b, 'greater').pValue).toBeCloseTo(251 / 252, 12);
    // Swapping the samples swaps the alternatives and leaves the two-sided p-value alone.
    expect(mannWhitneyU(b, a, 'greater').pValue).toBeCloseTo(mannWhitneyU(a, b, 'less').pValue, 12);
    expect(mannWhitneyU(b, a).pValue).toBeCloseTo(mannWhitneyU(a, b).pValue, 12);
  });

  it('gives p = 1 for an empty sample or all values equal', () => {
    expect(mannWhitneyU([], [1, 2, 3]).pValue).toBe(1);
    expect(mannWhitneyU([1, 2], []).pValue).toBe(1);
    expect(mannWhitneyU([7, 7, 7], [7, 7, 7, 7])).toEqual({ u: 6, pValue: 1, exact: true });
    expect(mannWhitneyU(Array(30).fill(2), Array(30).fill(2)).pValue).toBe(1);
  });

  it('refuses NaN', () => {
    expect(() => mannWhitneyU([1, Number.NaN], [2, 3])).toThrow(RangeError);
  });

  it('stays exact up to 10 vs 10 (184,756 splits) and switches to the normal approximation above', () => {
    const a = sampleOf(
      10,
      (() => {
        let i = 0;
        return () => i++;
      })(),
    );
    const b = a.map((x) => x + 0.5);
    expect(mannWhitneyU(a, b).exact).toBe(true);
    expect(mannWhitneyU([...a, 100], [...b, 101]).exact).toBe(false);
    // One value against many: C(N, 1) = N is small, so still exact, and p is just the rank's share.
    const many = Array.from({ length: 999 }, (_, i) => i + 1);
    const r = mannWhitneyU([0], many, 'less');
    expect(r.exact).toBe(true);
    expect(r.pValue).toBeCloseTo(1 / 1000, 12);
  });
});

describe('mannWhitneyU, normal approximation', () => {
  /** Largest |exact - normal| over random samples, overall and where decisions are made (exact p <= 0.2). */
  function worstGaps(n: number, m: number, grid: number, seed: number): { overall: number; decisive: number } {
    const random = seededRandom(seed);
    const round = (x: number): number => (grid > 0 ? Math.round(x / grid) * grid : x);
    let overall = 0;
    let decisive = 0;
    for (let trial = 0; trial < 150; trial++) {
      const shift = 1 + 0.15 * random();
      const a = sampleOf(n, () => round(lognormalDraw(random, 10, 0.2)));
      const b = sampleOf(m, () => round(lognormalDraw(random, 10 * shift, 0.2)));
      for (const alternative of ['two-sided', 'less'] as const) {
        const exact = mannWhitneyU(a, b, alternative, { method: 'exact' });
        const normal = mannWhitneyU(a, b, alternative, { method: 'normal' });
        expect(exact.exact && !normal.exact).toBe(true);
        const gap = Math.abs(exact.pValue - normal.pValue);
        overall = Math.max(overall, gap);
        if (exact.pValue <= 0.2) decisive = Math.max(decisive, gap);
      }
    }
    return { overall, decisive };
  }

  it('agrees with the exact p-value for 8 vs 8 and 7 vs 10 without ties', () => {
    // Measured: overall ~0.011 (near p = 0.44), ~0.006 where p <= 0.2.
    for (const [n, m] of [
      [8, 8],
      [7, 10],
    ] as const) {
      const gaps = worstGaps(n, m, 0, 9);
      expect(gaps.overall).toBeLessThan(0.015);
      expect(gaps.decisive).toBeLessThan(0.008);
    }
  });

  it('agrees where it matters with moderate ties (values on a 0.5 grid, ~10 +- 2)', () => {
    // Measured ~0.01 where p <= 0.2. With heavier ties (a grid of 1) the gap reaches ~0.035: the exact test is
    // used up to 10 vs 10, so the approximation only serves larger samples, where ties weigh less.
    expect(worstGaps(9, 9, 0.5, 10).decisive).toBeLessThan(0.015);
  });

  it('reproduces a textbook large-sample value: 20 vs 20 fully separated', () => {
    // U = 0, mean 200, sd sqrt(20*20*41/12) = 36.97; z = (0 - 200 + 0.5) / 36.97 = -5.396.
    const a = Array.from({ length: 20 }, (_, i) => i);
    const b = a.map((x) => x + 100);
    const r = mannWhitneyU(a, b, 'less');
    expect(r.exact).toBe(false);
    expect(r.pValue).toBeGreaterThan(2e-8);
    expect(r.pValue).toBeLessThan(5e-8);
  });
});

describe('minimumPValue', () => {
  it('is 2 / C(n+m, n) two-sided and half that one-sided, for exact sizes', () => {
    expect(minimumPValue(5, 5)).toBeCloseTo(2 / 252, 15);
    expect(minimumPValue(5, 5, 'less')).toBeCloseTo(1 / 252, 15);
    expect(minimumPValue(5, 5, 'greater')).toBeCloseTo(1 / 252, 15);
    expect(minimumPValue(3, 3)).toBeCloseTo(0.1, 15);
    expect(minimumPValue(4, 4)).toBeCloseTo(2 / 70, 15);
    expect(minimumPValue(3, 5)).toBeCloseTo(2 / 56, 15);
    expect(minimumPValue(1, 1)).toBe(1);
    expect(minimumPValue(0, 5)).toBe(1);
  });

  it('is what the test gives for completely separated samples, exact or not', () => {
    for (const [n, m] of [
      [2, 2],
      [3, 4],
      [5, 5],
      [6, 9],
      [10, 10],
      [12, 12],
      [3, 40],
    ] as const) {
      const a = Array.from({ length: n }, (_, i) => i);
      const b = Array.from({ length: m }, (_, i) => 1000 + i);
      for (const alternative of ['two-sided', 'less'] as const) {
        expect(minimumPValue(n, m, alternative)).toBeCloseTo(mannWhitneyU(a, b, alternative).pValue, 12);
      }
    }
  });

  it('is at least 1 / C(n+m, n) against any data of those sizes (tested on random tied samples)', () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 200; trial++) {
      const a = sampleOf(4, () => Math.floor(random() * 3));
      const b = sampleOf(4, () => Math.floor(random() * 3));
      expect(mannWhitneyU(a, b).pValue).toBeGreaterThanOrEqual(minimumPValue(4, 4) - 1e-15);
    }
  });
});
