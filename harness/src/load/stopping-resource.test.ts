import { describe, expect, it } from 'vitest';
import type { CapacityStepFigures } from '../results/run-result.ts';
import { roleGroup, stoppingResource } from './stopping-resource.ts';

const step = (ratePerSec: number, cpu: CapacityStepFigures['cpu'], generatorSaturated = false): CapacityStepFigures => ({
  ratePerSec,
  achievedRps: ratePerSec,
  requests: ratePerSec * 4,
  dropped: 0,
  errorRate: 0,
  p50Ms: 5,
  p99Ms: 200,
  pass: false,
  failures: ['p99 200 ms >= 100 ms'],
  generatorSaturated,
  ...(cpu ? { cpu } : {}),
});

describe('stoppingResource', () => {
  it('names the container group nearest its CPU limit, from the steps at the given rate', () => {
    const steps = [
      step(1000, [{ role: 'service-1', usedCores: 0.05, limitCores: 0.2 }]),
      step(2000, [
        { role: 'service-1', usedCores: 0.19, limitCores: 0.2 },
        { role: 'service-2', usedCores: 0.2, limitCores: 0.2 },
        { role: 'postgres', usedCores: 0.1, limitCores: 0.3 },
        { role: 'toxiproxy', usedCores: 0.5, limitCores: 0 },
      ]),
    ];
    expect(stoppingResource({ steps, stoppedBy: 'converged' }, 2000)).toBe('service replicas (busiest of 2) at 100% of their CPU limit');
    expect(stoppingResource({ steps, stoppedBy: 'converged' }, 1000)).toBe('none found (busiest: the service at 25% of its CPU limit)');
  });

  it('averages repeated steps at a rate, and says "generator" when the generator saturated', () => {
    const steps = [
      step(800, [{ role: 'postgres', usedCores: 0.26, limitCores: 0.3 }]),
      step(800, [{ role: 'postgres', usedCores: 0.3, limitCores: 0.3 }]),
    ];
    expect(stoppingResource({ steps, stoppedBy: 'converged' }, 800)).toBe('the PostgreSQL primary at 93% of its CPU limit');
    expect(stoppingResource({ steps, stoppedBy: 'generator-saturated' }, null)).toMatch(/^generator/);
    expect(stoppingResource({ steps: [step(800, undefined, true)], stoppedBy: 'converged' }, 800)).toMatch(/^generator/);
  });

  it("leaves queue workers out of the request path's limit, and says they are saturated", () => {
    const steps = [
      step(300, [
        { role: 'service-1', usedCores: 0.14, limitCores: 0.15 },
        { role: 'worker-1', usedCores: 0.15, limitCores: 0.15 },
      ]),
    ];
    expect(stoppingResource({ steps, stoppedBy: 'converged' }, 300)).toBe(
      'the service at 93% of its CPU limit; the queue worker at 100% of its CPU limit (the backlog grows)',
    );
  });

  it('is honest when there is nothing to judge', () => {
    expect(stoppingResource({ steps: [step(500, undefined)], stoppedBy: 'converged' }, 500)).toBe(
      'none found (no CPU-limited container with CPU figures)',
    );
    expect(stoppingResource({ steps: [], stoppedBy: 'converged' }, null)).toBeNull();
    expect(roleGroup('postgres-shard-1')).toBe('postgres-shard');
  });
});
