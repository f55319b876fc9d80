import { describe, expect, it } from 'vitest';
import { judgeSecond, judgeStackCpus, judgeWindow, stackCpuNote, type GeneratorSecondFigures, type ThreadFigures } from './saturation.ts';

const calm: ThreadFigures = { cpuPercent: 35, eventLoopDelayP99Ms: 1.2, eventLoopDelayMaxMs: 3, eventLoopUtilization: 0.3 };
const second = (n: number, extra: Partial<GeneratorSecondFigures> = {}): GeneratorSecondFigures => ({
  second: n,
  processCpuPercent: 60,
  main: calm,
  loadWorker: null,
  scheduler: { released: 1000, lagP99Ms: 1.1, lagMaxMs: 2 },
  ...extra,
});

describe('judgeSecond', () => {
  it('a generator with slack is not saturated', () => {
    expect(judgeSecond(second(0))).toMatchObject({ saturated: false, reasons: [] });
  });

  it('flags CPU at 90% of one core on any generator thread', () => {
    expect(judgeSecond(second(0, { main: { ...calm, cpuPercent: 89.9 } })).saturated).toBe(false);
    const hot = judgeSecond(second(0, { loadWorker: { ...calm, cpuPercent: 90 } }));
    expect(hot.saturated).toBe(true);
    expect(hot.reasons).toEqual(['load worker CPU 90% >= 90%']);
  });

  it('flags event-loop delay p99 above 10 ms and scheduler lag p99 above 10 ms', () => {
    expect(judgeSecond(second(0, { main: { ...calm, eventLoopDelayP99Ms: 10 } })).saturated).toBe(false);
    expect(judgeSecond(second(0, { main: { ...calm, eventLoopDelayP99Ms: 10.5 } })).reasons).toEqual([
      'main thread event-loop delay p99 10.5 ms > 10 ms',
    ]);
    expect(judgeSecond(second(0, { scheduler: { released: 10, lagP99Ms: 25, lagMaxMs: 40 } })).reasons).toEqual([
      'scheduler lag p99 25 ms > 10 ms',
    ]);
  });

  it('flags a busy event loop that is starved of CPU (ELU >= 0.9 with little CPU)', () => {
    const starved = judgeSecond(second(0, { loadWorker: { ...calm, cpuPercent: 40, eventLoopUtilization: 0.93 } }));
    expect(starved.reasons).toEqual(['load worker event-loop utilization 0.93 >= 0.9']);
  });

  it('honours other lines', () => {
    const lines = { cpuPercent: 50, eventLoopUtilization: 1, eventLoopDelayP99Ms: 100, schedulerLagP99Ms: 100, windowShare: 0.5 };
    expect(judgeSecond(second(0), lines).saturated).toBe(false);
    expect(judgeSecond(second(0, { main: { ...calm, cpuPercent: 55 } }), lines).saturated).toBe(true);
  });
});

describe('judgeWindow', () => {
  const hot = (n: number) => judgeSecond(second(n, { main: { ...calm, cpuPercent: 99 } }));
  const cool = (n: number) => judgeSecond(second(n));

  it('keeps the worst delay of any thread or of the scheduler in the window', () => {
    const seconds = [
      judgeSecond(second(0)),
      judgeSecond(second(1, { main: { ...calm, eventLoopDelayMaxMs: 23 } })),
      judgeSecond(second(2, { scheduler: { released: 1000, lagP99Ms: 4, lagMaxMs: 31 } })),
      judgeSecond(second(3, { loadWorker: { ...calm, eventLoopDelayMaxMs: 90 } })),
    ];
    expect(judgeWindow(seconds, 0, 3000).worstDelayMs).toBe(31);
    expect(judgeWindow(seconds, 0, 4000).worstDelayMs).toBe(90);
  });

  it('lists each kind of reason once per window', () => {
    const busy = (n: number) => judgeSecond(second(n, { main: { ...calm, eventLoopUtilization: 0.95 + n / 100 } }));
    expect(judgeWindow([busy(0), busy(1)], 0, 2000).reasons).toEqual(['main thread event-loop utilization >= 0.9']);
  });

  it('one stray second in a long window is forgiven; a sustained problem is not', () => {
    const seconds = Array.from({ length: 20 }, (_, i) => (i === 7 ? hot(i) : cool(i)));
    expect(judgeWindow(seconds, 0, 20_000)).toMatchObject({ saturated: false, seconds: 20, saturatedSeconds: 1 });
    seconds[8] = hot(8);
    expect(judgeWindow(seconds, 0, 20_000)).toMatchObject({ saturated: true, saturatedSeconds: 2, reasons: ['main thread CPU >= 90%'] });
  });

  it('a single saturated second never condemns a window, even a short one', () => {
    expect(judgeWindow([cool(0), hot(1), cool(2), cool(3)], 0, 4000)).toMatchObject({ saturated: false, saturatedSeconds: 1 });
  });

  it('more than 10% of the seconds saturated, even apart, is saturated', () => {
    const seconds = Array.from({ length: 10 }, (_, i) => (i === 2 || i === 6 ? hot(i) : cool(i)));
    expect(judgeWindow(seconds, 0, 10_000).saturated).toBe(true);
  });

  it('looks only at the seconds overlapping the window', () => {
    const seconds = [hot(0), hot(1), cool(2), cool(3), cool(4)];
    expect(judgeWindow(seconds, 2000, 5000)).toMatchObject({ saturated: false, seconds: 3 });
    expect(judgeWindow(seconds, 500, 5000)).toMatchObject({ saturated: true, seconds: 5, saturatedSeconds: 2 });
    expect(judgeWindow(seconds, 1500, 5000)).toMatchObject({ saturated: false, seconds: 4, saturatedSeconds: 1 });
    expect(judgeWindow([], 0, 1000)).toMatchObject({ saturated: false, seconds: 0 });
  });
});

describe('judgeStackCpus and stackCpuNote', () => {
  const busy = (n: number, busyPercent: number): GeneratorSecondFigures => second(n, { stackCpu: { cpus: '0', busyPercent } });

  it('says the stack CPUs were the limit when they were at least 90% busy on average', () => {
    const hot = judgeStackCpus([busy(1, 97), busy(2, 99), busy(3, 98)]);
    expect(hot).toEqual({ limited: true, cpus: '0', busyPercent: 98, seconds: 3 });
    expect(stackCpuNote(hot, false)).toBe("stack CPUs 0: 98% busy - the system under test's CPUs were the limit, not the generator");
    expect(stackCpuNote(hot, true)).toContain('a limit too, beside the saturated generator');
  });

  it('is not the limit below the line, on one sample, or without a split', () => {
    expect(judgeStackCpus([busy(1, 85), busy(2, 94)])).toMatchObject({ limited: false, busyPercent: 89.5 });
    expect(judgeStackCpus([busy(1, 100)])).toMatchObject({ limited: false, seconds: 1 });
    expect(judgeStackCpus([second(1), second(2)])).toBeNull();
    expect(stackCpuNote(judgeStackCpus([busy(1, 85), busy(2, 94)]), false)).toBeNull();
  });

  it('is part of a window verdict, over the window seconds only', () => {
    const seconds = [busy(0, 20), busy(1, 99), busy(2, 99)].map((s) => judgeSecond(s));
    expect(judgeWindow(seconds, 1000, 3000).stackCpu).toMatchObject({ limited: true, busyPercent: 99 });
    expect(judgeWindow(seconds, 0, 3000).stackCpu).toMatchObject({ limited: false });
    expect(
      judgeWindow(
        [second(0), second(1)].map((s) => judgeSecond(s)),
        0,
        2000,
      ).stackCpu,
    ).toBeUndefined();
  });
});
