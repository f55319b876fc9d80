// Within ONE run: how precisely a histogram of n requests pins a latency percentile. The order-statistic ranks
// bounding the quantile (median-interval.ts) are read back as values through the histogram, so this file knows
// nothing about HdrHistogram: the caller passes rank -> value.
import { quantileRankInterval, type RankIntervalOptions } from './median-interval.ts';

export interface PercentileInterval {
  lo: number;
  hi: number;
  /** Achieved coverage, 0..1: below the level asked for when n is too small for the percentile (see below). */
  level: number;
  /** Recorded values behind it (the histogram's total count). */
  n: number;
  /** The 1-based ranks read through valueAtRank. */
  loRank: number;
  hiRank: number;
}

/**
 * Interval for the `percentile` (0 < percentile < 100) of a histogram holding totalCount values; `valueAtRank(r)` is
 * the r-th smallest recorded value (1-based; an HDR histogram answers with its bucket's highest equivalent value, so
 * the bounds carry the histogram's own precision, 0.1% at 3 significant digits).
 *
 * When n is too small for the percentile's upper tail (p99.9 from 500 requests: all 500 are below the true p99.9
 * with probability 61%), hi is the maximum (rank n) and `level` is the coverage actually achieved (~0.38 there): a
 * report should print it, since "p99.9 <= max, 38% sure" is the honest reading. null for an empty histogram or a
 * percentile of 0 or 100 (min and max have no distribution-free bound on their far side).
 */
export function percentileIntervalFromRanks(
  totalCount: number,
  percentile: number,
  valueAtRank: (rank: number) => number,
  level = 0.95,
  options: RankIntervalOptions = {},
): PercentileInterval | null {
  if (!(totalCount >= 1)) return null;
  const ranks = quantileRankInterval(Math.floor(totalCount), percentile / 100, level, options);
  if (ranks === null) return null;
  return {
    lo: valueAtRank(ranks.loRank),
    hi: valueAtRank(ranks.hiRank),
    level: ranks.level,
    n: Math.floor(totalCount),
    loRank: ranks.loRank,
    hiRank: ranks.hiRank,
  };
}
