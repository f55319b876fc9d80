import { describe, expect, it } from 'vitest';
import { busyPercent, parseProcStat, readProcStat } from './proc-stat.ts';

const stat = (cpu0: number[], cpu1: number[]): string =>
  `cpu  1 2 3 4 5 6 7 8 0 0\ncpu0 ${cpu0.join(' ')} 0 0\ncpu1 ${cpu1.join(' ')} 0 0\nintr 123\n`;

describe('proc-stat', () => {
  it('counts everything but idle and iowait as busy, per CPU', () => {
    // user nice system idle iowait irq softirq steal
    const ticks = parseProcStat(stat([10, 0, 5, 80, 5, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1, 1]));
    expect(ticks.get(0)).toEqual({ busy: 15, total: 100 });
    expect(ticks.get(1)).toEqual({ busy: 6, total: 8 });
    expect(ticks.has(2)).toBe(false);
  });

  it('gives the busy share of the chosen CPUs between two readings', () => {
    const before = parseProcStat(stat([0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]));
    const after = parseProcStat(stat([90, 0, 8, 2, 0, 0, 0, 0], [10, 0, 0, 90, 0, 0, 0, 0]));
    expect(busyPercent(before, after, [0])).toBe(98);
    expect(busyPercent(before, after, [1])).toBe(10);
    expect(busyPercent(before, after, [0, 1])).toBe(54);
    expect(busyPercent(before, after, [5])).toBeNull();
  });

  it("reads this machine's counters", () => {
    expect(readProcStat()?.has(0)).toBe(true);
  });
});
