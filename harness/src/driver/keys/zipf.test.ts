import { describe, expect, it } from 'vitest';
import { createKeySampler } from './zipf.ts';

/** Share of requests the hottest `top` of `count` keys should get under Zipf(exponent): the sampler's oracle. */
function zipfTopShare(count: number, exponent: number, top: number): number {
  let head = 0;
  let total = 0;
  for (let k = 1; k <= count; k++) {
    const w = 1 / k ** exponent;
    total += w;
    if (k <= top) head += w;
  }
  return head / total;
}

describe('createKeySampler', () => {
  it('is repeatable for a seed and stays within 1..count', () => {
    const a = createKeySampler({ distribution: 'zipf', count: 100, exponent: 1, seed: 7 });
    const b = createKeySampler({ distribution: 'zipf', count: 100, exponent: 1, seed: 7 });
    const xs = Array.from({ length: 1000 }, a);
    expect(xs).toEqual(Array.from({ length: 1000 }, b));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...xs)).toBeLessThanOrEqual(100);
  });

  it('gives the hottest keys their Zipf share', () => {
    const spec = { distribution: 'zipf', count: 1000, exponent: 1, seed: 3 } as const;
    const next = createKeySampler(spec);
    const n = 200_000;
    let top10 = 0;
    for (let i = 0; i < n; i++) if (next() <= 10) top10++;
    expect(top10 / n).toBeCloseTo(zipfTopShare(spec.count, spec.exponent, 10), 2);
    // Harmonic numbers: H(10)/H(1000) = 2.929/7.485.
    expect(zipfTopShare(spec.count, spec.exponent, 10)).toBeCloseTo(2.929 / 7.485, 3);
  });

  it('spreads uniform keys evenly', () => {
    const next = createKeySampler({ distribution: 'uniform', count: 4, seed: 1 });
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[next() - 1]!++;
    for (const c of counts) expect(c / 40_000).toBeCloseTo(0.25, 1);
  });
});
