import { describe, expect, it } from 'vitest';
import { constantArrivalSchedule, rampingArrivalSchedule } from './arrival-schedule.ts';

describe('constantArrivalSchedule', () => {
  it('sends request n at n * 1000 / rate, from the start', () => {
    const s = constantArrivalSchedule(200, 1000);
    expect(s.totalRequests).toBe(200);
    expect(s.sendTimeMs(0)).toBe(0);
    expect(s.sendTimeMs(1)).toBe(5);
    expect(s.sendTimeMs(199)).toBe(995);
    expect(s.sendTimeMs(200)).toBe(Infinity);
  });

  it('does not drift over long runs (closed form, not accumulated intervals)', () => {
    const s = constantArrivalSchedule(3, 3_600_000);
    expect(s.totalRequests).toBe(10_800);
    expect(s.sendTimeMs(10_799)).toBeCloseTo(3_599_666.6667, 3);
    let accumulated = 0;
    for (let i = 0; i < 10_799; i++) accumulated += 1000 / 3;
    // The naive sum is off; the closed form is exact to float precision.
    expect(Math.abs(s.sendTimeMs(10_799) - (10_799 * 1000) / 3)).toBe(0);
    expect(accumulated).not.toBe(s.sendTimeMs(10_799));
  });

  it('counts a fractional last request only when it starts before the end', () => {
    expect(constantArrivalSchedule(0.3, 10_000).totalRequests).toBe(3);
    expect(constantArrivalSchedule(0.35, 10_000).totalRequests).toBe(4);
    expect(constantArrivalSchedule(0, 10_000).totalRequests).toBe(0);
  });

  it('rejects nonsense', () => {
    expect(() => constantArrivalSchedule(-1, 1000)).toThrow(RangeError);
    expect(() => constantArrivalSchedule(10, 0)).toThrow(RangeError);
    expect(() => constantArrivalSchedule(Number.NaN, 10)).toThrow(RangeError);
  });
});

describe('rampingArrivalSchedule', () => {
  it('a flat stage is the constant schedule', () => {
    const ramp = rampingArrivalSchedule([{ durationMs: 2000, targetRatePerSec: 100 }], 100);
    const flat = constantArrivalSchedule(100, 2000);
    expect(ramp.totalRequests).toBe(flat.totalRequests);
    for (const n of [0, 1, 57, 199]) expect(ramp.sendTimeMs(n)).toBeCloseTo(flat.sendTimeMs(n), 9);
  });

  it('ramps linearly from 0: request n leaves at sqrt(2 n D / b)', () => {
    // 0 -> 100 req/s over 10 s holds 500 requests; count(t) = 5 t^2 (t in s), so t_n = sqrt(n / 5).
    const s = rampingArrivalSchedule([{ durationMs: 10_000, targetRatePerSec: 100 }]);
    expect(s.totalRequests).toBe(500);
    expect(s.sendTimeMs(0)).toBe(0);
    expect(s.sendTimeMs(5)).toBeCloseTo(1000, 6);
    expect(s.sendTimeMs(125)).toBeCloseTo(5000, 6);
    expect(s.sendTimeMs(499)).toBeCloseTo(Math.sqrt(499 / 5) * 1000, 6);
  });

  it('chains stages: up, hold, down', () => {
    const s = rampingArrivalSchedule([
      { durationMs: 1000, targetRatePerSec: 100 }, // 50 requests
      { durationMs: 2000, targetRatePerSec: 100 }, // 200
      { durationMs: 1000, targetRatePerSec: 0 }, // 50
    ]);
    expect(s.durationMs).toBe(4000);
    expect(s.totalRequests).toBe(300);
    expect(s.sendTimeMs(50)).toBeCloseTo(1000, 6);
    expect(s.sendTimeMs(150)).toBeCloseTo(2000, 6);
    expect(s.sendTimeMs(250)).toBeCloseTo(3000, 6);
    // Ramp down: count within the stage is 100 t - 50 t^2; 25 requests in -> t = 1 - sqrt(0.5).
    expect(s.sendTimeMs(275)).toBeCloseTo(3000 + (1 - Math.sqrt(0.5)) * 1000, 6);
  });

  it('is monotonic and stays inside the schedule', () => {
    const s = rampingArrivalSchedule(
      [
        { durationMs: 700, targetRatePerSec: 900 },
        { durationMs: 300, targetRatePerSec: 0 },
        { durationMs: 500, targetRatePerSec: 0 },
        { durationMs: 1300, targetRatePerSec: 321 },
      ],
      17,
    );
    let previous = -1;
    for (let n = 0; n < s.totalRequests; n++) {
      const t = s.sendTimeMs(n);
      expect(t).toBeGreaterThan(previous);
      expect(t).toBeLessThan(s.durationMs);
      previous = t;
    }
    expect(s.sendTimeMs(s.totalRequests)).toBe(Infinity);
  });
});
