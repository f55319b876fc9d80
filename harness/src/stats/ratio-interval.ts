// How much faster or slower: median(other) / median(base) with a percentile-bootstrap interval. Each resample draws
// both samples again with replacement (they are independent runs) and takes the ratio of their medians; the
// interval is the middle `level` share of those ratios. Seeded by the caller, so a report renders the same twice.
//
// The bootstrap is descriptive: with 5 repeats a resampled median can only be one of the 5 values, so its
// coverage is only roughly the nominal level (ratio-interval.test.ts measures ~96% at n = 10, ~97% at 5). Whether a
// difference is real is the Mann-Whitney test's call (compare-samples.ts), not whether this interval contains 1.
import { medianOfSorted, sortedAscending } from './median.ts';

export interface RatioIntervalOptions {
  /** Uniform in [0, 1), e.g. seededRandom(seed) from driver/keys/zipf.ts. */
  random: () => number;
  /** 2000 by default: the 2.5% and 97.5% points then rest on 50 resamples each. */
  resamples?: number;
  /** 0.95 by default. */
  level?: number;
}

export interface RatioInterval {
  ratio: number;
  lo: number;
  hi: number;
  /** The nominal level (a bootstrap has no exact coverage to report). */
  level: number;
}

/**
 * null when either sample is empty or the base median is 0 (no ratio). A resample whose base median is 0 counts as
 * +/-Infinity (or 1 when the other median is 0 too: both zero is no change), so zeros in the base widen the interval
 * rather than vanish from it. With one value each, lo = hi = ratio. Throws on NaN.
 */
export function ratioOfMediansInterval(
  base: readonly number[],
  other: readonly number[],
  options: RatioIntervalOptions,
): RatioInterval | null {
  const level = options.level ?? 0.95;
  const resamples = options.resamples ?? 2000;
  if (!(level > 0 && level < 1)) throw new RangeError(`ratioOfMediansInterval: level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`ratioOfMediansInterval: resamples must be a positive integer, got ${resamples}`);
  }
  const sortedBase = sortedAscending(base);
  const sortedOther = sortedAscending(other);
  if (sortedBase.length === 0 || sortedOther.length === 0) return null;
  const baseMedian = medianOfSorted(sortedBase);
  if (baseMedian === 0) return null;
  const ratio = medianOfSorted(sortedOther) / baseMedian;

  const baseDraw = new Float64Array(sortedBase.length);
  const otherDraw = new Float64Array(sortedOther.length);
  const ratios = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) {
    const b = resampledMedian(sortedBase, baseDraw, options.random);
    const o = resampledMedian(sortedOther, otherDraw, options.random);
    ratios[i] = b !== 0 ? o / b : o === 0 ? 1 : o > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
  ratios.sort();
  // Symmetric order statistics of the resampled ratios: the (k+1)-th smallest and the (k+1)-th largest.
  const k = Math.min(resamples - 1, Math.floor(((1 - level) / 2) * resamples + 1e-9));
  return { ratio, lo: ratios[k]!, hi: ratios[resamples - 1 - k]!, level };
}

function resampledMedian(values: readonly number[], draw: Float64Array, random: () => number): number {
  const n = values.length;
  for (let i = 0; i < n; i++) draw[i] = values[Math.min(n - 1, Math.floor(random() * n))]!;
  draw.sort();
  return medianOfSorted(draw);
}
