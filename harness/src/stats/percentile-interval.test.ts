import { describe, expect, it } from 'vitest';
import { seededRandom } from '../driver/keys/zipf.ts';
import { percentileIntervalFromRanks } from './percentile-interval.ts';
import { lognormalDraw, sampleOf } from '../../test/fixtures/samplers.ts';

const exponentialDraw = (random: () => number): number => -Math.log(1 - random());
const fromSorted =
  (sorted: readonly number[]) =>
  (rank: number): number =>
    sorted[rank - 1]!;

describe('percentileIntervalFromRanks', () => {
  it('bounds a p99.9 from 500 requests only by the max, and says it is far from 95% sure', () => {
    const random = seededRandom(4);
    const sorted = sampleOf(500, () => lognormalDraw(random, 20, 0.5)).sort((x, y) => x - y);
    const interval = percentileIntervalFromRanks(500, 99.9, fromSorted(sorted))!;
    expect(interval.hi).toBe(sorted[499]);
    expect(interval.hiRank).toBe(500);
    expect(interval.n).toBe(500);
    // All 500 fall below the true p99.9 with probability 0.999^500 = 0.61: at most 39% coverage.
    expect(interval.level).toBeLessThan(0.95);
    expect(interval.level).toBeLessThan(1 - 0.999 ** 500);
    expect(interval.level).toBeGreaterThan(0.3);
    expect(interval.lo).toBeLessThanOrEqual(interval.hi);
  });

  it('pins a p99 from 100,000 requests to a narrow interval containing the true quantile', () => {
    // Exponential(1): the true p99 is -ln(0.01) = 4.605.
    const random = seededRandom(8);
    const sorted = sampleOf(100_000, () => exponentialDraw(random)).sort((x, y) => x - y);
    const interval = percentileIntervalFromRanks(100_000, 99, fromSorted(sorted))!;
    const truth = -Math.log(0.01);
    expect(interval.lo).toBeLessThanOrEqual(truth);
    expect(interval.hi).toBeGreaterThanOrEqual(truth);
    // Ranks 98,938..99,062: about +-1.3% of the value at this density.
    expect((interval.hi - interval.lo) / truth).toBeLessThan(0.05);
    expect(interval.level).toBeGreaterThanOrEqual(0.95);
    expect(interval.level).toBeLessThan(0.96);
  });

  it('covers the true p99 as often as it says (simulation, 1000 requests a run)', () => {
    const random = seededRandom(12);
    const trials = 400;
    const truth = -Math.log(0.01);
    let covered = 0;
    let level = 0;
    for (let t = 0; t < trials; t++) {
      const sorted = sampleOf(1000, () => exponentialDraw(random)).sort((x, y) => x - y);
      const interval = percentileIntervalFromRanks(1000, 99, fromSorted(sorted))!;
      level = interval.level;
      if (interval.lo <= truth && truth <= interval.hi) covered++;
    }
    expect(level).toBeGreaterThanOrEqual(0.95);
    expect(covered / trials).toBeGreaterThanOrEqual(level - 3 * Math.sqrt((level * (1 - level)) / trials));
  });

  it('returns null for an empty histogram and for p0 / p100', () => {
    const never = (): number => {
      throw new Error('not called');
    };
    expect(percentileIntervalFromRanks(0, 99, never)).toBeNull();
    expect(percentileIntervalFromRanks(10, 100, never)).toBeNull();
    expect(percentileIntervalFromRanks(10, 0, never)).toBeNull();
  });
});
