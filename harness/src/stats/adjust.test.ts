import { describe, expect, it } from 'vitest';
import { seededRandom } from '../driver/keys/zipf.ts';
import { benjaminiHochbergAdjust, holmAdjust } from './adjust.ts';

const close = (actual: number[], expected: number[]): void => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 12));
};

describe('holmAdjust', () => {
  it('matches a hand-computed example, in input order', () => {
    // Sorted: 0.005, 0.01, 0.03, 0.04 -> x4, x3, x2, x1 = 0.02, 0.03, 0.06, 0.04 -> running max 0.02, 0.03, 0.06, 0.06.
    close(holmAdjust([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02]);
  });

  it('caps at 1 and keeps the running maximum', () => {
    close(holmAdjust([0.5, 0.9]), [1, 1]);
    close(holmAdjust([0.2, 0.01, 0.02]), [0.2, 0.03, 0.04]);
  });

  it('handles no p-values and one', () => {
    expect(holmAdjust([])).toEqual([]);
    expect(holmAdjust([0.03])).toEqual([0.03]);
  });
});

describe('benjaminiHochbergAdjust', () => {
  it('matches a hand-computed example, in input order', () => {
    // Sorted: 0.005, 0.01, 0.03, 0.04 -> m p / rank = 0.02, 0.02, 0.04, 0.04; running min from the top: same.
    close(benjaminiHochbergAdjust([0.01, 0.04, 0.03, 0.005]), [0.02, 0.04, 0.04, 0.02]);
  });

  it('takes the minimum from above (step-up)', () => {
    // Sorted 0.01, 0.04, 0.045 -> 0.03, 0.06, 0.045 -> running min from the top: 0.03, 0.045, 0.045.
    close(benjaminiHochbergAdjust([0.045, 0.01, 0.04]), [0.045, 0.03, 0.045]);
    close(benjaminiHochbergAdjust([0.5, 0.9]), [0.9, 0.9]);
    close(benjaminiHochbergAdjust([1, 1, 1]), [1, 1, 1]);
  });

  it('is never stricter than Holm', () => {
    const random = seededRandom(2);
    for (let trial = 0; trial < 50; trial++) {
      const p = Array.from({ length: 12 }, () => random() ** 3);
      const bh = benjaminiHochbergAdjust(p);
      holmAdjust(p).forEach((h, i) => expect(bh[i]!).toBeLessThanOrEqual(h + 1e-15));
    }
  });
});

describe('both adjustments', () => {
  it('are monotone in the raw p-values, at least the raw value, and at most 1', () => {
    const random = seededRandom(1);
    for (const adjust of [holmAdjust, benjaminiHochbergAdjust]) {
      for (let trial = 0; trial < 100; trial++) {
        const p = Array.from({ length: 1 + Math.floor(random() * 30) }, () => (random() < 0.2 ? 0.05 : random() ** 2));
        const adjusted = adjust(p);
        const broken: string[] = [];
        for (let i = 0; i < p.length; i++) {
          if (!(adjusted[i]! >= p[i]! && adjusted[i]! <= 1)) broken.push(`${p[i]} -> ${adjusted[i]}`);
          for (let j = 0; j < p.length; j++) {
            if (p[i]! <= p[j]! && adjusted[i]! > adjusted[j]!) broken.push(`${p[i]} <= ${p[j]} but ${adjusted[i]} > ${adjusted[j]}`);
          }
        }
        expect(broken).toEqual([]);
      }
    }
  });

  it('refuse values outside [0, 1]', () => {
    expect(() => holmAdjust([0.1, Number.NaN])).toThrow(RangeError);
    expect(() => benjaminiHochbergAdjust([1.2])).toThrow(RangeError);
  });
});
