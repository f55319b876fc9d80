import { describe, expect, it } from 'vitest';
import { cgroupFiles, containerSecond, parseCgroupFile } from './container-stats.ts';

describe('container cgroup figures', () => {
  it('reads cgroup v1 and v2 files', () => {
    expect(parseCgroupFile('/x/cpuacct.usage', '1500000000\n')).toEqual({ cpuNs: 1_500_000_000 });
    expect(parseCgroupFile('/x/cpu.stat', 'nr_periods 100\nnr_throttled 7\nthrottled_time 9000\n')).toEqual({
      periods: 100,
      throttledPeriods: 7,
      throttledNs: 9000,
    });
    expect(parseCgroupFile('/x/cpu.stat', 'usage_usec 2000\nnr_periods 10\nnr_throttled 1\nthrottled_usec 5\n')).toEqual({
      cpuNs: 2_000_000,
      periods: 10,
      throttledPeriods: 1,
      throttledNs: 5000,
    });
    expect(parseCgroupFile('/x/memory.current', '1048576')).toEqual({ memoryBytes: 1_048_576 });
    expect(parseCgroupFile('/x/cpu.cfs_quota_us', '-1')).toEqual({ quotaUs: -1 });
    expect(parseCgroupFile('/x/cpu.max', '1500 10000\n')).toEqual({ quotaUs: 1500, periodUs: 10_000 });
    expect(parseCgroupFile('/x/cpu.max', 'max 100000\n')).toEqual({ quotaUs: -1, periodUs: 100_000 });
    expect(parseCgroupFile('/x/cpuacct.usage', '')).toEqual({});
  });

  it('knows where each layout keeps them', () => {
    expect(cgroupFiles('abc', 'throttle', '/cg')).toContain('/cg/cpu/docker/abc/cpu.stat');
    expect(cgroupFiles('abc', 'memory', '/cg')).toContain('/cg/system.slice/docker-abc.scope/memory.current');
  });

  it('turns two readings into a second: cores, share of the limit as it is now, throttled share, memory', () => {
    const from = { cpuNs: 1_000_000_000, periods: 1000, throttledPeriods: 10, quotaUs: 1500, periodUs: 10_000 };
    const to = {
      cpuNs: 1_150_000_000,
      periods: 1100,
      throttledPeriods: 40,
      memoryBytes: 64 * 1024 * 1024,
      quotaUs: 1500,
      periodUs: 10_000,
    };
    expect(containerSecond(from, to, 1_000_000_000)).toEqual({ cpuCores: 0.15, cpuOfLimit: 1, throttledShare: 0.3, memoryMb: 64 });
    // No limit: no share of it. A counter that went down (a restart): no figure for it.
    expect(containerSecond({ cpuNs: 5 }, { cpuNs: 3, quotaUs: -1, periodUs: 100_000 }, 1e9)).toEqual({});
  });
});
