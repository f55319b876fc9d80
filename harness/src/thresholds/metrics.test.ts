import { describe, expect, it } from 'vitest';
import type { PhaseResult } from '../results/run-result.ts';
import { isMetricName, metricKind, readMetric } from './metrics.ts';

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

describe('dependency figures in thresholds', () => {
  const phase = {
    dependencies: {
      postgres: { postgres: { statementsPerSec: { mean: 120, peak: 410 } } },
      redis: { redis: { hitRatio: { mean: 0.9, peak: 1 } } },
      broker: { 'task-events': { lag: { mean: 12, peak: 300 } } },
    },
    containers: { 'service-1': { cpuOfLimit: { mean: 0.5, peak: 0.97 } } },
  } as unknown as PhaseResult;

  it('reads <source>.<instance>.<figure>.<mean|peak>, with `primary` for the primary', () => {
    expect(isMetricName('postgres.primary.statementsPerSec.peak')).toBe(true);
    expect(isMetricName('postgres.primary.queriesPerSec.peak')).toBe(false);
    expect(metricKind('postgres.primary.statementsPerSec.peak')).toBe('perSecond');
    expect(metricKind('containers.service-1.cpuOfLimit.mean')).toBe('ratio');
    expect(readMetric(phase, 'postgres.primary.statementsPerSec.peak')).toEqual({ value: 410 });
    expect(readMetric(phase, 'containers.service-1.cpuOfLimit.mean')).toEqual({ value: 0.5 });
    expect(readMetric(phase, 'redis.redis.hitRatio.mean')).toEqual({ value: 0.9 });
    expect(metricKind('redis.redis.hitRatio.mean')).toBe('ratio');
    expect(readMetric(phase, 'broker.task-events.lag.peak')).toEqual({ value: 300 });
    expect(isMetricName('broker.task-events.backlog.peak')).toBe(false);
    // The service's figures are named by its own metrics map.
    expect(isMetricName('service.all.ordersPerSec.mean')).toBe(true);
    expect(metricKind('service.all.ordersPerSec.mean')).toBe('count');
    expect(readMetric(phase, 'service.all.ordersPerSec.mean')).toEqual({
      value: null,
      note: 'not measured: no service figures in this phase',
    });
    expect(readMetric(phase, 'postgres.postgres-shard-0.statementsPerSec.mean')).toEqual({
      value: null,
      note: 'not measured: no statementsPerSec for "postgres-shard-0" (measured: postgres)',
    });
  });
});
