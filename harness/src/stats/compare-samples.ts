// One cell of a comparison table: a variant's repeats against the baseline's, for one figure and phase. The table
// then calls markSignificant over all its cells at once, so the correction sees the whole family.
import { benjaminiHochbergAdjust, holmAdjust } from './adjust.ts';
import { mannWhitneyU, minimumPValue } from './mann-whitney.ts';
import { median } from './median.ts';
import { ratioOfMediansInterval, type RatioInterval } from './ratio-interval.ts';

export interface SampleComparison {
  /** NaN for an empty sample. */
  baseMedian: number;
  otherMedian: number;
  /** otherMedian / baseMedian; null when the base median is 0 or a sample is empty. */
  ratio: number | null;
  /** Bootstrap interval of the ratio (ratio-interval.ts); null with the ratio. Descriptive: not the significance. */
  ratioInterval: RatioInterval | null;
  /** Two-sided Mann-Whitney U, unadjusted. */
  pValue: number;
  /** The smallest p-value these sample sizes can ever give (two-sided). */
  minimumPValue: number;
  /** False when minimumPValue > alpha: no data could make this cell significant (e.g. 3 repeats against 3). */
  testable: boolean;
  nBase: number;
  nOther: number;
}

export interface CompareOptions {
  /** Uniform in [0, 1), seeded, for the bootstrap. */
  random: () => number;
  /** 0.05 by default; only decides `testable` here (significance is markSignificant's, across the table). */
  alpha?: number;
  /** Bootstrap resamples for the ratio interval (2000 by default). */
  resamples?: number;
  /** Level of the ratio interval (0.95 by default). */
  level?: number;
}

/** Medians, their ratio with its interval, and the unadjusted test of one cell. Throws on NaN in either sample. */
export function compareSamples(base: readonly number[], other: readonly number[], options: CompareOptions): SampleComparison {
  const alpha = options.alpha ?? 0.05;
  const baseMedian = median(base);
  const otherMedian = median(other);
  const { random, resamples, level } = options;
  const ratioInterval = ratioOfMediansInterval(base, other, { random, resamples, level });
  const minimum = minimumPValue(base.length, other.length, 'two-sided');
  return {
    baseMedian,
    otherMedian,
    ratio: ratioInterval?.ratio ?? null,
    ratioInterval,
    pValue: mannWhitneyU(other, base, 'two-sided').pValue,
    minimumPValue: minimum,
    testable: minimum <= alpha,
    nBase: base.length,
    nOther: other.length,
  };
}

export interface SignificanceOptions {
  alpha?: number;
  /** 'bh' (Benjamini-Hochberg) for a comparison table; 'holm' for a few pre-stated claims. See adjust.ts. */
  method: 'bh' | 'holm';
}

export type MarkedComparison<T> = T & {
  /** Adjusted across the table's testable cells; null for an untestable cell. */
  adjustedP: number | null;
  significant: boolean;
  /** How many cells the correction counted (the testable ones). */
  familySize: number;
};

/**
 * Adjusts the p-values of a table's cells together and decides each cell: significant <=> testable and adjusted
 * p <= alpha. Untestable cells are left out of the family (their p-value can never pass alpha, so leaving them
 * out is free: the correction then only divides the error budget among cells that can use it) and are never
 * significant. A cell that is not significant reads "no significant difference" (benchstat's "~"): not "equal",
 * but "these repeats cannot tell it from noise".
 */
export function markSignificant<T extends Pick<SampleComparison, 'pValue' | 'testable'>>(
  comparisons: readonly T[],
  options: SignificanceOptions,
): Array<MarkedComparison<T>> {
  const alpha = options.alpha ?? 0.05;
  const family = comparisons.flatMap((c, i) => (c.testable ? [i] : []));
  const raw = family.map((i) => comparisons[i]!.pValue);
  const adjusted = options.method === 'holm' ? holmAdjust(raw) : benjaminiHochbergAdjust(raw);
  const byIndex = new Map(family.map((index, k) => [index, adjusted[k]!]));
  return comparisons.map((c, i) => {
    const adjustedP = byIndex.get(i) ?? null;
    return { ...c, adjustedP, significant: adjustedP !== null && adjustedP <= alpha, familySize: family.length };
  });
}

/**
 * Repeats per variant (the same for base and other) for one real difference among `cells` to be able to reach
 * significance under Holm or BH: with the other cells null, both need its p <= alpha / cells, and the test's floor
 * is 2 / C(2n, n). 0.05: 4 repeats for one cell, 6 for 12 cells, 7 for 50, 8 for 200.
 */
export function repeatsForSignificance(alpha = 0.05, cells = 1): number {
  for (let n = 1; n < 1000; n++) if (minimumPValue(n, n, 'two-sided') <= alpha / cells) return n;
  return 1000;
}
