import { describe, expect, it } from 'vitest';
import { cgroupCpuCandidates, cpuBetween, parseCpuCounter } from './container-cpu.ts';

describe('container CPU counters', () => {
  it('parses cgroup v1 nanoseconds and v2 cpu.stat microseconds', () => {
    expect(parseCpuCounter('123456789\n', 'ns')).toBe(123_456_789);
    expect(parseCpuCounter('usage_usec 1500\nuser_usec 1000\n', 'cpu.stat')).toBe(1_500_000);
    expect(parseCpuCounter('', 'ns')).toBeNull();
    expect(parseCpuCounter('nr_periods 3\n', 'cpu.stat')).toBeNull();
    expect(cgroupCpuCandidates('abc')[0]!.path).toBe('/sys/fs/cgroup/cpuacct/docker/abc/cpuacct.usage');
  });

  it('gives cores used between two snapshots, skipping a counter that went backwards (a restart)', () => {
    const from = {
      atNs: 0n,
      usageNs: new Map([
        ['service-1', 1e9],
        ['postgres', 5e9],
      ]),
    };
    const to = {
      atNs: 2_000_000_000n,
      usageNs: new Map([
        ['service-1', 1.5e9],
        ['postgres', 1e9],
      ]),
    };
    expect(cpuBetween(from, to, new Map([['service-1', 0.25]]))).toEqual([{ role: 'service-1', usedCores: 0.25, limitCores: 0.25 }]);
  });
});
