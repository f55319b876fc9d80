import { describe, expect, it } from 'vitest';
import { validateExperiment } from './validate.ts';

const valid = () => ({
  name: 'cache-stampede',
  topology: { kind: 'cache', replicas: 2, serviceCpus: 0.5 },
  load: {
    driver: 'closed',
    connections: 8,
    ratePerSec: 100,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'zipf', count: 100, exponent: 1 },
  },
  phases: [
    { name: 'baseline', durationMs: 5000 },
    { name: 'flush', durationMs: 5000, faults: [{ kind: 'cache-flush' }] },
  ],
});

describe('validateExperiment', () => {
  it('accepts a valid experiment', () => {
    expect(validateExperiment(valid(), 'x.ts')).toEqual([]);
  });

  it('collects every problem, each with the file, the field path and a fix', () => {
    const bad = valid() as Record<string, any>;
    bad.name = 'Cache Stampede';
    bad.topology.replicas = 0;
    bad.load.connections = 1.5;
    bad.load.request.path = 'tasks';
    bad.phases[1].durationMs = 10;
    bad.phases[1].faults[0].kind = 'cache-flsh';
    const issues = validateExperiment(bad, 'experiments/bad.ts');
    expect(issues.map((i) => i.path)).toEqual([
      'name',
      'topology.replicas',
      'load.connections',
      'load.request.path',
      'phases[1].durationMs',
      'phases[1].faults[0].kind',
    ]);
    for (const issue of issues) {
      expect(issue.file).toBe('experiments/bad.ts');
      expect(issue.hint.length).toBeGreaterThan(5);
    }
  });

  it('suggests the intended field for a typo', () => {
    const bad = valid() as Record<string, any>;
    bad.phses = bad.phases;
    delete bad.phases;
    const issues = validateExperiment(bad);
    const typo = issues.find((i) => i.path === 'phses');
    expect(typo?.hint).toContain('"phases"');
    expect(issues.some((i) => i.path === 'phases')).toBe(true);
  });

  it('rejects duplicate phase names and keys beyond the seeded users', () => {
    const bad = valid() as Record<string, any>;
    bad.phases[1].name = 'baseline';
    bad.topology.seedUsers = 50;
    const issues = validateExperiment(bad);
    expect(issues.find((i) => i.path === 'phases[1].name')?.message).toContain('duplicate');
    expect(issues.find((i) => i.path === 'load.keys.count')?.message).toContain('from 1 to 50');
  });

  it('names a non-object export', () => {
    expect(validateExperiment(undefined)[0]?.path).toBe('(default export)');
  });
});
