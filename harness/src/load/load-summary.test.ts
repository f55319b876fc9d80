import { describe, expect, it } from 'vitest';
import { formatLoadSummary, type LoadSummary } from './load-summary.ts';

const summary = (extra: Partial<LoadSummary>): LoadSummary => ({
  driver: 'open',
  url: 'http://127.0.0.1:8080/x',
  connections: 64,
  targetRatePerSec: 2000,
  durationMs: 10_000,
  requests: 20_000,
  rps: 2000,
  dropped: 0,
  errorRate: 0,
  errors: {},
  latencyMs: { p50: 0.95, p90: 1.4, p95: 578, p99: 933, p999: 998, max: 1003 },
  generatorSaturated: false,
  generator: { seconds: 9, saturatedSeconds: 0, reasons: [] },
  ...extra,
});

describe('formatLoadSummary', () => {
  it('says beside the percentiles that they exclude the drops, and warns as loudly as for a saturated generator', () => {
    // The run with the old default line: 1,301 of 20,000 dropped, exactly the slowest.
    const text = formatLoadSummary(
      summary({
        requests: 18_699,
        dropped: 1301,
        errorRate: 0.06505,
        errors: { dropped: 1301 },
        latencyMs: { p50: 0.9, p90: 1.3, p95: 3.9, p99: 920, p999: 998, max: 1003 },
      }),
    );
    const lines = text.split('\n');
    const latency = lines.findIndex((l) => l.startsWith('  latency'));
    expect(lines[latency + 1]).toBe('             excludes 1,301 dropped requests, 6.5%: never sent, so not measured');
    expect(text).toContain('  requests   18699 (2000.0 req/s), dropped 1301');
    expect(text).toContain('  errors     6.50% (dropped 1301)');
    expect(text).toContain(
      '  DROPPED    1,301 of 20,000 due, 6.5%: the waiting line was full (raise or drop --max-queue); counted as failed requests, and the percentiles above understate the latency',
    );
    const k6 = formatLoadSummary(summary({ driver: 'k6', requests: 18_060, dropped: 1941, errorRate: 0.097, errors: { dropped: 1941 } }));
    expect(k6).toContain('k6 found every VU busy (raise --connections)');
  });

  it('says nothing about drops when there were none', () => {
    const text = formatLoadSummary(summary({}));
    expect(text).not.toContain('excludes');
    expect(text).not.toContain('DROPPED');
    expect(text).toContain('  requests   20000 (2000.0 req/s), dropped 0');
  });
});

describe('formatLoadSummary with a CPU split', () => {
  it('says when the stack CPUs were the limit, and which CPUs each side had', () => {
    const text = formatLoadSummary(
      summary({
        generator: { seconds: 9, saturatedSeconds: 0, reasons: [], stackCpu: { limited: true, cpus: '0', busyPercent: 98.2, seconds: 9 } },
        cpuSplit: { generator: '1', stack: '0', source: 'default', pinned: true },
      }),
    );
    expect(text).toContain("  STACK CPU  stack CPUs 0: 98% busy - the system under test's CPUs were the limit, not the generator");
    expect(text).toContain('  CPUs       generator CPU 1, stack CPU 0 (default)');
    const calm = formatLoadSummary(
      summary({
        generator: { seconds: 9, saturatedSeconds: 0, reasons: [], stackCpu: { limited: false, cpus: '0', busyPercent: 41, seconds: 9 } },
      }),
    );
    expect(calm).toContain('  stack CPU  0: 41% busy');
    expect(calm).not.toContain('STACK CPU');
  });
});
