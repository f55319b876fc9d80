import { describe, expect, it } from 'vitest';
import type { ExperimentDefinition } from '../experiment/types.ts';
import { BenchError } from '../errors/bench-error.ts';
import { MIN_SCALED_PHASE_MS, MIN_SCALED_STEP_MS, describePlan, planRun } from './plan.ts';

const experiment = {
  name: 'demo',
  topology: { kind: 'cache' },
  load: { driver: 'closed', connections: 1, request: { method: 'GET', path: '/' }, keys: { distribution: 'uniform', count: 1 } },
  phases: [
    { name: 'warm-up', durationMs: 10_000 },
    { name: 'flush', durationMs: 20_000, faults: [{ kind: 'cache-flush' }] },
    { name: 'recovery', durationMs: 2_000 },
  ],
} satisfies ExperimentDefinition;

describe('planRun', () => {
  it('lays phases end to end from the load start', () => {
    const plan = planRun(experiment);
    expect(plan.phases.map((p) => [p.name, p.startMs, p.endMs])).toEqual([
      ['warm-up', 0, 10_000],
      ['flush', 10_000, 30_000],
      ['recovery', 30_000, 32_000],
    ]);
    expect(plan.totalMs).toBe(32_000);
    expect(plan.phases[1]?.faults).toEqual([{ kind: 'cache-flush' }]);
  });

  it('scales durations but keeps a floor per phase', () => {
    const plan = planRun(experiment, { durationScale: 0.1 });
    expect(plan.phases.map((p) => p.endMs - p.startMs)).toEqual([1000, 2000, MIN_SCALED_PHASE_MS]);
  });

  it('scales capacity steps with a floor, and gives kind-changing variants their own topology', () => {
    const ladder = {
      ...experiment,
      topology: { kind: 'single', serviceCpus: 0.5 },
      capacity: { slo: 'p99<100ms', startRatePerSec: 100, maxRatePerSec: 1000, stepDurationMs: 6000 },
      variants: [{ name: 'single' }, { name: 'sharded', topology: { kind: 'sharded', shards: 2 } }],
    } satisfies ExperimentDefinition;
    expect(planRun(ladder, { durationScale: 0.5 }).capacity?.stepDurationMs).toBe(3000);
    expect(planRun(ladder, { durationScale: 0.1 }).capacity?.stepDurationMs).toBe(MIN_SCALED_STEP_MS);
    const plan = planRun(ladder);
    expect(plan.variants.map((v) => v.topology)).toEqual([
      { kind: 'single', serviceCpus: 0.5 },
      { kind: 'sharded', serviceCpus: 0.5, shards: 2 },
    ]);
    expect(describePlan(plan)).toContain('capacity     SLO p99<100ms');
  });

  it('refuses a nonsensical scale as bad input', () => {
    expect(() => planRun(experiment, { durationScale: 0 })).toThrow(BenchError);
  });

  it('describes the plan for --dry-run', () => {
    const text = describePlan(planRun(experiment));
    expect(text).toContain('faults at start: cache-flush');
    expect(text).toMatch(/recovery\s+30\.0 s ->\s+32\.0 s/);
  });
});
