import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBreaker, isBreakerRejection, minimumRpsFor, type BreakerState } from './breaker.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('createBreaker (cockatiel SamplingBreaker)', () => {
  it('opens only after minRequests calls with more than failureRatio failures, then half-opens and closes', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const transitions: BreakerState[] = [];
    const breaker = createBreaker(
      { failureRatio: 0.5, minRequests: 4, windowMs: 10_000, halfOpenAfterMs: 5_000 },
      () => true,
      (s) => transitions.push(s),
    );
    const fail = () => breaker.execute(() => Promise.reject(new Error('down')));
    const ok = () => breaker.execute(() => Promise.resolve('up'));
    for (let i = 0; i < 3; i++) await expect(fail()).rejects.toThrow('down');
    expect(breaker.state).toBe('closed'); // 3 calls < minRequests
    await expect(fail()).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    // Open: fails fast without calling.
    const fn = vi.fn(() => Promise.resolve('x'));
    const rejected = await breaker.execute(fn).catch((err: unknown) => err);
    expect(isBreakerRejection(rejected)).toBe(true);
    expect(fn).not.toHaveBeenCalled();
    vi.setSystemTime(1_000_000 + 5_001);
    await expect(ok()).resolves.toBe('up');
    expect(breaker.state).toBe('closed');
    expect(transitions).toEqual(['open', 'half-open', 'closed']);
  });

  it('stays closed at exactly the failure ratio (opens only above it)', async () => {
    const breaker = createBreaker(
      { failureRatio: 0.5, minRequests: 4, windowMs: 10_000, halfOpenAfterMs: 5_000 },
      () => true,
      () => {},
    );
    for (let i = 0; i < 2; i++) await breaker.execute(() => Promise.resolve(1));
    for (let i = 0; i < 2; i++) await breaker.execute(() => Promise.reject(new Error('x'))).catch(() => {});
    expect(breaker.state).toBe('closed');
  });

  it('ignores errors the filter does not count', async () => {
    const breaker = createBreaker(
      { failureRatio: 0.1, minRequests: 1, windowMs: 1000, halfOpenAfterMs: 1000 },
      () => false,
      () => {},
    );
    for (let i = 0; i < 5; i++) await breaker.execute(() => Promise.reject(new Error('client error'))).catch(() => {});
    expect(breaker.state).toBe('closed');
  });

  it('converts minRequests into the rate SamplingBreaker wants', () => {
    // 10 s window -> 10 buckets of 1 s; 19.5 calls per 10 s.
    expect(minimumRpsFor(20, 10_000)).toBeCloseTo(1.95);
  });
});
