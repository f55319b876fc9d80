import { describe, expect, it } from 'vitest';
import { BenchError } from '../../errors/bench-error.ts';
import { coalescingVariant, fixtureRun, noCoalescingVariant } from '../../../test/fixtures/compare-variants.ts';
import { compareRuns, runColumns } from './compare-runs.ts';

function refusal(run: () => unknown): BenchError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BenchError);
    expect((error as BenchError).exitCode).toBe(2);
    return error as BenchError;
  }
  throw new Error('expected a refusal');
}

describe('compareRuns', () => {
  it('compares single-variant runs run against run, labelled by run id', () => {
    const a = fixtureRun('run-a', [noCoalescingVariant()]);
    const b = fixtureRun('run-b', [noCoalescingVariant()]);
    expect(runColumns(a).map((c) => c.label)).toEqual(['run-a']);
    const comparison = compareRuns([a, b]);
    expect(comparison.labels).toEqual(['run-a', 'run-b']);
    expect(comparison.experiment).toBe('cache-stampede');
    expect(comparison.repeats).toEqual([1, 1]);
  });

  it('pools runs of a multi-variant experiment as repeats: one column per variant, every run a repeat', () => {
    const single = fixtureRun('run-a', [noCoalescingVariant()]);
    const multi = fixtureRun('run-b', [noCoalescingVariant(), coalescingVariant()]);
    const comparison = compareRuns([single, multi]);
    expect(comparison.labels).toEqual(['no-coalescing (2 runs)', 'coalescing (1 run)']);
    expect(comparison.repeats).toEqual([2, 1]);
    const requests = comparison.phases[1]?.rows.find((r) => r.metric === 'requests');
    expect(requests?.cells.map((c) => c.ratio)).toEqual([null, 2]);
  });

  it('refuses runs of different experiments', () => {
    const error = refusal(() =>
      compareRuns([
        fixtureRun('run-a', [noCoalescingVariant()]),
        fixtureRun('run-b', [noCoalescingVariant()], { experiment: 'retry-storm' }),
      ]),
    );
    expect(error.message).toBe('the runs are of different experiments (run-a: cache-stampede, run-b: retry-storm)');
    expect(error.hint).toMatch(/one experiment/);
  });

  it('refuses runs of different schema versions', () => {
    const newer = fixtureRun('run-b', [noCoalescingVariant()]);
    (newer as { schemaVersion: number }).schemaVersion = 2;
    const error = refusal(() => compareRuns([fixtureRun('run-a', [noCoalescingVariant()]), newer]));
    expect(error.message).toBe('the runs have different schemaVersions (run-a: 1, run-b: 2)');
  });

  it('refuses the same run twice, no runs, and runs without variants', () => {
    const run = fixtureRun('run-a', [noCoalescingVariant()]);
    expect(refusal(() => compareRuns([run, run])).message).toBe('run run-a was given twice');
    expect(refusal(() => compareRuns([])).message).toBe('nothing to compare');
    expect(refusal(() => compareRuns([run, fixtureRun('run-b', [])])).message).toMatch(/run run-b recorded no variant/);
  });

  it('compares the shared phases and lists the rest; refuses when no phase is shared', () => {
    const renamed = noCoalescingVariant();
    renamed.phases[1]!.name = 'flush-all';
    const comparison = compareRuns([fixtureRun('run-a', [noCoalescingVariant()]), fixtureRun('run-b', [renamed])]);
    expect(comparison.phases.map((p) => p.phase)).toEqual(['baseline']);
    expect(comparison.leftOut).toEqual([
      { phase: 'flush', missingFrom: ['run-b'] },
      { phase: 'flush-all', missingFrom: ['run-a'] },
    ]);

    const disjoint = noCoalescingVariant();
    disjoint.phases = disjoint.phases.map((p) => ({ ...p, name: `other-${p.name}` }));
    const error = refusal(() => compareRuns([fixtureRun('run-a', [noCoalescingVariant()]), fixtureRun('run-b', [disjoint])]));
    expect(error.message).toMatch(/no phase was recorded by every run/);
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      ['run-a', 'recorded phases: baseline, flush'],
      ['run-b', 'recorded phases: other-baseline, other-flush'],
    ]);
  });
});
