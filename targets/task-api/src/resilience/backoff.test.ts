import { describe, expect, it } from 'vitest';
import { exponentialCeilingMs, retryDelayMs, type BackoffOptions } from './backoff.ts';

const exp = (jitter: BackoffOptions['jitter']): BackoffOptions => ({ backoff: 'exponential', jitter, baseMs: 50, maxMs: 2000 });
const seq = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('retryDelayMs', () => {
  it('backoff none retries at once, whatever the jitter', () => {
    for (const jitter of ['none', 'full', 'decorrelated'] as const) {
      expect(retryDelayMs(3, 100, { ...exp(jitter), backoff: 'none' }, Math.random)).toBe(0);
    }
  });

  it('exponential without jitter doubles from base and caps at max', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, 0, exp('none'), Math.random))).toEqual([
      50, 100, 200, 400, 800, 1600, 2000, 2000,
    ]);
    expect(exponentialCeilingMs(40, exp('none'))).toBe(2000);
  });

  it('full jitter is uniform in [0, ceiling)', () => {
    expect(retryDelayMs(3, 0, exp('full'), () => 0)).toBe(0);
    expect(retryDelayMs(3, 0, exp('full'), () => 0.5)).toBe(100);
    for (let n = 1; n <= 10; n++) {
      for (let i = 0; i < 200; i++) {
        const d = retryDelayMs(n, 0, exp('full'), Math.random);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(exponentialCeilingMs(n, exp('full')));
      }
    }
  });

  it('decorrelated jitter stays in [base, min(max, 3 * previous)) and grows from base', () => {
    expect(retryDelayMs(1, 0, exp('decorrelated'), () => 0)).toBe(50);
    expect(retryDelayMs(1, 0, exp('decorrelated'), () => 0.5)).toBe(100); // 50 + 0.5 * (150 - 50)
    expect(retryDelayMs(2, 1000, exp('decorrelated'), () => 0.99)).toBe(2000); // capped
    let prev = 0;
    const random = seq(0.9, 0.1, 0.6, 0.3, 0.999);
    for (let n = 1; n <= 50; n++) {
      const d = retryDelayMs(n, prev, exp('decorrelated'), random);
      expect(d).toBeGreaterThanOrEqual(50);
      expect(d).toBeLessThanOrEqual(Math.min(2000, Math.max(50, prev) * 3));
      prev = d;
    }
  });
});
