import { describe, expect, it } from 'vitest';
import type { ExperimentDefinition } from '../experiment/types.ts';
import { BenchError } from '../errors/bench-error.ts';
import { MIN_SCALED_PHASE_MS, describePlan, planRun } from './plan.ts';

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

  it('refuses a nonsensical scale as bad input', () => {
    expect(() => planRun(experiment, { durationScale: 0 })).toThrow(BenchError);
  });

  it('describes the plan for --dry-run', () => {
    const text = describePlan(planRun(experiment));
    expect(text).toContain('faults at start: cache-flush');
    expect(text).toMatch(/recovery\s+30\.0 s ->\s+32\.0 s/);
  });
});
