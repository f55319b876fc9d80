import { describe, expect, it } from 'vitest';
import type { PhaseResult } from '../results/run-result.ts';
import { readMetric } from './metrics.ts';

const phase = (extra: Partial<PhaseResult>): PhaseResult => ({
  name: 'p',
  startMs: 0,
  endMs: 10_000,
  requests: 1000,
  rps: 100,
  errorRate: 0,
  errors: {},
  latencyMs: { p50: 1, p90: 2, p99: 3, p999: 4, max: 5 },
  hgrm: 'p.hgrm',
  server: { dbQueriesPerSec: null, cacheHitRatio: null },
  ...extra,
});

describe('readMetric with dropped requests', () => {
  it('goodput is the requests that ended successfully per second: drops lower the error rate, not the successes', () => {
    // 1000 ended (100/s), 100 of them 5xx; 1000 more were due but dropped: error rate 1100/2000.
    const p = phase({ errors: { http5xx: 100, dropped: 1000 }, dropped: 1000, errorRate: 0.55 });
    expect(readMetric(p, 'goodput').value).toBe(90);
    expect(readMetric(p, 'errors').value).toBe(1100);
    expect(readMetric(p, 'errors.dropped').value).toBe(1000);
  });

  it('a phase whose every request was dropped has an error rate of 1, not "not measured"', () => {
    const p = phase({ requests: 0, rps: 0, errorRate: 1, errors: { dropped: 500 }, dropped: 500 });
    expect(readMetric(p, 'errorRate').value).toBe(1);
    expect(readMetric(p, 'p99').value).toBeNull();
    expect(readMetric(phase({ requests: 0, rps: 0 }), 'errorRate').value).toBeNull();
  });
});
