import { describe, expect, it } from 'vitest';
import { startGeneratorMonitor } from './generator-monitor.ts';

describe('startGeneratorMonitor', () => {
  it('samples this process, merges what the driver reports, and judges seconds and windows', async () => {
    let nowMs = 0;
    const monitor = startGeneratorMonitor({ clock: { nowMs: () => nowMs }, intervalMs: 20 });
    monitor.telemetry.schedulerSecond?.({ second: 0, released: 100, lagP99Ms: 0.4, lagMaxMs: 1 });
    monitor.telemetry.schedulerSecond?.({ second: 1, released: 100, lagP99Ms: 42, lagMaxMs: 80 });
    monitor.telemetry.loadThreadSecond?.({
      second: 1,
      cpuUs: 950_000,
      wallMs: 1000,
      eventLoopDelayP99Ms: 1,
      eventLoopDelayMaxMs: 2,
      eventLoopUtilization: 0.97,
    });
    nowMs = 400;
    await new Promise((resolve) => setTimeout(resolve, 60));
    nowMs = 1600;
    const health = monitor.stop();

    const [first, second] = health.seconds;
    expect(first!.second).toBe(0);
    expect(first!.scheduler).toEqual({ released: 100, lagP99Ms: 0.4, lagMaxMs: 1 });
    expect(first!.main).not.toBeNull();
    expect(first!.processCpuPercent).toBeGreaterThanOrEqual(0);
    expect(second).toMatchObject({ second: 1, saturated: true });
    // (The main thread's own figures come from this test process, so only the reported ones are asserted.)
    expect(second!.reasons).toEqual(expect.arrayContaining(['load worker CPU 95% >= 90%', 'scheduler lag p99 42 ms > 10 ms']));
    expect(health.verdict(0, 2000).seconds).toBe(2);
    expect(health.verdict(1000, 2000)).toMatchObject({ seconds: 1, saturatedSeconds: 1, saturated: false });
  });
});
