import { describe, expect, it } from 'vitest';
import { CPU_PERIOD_US, cpuQuotaFor, cpusOf } from './cpu-quota.ts';

describe('cpuQuotaFor', () => {
  it('puts the limit on a 10 ms period', () => {
    expect(cpuQuotaFor(0.15)).toEqual({ periodUs: CPU_PERIOD_US, quotaUs: 1500 });
    expect(cpuQuotaFor(2)).toEqual({ periodUs: CPU_PERIOD_US, quotaUs: 20_000 });
  });
  it('lengthens the period where the quota would fall below the kernel minimum of 1 ms', () => {
    expect(cpuQuotaFor(0.08)).toEqual({ periodUs: 12_500, quotaUs: 1000 });
    const tiny = cpuQuotaFor(0.001);
    expect(tiny.quotaUs).toBeGreaterThanOrEqual(1000);
    expect(tiny.quotaUs / tiny.periodUs).toBeCloseTo(0.001, 6);
  });
  it('refuses a limit that is not a positive number', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => cpuQuotaFor(bad)).toThrow(RangeError);
  });
});

describe('cpusOf', () => {
  it('reads either form back', () => {
    expect(cpusOf({ NanoCpus: 1.5e8 })).toBeCloseTo(0.15);
    expect(cpusOf({ CpuQuota: 1500, CpuPeriod: 10_000 })).toBeCloseTo(0.15);
    expect(cpusOf({ CpuQuota: -1, CpuPeriod: 100_000 })).toBe(0);
    expect(cpusOf({})).toBe(0);
  });
});
