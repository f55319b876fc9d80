import { describe, expect, it } from 'vitest';
import type { ExperimentDefinition } from '../experiment/types.ts';
import { BenchError } from '../errors/bench-error.ts';
import { MIN_SCALED_PHASE_MS, MIN_SCALED_STEP_MS, describePlan, planRun as planValidated } from './plan.ts';
import { withParsedParts } from '../experiment/validated.ts';

/** Plans an experiment as validation hands it on (with its thresholds and SLO parsed). */
const planRun = (e: ExperimentDefinition, options?: Parameters<typeof planValidated>[1]) => planValidated(withParsedParts(e), options);

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

describe('repeats', () => {
  const two = { ...experiment, variants: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } satisfies ExperimentDefinition;

  it('without repeats, runs variants once in the order written', () => {
    const plan = planRun(two);
    expect(plan.repeats).toBe(1);
    expect(plan.order.map((r) => `${r.variant.name}#${r.repeat}`)).toEqual(['a#1', 'b#1', 'c#1']);
  });

  it('with repeats, each round holds every variant once, in a seeded shuffle that the seed reproduces', () => {
    const plan = planRun({ ...two, seed: 7 }, { repeat: 4 });
    expect(plan.order).toHaveLength(12);
    for (let round = 0; round < 4; round++) {
      const names = plan.order.slice(round * 3, round * 3 + 3).map((r) => r.variant.name);
      expect([...names].sort()).toEqual(['a', 'b', 'c']);
      expect(plan.order.slice(round * 3, round * 3 + 3).every((r) => r.repeat === round + 1)).toBe(true);
    }
    const again = planRun({ ...two, seed: 7 }, { repeat: 4 });
    expect(again.order.map((r) => r.variant.name)).toEqual(plan.order.map((r) => r.variant.name));
    // Over seeds, the first slot is not always the first variant (the shuffle is real).
    const firsts = new Set(Array.from({ length: 20 }, (_, seed) => planRun({ ...two, seed }, { repeat: 2 }).order[0]!.variant.name));
    expect(firsts.size).toBeGreaterThan(1);
  });

  it('the experiment sets repeat; --repeat overrides it; out-of-range counts are bad input', () => {
    expect(planRun({ ...two, repeat: 3 }).repeats).toBe(3);
    expect(planRun({ ...two, repeat: 3 }, { repeat: 2 }).repeats).toBe(2);
    expect(() => planRun(two, { repeat: 0 })).toThrow(BenchError);
    expect(() => planRun(two, { repeat: 2.5 })).toThrow(/whole number/);
  });

  it('the plan names the repeats, the total and the order', () => {
    const text = describePlan(planRun({ ...two, seed: 3 }, { repeat: 2 }));
    expect(text).toMatch(/2 repeats: 6 runs/);
    expect(text).toMatch(/order \(seed 3\): [abc]#1, [abc]#1, [abc]#1, [abc]#2/);
  });
});
