import { describe, expect, it } from 'vitest';
import { findCapacity, type CapacitySearchOptions } from './capacity.ts';

/** A fake service: p99 grows past 100 ms above `kneeRate`; the generator saturates above `generatorLimit`. */
function fakeMeasure(kneeRate: number, generatorLimit = Infinity): CapacitySearchOptions['measure'] {
  return async (ratePerSec) => {
    const p99Ms = ratePerSec <= kneeRate ? 20 : 500;
    const pass = p99Ms < 100;
    return {
      ratePerSec,
      achievedRps: ratePerSec,
      requests: ratePerSec * 5,
      dropped: 0,
      errorRate: 0,
      p50Ms: 1,
      p99Ms,
      generatorSaturated: ratePerSec > generatorLimit,
      verdict: { pass, failures: pass ? [] : [`p99 ${p99Ms} ms >= 100 ms`] },
    };
  };
}

const base = { startRatePerSec: 100, maxRatePerSec: 100_000, stepBudgetMs: 6000 };

describe('findCapacity', () => {
  it('doubles, then bisects to within the precision of the knee', async () => {
    const result = await findCapacity({ ...base, measure: fakeMeasure(1234), maxSteps: 30 });
    expect(result.stoppedBy).toBe('converged');
    expect(result.steps.slice(0, 6).map((s) => s.ratePerSec)).toEqual([100, 200, 400, 800, 1600, 1200]);
    expect(result.kneeRatePerSec).toBeLessThanOrEqual(1234);
    expect(result.kneeRatePerSec! / 1234).toBeGreaterThan(0.95);
    expect(result.firstFailingRatePerSec).toBeGreaterThan(1234);
    expect(result.curve.map((s) => s.ratePerSec)).toEqual([...result.steps.map((s) => s.ratePerSec)].sort((a, b) => a - b));
  });

  it('bisects below the first rate when even that fails', async () => {
    const result = await findCapacity({ ...base, measure: fakeMeasure(30), maxSteps: 30 });
    expect(result.steps[0]!.ratePerSec).toBe(100);
    expect(result.kneeRatePerSec).toBeLessThanOrEqual(30);
    expect(result.kneeRatePerSec).toBeGreaterThanOrEqual(28);
  });

  it('stops at the ceiling when everything passes', async () => {
    const result = await findCapacity({ ...base, maxRatePerSec: 500, measure: fakeMeasure(1e9) });
    // The ceiling is run again: a single lucky pass there would claim a capacity nobody confirmed.
    expect(result.steps.map((s) => s.ratePerSec)).toEqual([100, 200, 400, 500, 500]);
    expect(result).toMatchObject({ stoppedBy: 'max-rate', kneeRatePerSec: 500, firstFailingRatePerSec: null, confirmed: true });
  });

  it('is bounded in steps and in time', async () => {
    const bySteps = await findCapacity({ ...base, measure: fakeMeasure(1e9), maxSteps: 3 });
    expect(bySteps).toMatchObject({ stoppedBy: 'max-steps', kneeRatePerSec: 400 });
    let now = 0;
    const byTime = await findCapacity({
      ...base,
      measure: async (rate) => {
        now += 6000;
        return fakeMeasure(1e9)(rate);
      },
      nowMs: () => now,
      maxTotalMs: 20_000,
    });
    expect(byTime.steps).toHaveLength(3);
    expect(byTime.stoppedBy).toBe('time-budget');
  });

  it('settles both ends of the bracket with a majority of three runs', async () => {
    const result = await findCapacity({ ...base, measure: fakeMeasure(1234), maxSteps: 30 });
    expect(result.confirmed).toBe(true);
    const at = (rate: number | null) => result.tally.find((t) => t.ratePerSec === rate)!;
    expect(at(result.kneeRatePerSec)).toMatchObject({ runs: 2, passes: 2 });
    expect(at(result.firstFailingRatePerSec)).toMatchObject({ runs: 2, passes: 0 });
  });

  it('one unlucky step below the knee does not decide: the bracket moves back up', async () => {
    const honest = fakeMeasure(1234);
    let unlucky = true;
    // The first run at 800 fails (a noisy neighbour), every later one tells the truth.
    const measure: CapacitySearchOptions['measure'] = async (rate) => {
      const real = await honest(rate);
      if (rate === 800 && unlucky) {
        unlucky = false;
        return { ...real, p99Ms: 500, verdict: { pass: false, failures: ['p99 500 ms >= 100 ms'] } };
      }
      return real;
    };
    const result = await findCapacity({ ...base, measure, maxSteps: 40 });
    expect(result.stoppedBy).toBe('converged');
    expect(result.kneeRatePerSec! / 1234).toBeGreaterThan(0.95);
    expect(result.kneeRatePerSec).toBeLessThanOrEqual(1234);
    expect(result.firstFailingRatePerSec).toBeGreaterThan(1234);
  });

  it('one lucky step above the knee does not decide either', async () => {
    const honest = fakeMeasure(1000);
    let lucky = true;
    const measure: CapacitySearchOptions['measure'] = async (rate) => {
      const real = await honest(rate);
      if (rate > 1000 && rate < 1100 && lucky) {
        lucky = false;
        return { ...real, p99Ms: 20, verdict: { pass: true, failures: [] } };
      }
      return real;
    };
    const result = await findCapacity({ ...base, measure, maxSteps: 40 });
    expect(result.kneeRatePerSec).toBeLessThanOrEqual(1000);
    expect(result.kneeRatePerSec! / 1000).toBeGreaterThan(0.9);
    expect(result.confirmed).toBe(true);
  });

  it('with confirmations: 0, one step decides as before', async () => {
    const result = await findCapacity({ ...base, measure: fakeMeasure(1234), maxSteps: 30, confirmations: 0 });
    expect(result.tally.every((t) => t.runs === 1)).toBe(true);
  });

  it('stops when the generator saturates: the figures past that point are not the service', async () => {
    const result = await findCapacity({ ...base, measure: fakeMeasure(10_000, 700) });
    expect(result.stoppedBy).toBe('generator-saturated');
    expect(result.kneeRatePerSec).toBe(400);
    expect(result.steps.at(-1)).toMatchObject({ ratePerSec: 800, generatorSaturated: true });
    // Run once more first: one saturated step on a shared host can be a neighbour passing by.
    expect(result.steps.filter((s) => s.generatorSaturated)).toHaveLength(2);
    expect(result.tally.find((t) => t.ratePerSec === 800)).toBeUndefined();
  });

  it('counts a step as a fail when it fails even allowing for the saturated generator, and searches on', async () => {
    // Above 1000 req/s the service collapses; the generator is flagged there too (an overload's reconnect churn),
    // but the step says it would fail anyway.
    const measure: CapacitySearchOptions['measure'] = async (ratePerSec) => {
      const collapsed = ratePerSec > 1000;
      const p99Ms = collapsed ? 2000 : 20;
      return {
        ratePerSec,
        achievedRps: ratePerSec,
        requests: ratePerSec * 5,
        dropped: 0,
        errorRate: 0,
        p50Ms: 1,
        p99Ms,
        generatorSaturated: collapsed,
        ...(collapsed ? { generatorWorstDelayMs: 20, failsDespiteGenerator: true } : {}),
        verdict: { pass: !collapsed, failures: collapsed ? ['p99 2000 ms >= 100 ms'] : [] },
      };
    };
    const result = await findCapacity({ ...base, measure, maxSteps: 30 });
    expect(result.stoppedBy).toBe('converged');
    expect(result.kneeRatePerSec).toBeGreaterThan(900);
    expect(result.kneeRatePerSec).toBeLessThanOrEqual(1000);
    expect(result.tally.find((t) => t.ratePerSec === 1600)).toMatchObject({ passes: 0 });
  });
});
