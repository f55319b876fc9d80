import { describe, expect, it } from 'vitest';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { coalescingVariant, noCoalescingVariant } from '../../../test/fixtures/compare-variants.ts';
import { COMPARED_FIGURES, compareColumns, compareVariants, ratioOf } from './compare.ts';

const noCoalescing = noCoalescingVariant;
const coalescing = coalescingVariant;

describe('compareColumns', () => {
  const comparison = compareColumns(
    [
      { label: 'no-coalescing', variant: noCoalescing() },
      { label: 'coalescing', variant: coalescing() },
    ],
    { experiment: 'cache-stampede' },
  );

  it('has a table per shared phase, rows in display order, one cell per column', () => {
    expect(comparison.experiment).toBe('cache-stampede');
    expect(comparison.labels).toEqual(['no-coalescing', 'coalescing']);
    expect(comparison.phases.map((p) => p.phase)).toEqual(['baseline', 'flush']);
    // Optional rows (retries, rejections, ...) appear only where some column has a non-zero value.
    expect(comparison.phases[0]?.rows.map((r) => r.label)).toEqual(COMPARED_FIGURES.filter((f) => !f.optional).map((f) => f.label));
    expect(comparison.phases[0]?.rows.map((r) => r.label)).toEqual([
      'requests',
      'rps',
      'error rate %',
      'p50 ms',
      'p99 ms',
      'p99.9 ms',
      'DB q/s',
      'cache hit %',
      'goodput rps',
      'DB q/request',
    ]);
    expect(comparison.leftOut).toEqual([]);
  });

  it('gives each cell after the first its ratio to the first', () => {
    const flush = comparison.phases[1]!;
    const row = (metric: string) => flush.rows.find((r) => r.metric === metric)!.cells;
    expect(row('requests')).toEqual([
      { value: 43_512, ratio: null },
      { value: 87_024, ratio: 2 },
    ]);
    expect(row('p99')[1]?.ratio).toBeCloseTo(412 / 873.2, 12);
    expect(row('p50')[1]?.ratio).toBeCloseTo(0.5, 12);
    expect(row('p999')[1]?.ratio).toBeCloseTo(0.5, 12);
    expect(row('dbQueriesPerSec')[1]?.ratio).toBeCloseTo(0.05, 12);
    expect(row('cacheHitRatio')[1]?.ratio).toBeCloseTo(2, 12);
    // A zero error rate is a value; its ratio to 0.00092 is 0.
    expect(row('errorRate')).toEqual([
      { value: 0.00092, ratio: null },
      { value: 0, ratio: 0 },
    ]);
    // The first column did not count dropped requests: the second has a value but no ratio.
    expect(row('dropped')).toEqual([
      { value: null, ratio: null },
      { value: 12, ratio: null },
    ]);
  });

  it('has no ratio against a zero or missing first value', () => {
    expect(ratioOf(5, 0)).toBeNull();
    expect(ratioOf(0, 0)).toBeNull();
    expect(ratioOf(null, 5)).toBeNull();
    expect(ratioOf(5, null)).toBeNull();
    expect(ratioOf(3, 4)).toBe(0.75);
  });

  it('compares only the phases every column recorded, and lists the others', () => {
    const aborted = coalescing();
    aborted.phases = aborted.phases.slice(0, 1);
    const extra = noCoalescing();
    extra.phases.push({ ...extra.phases[1]!, name: 'recovery' });
    const partial = compareColumns([
      { label: 'a', variant: extra },
      { label: 'b', variant: aborted },
    ]);
    expect(partial.phases.map((p) => p.phase)).toEqual(['baseline']);
    expect(partial.leftOut).toEqual([
      { phase: 'flush', missingFrom: ['b'] },
      { phase: 'recovery', missingFrom: ['b'] },
    ]);
  });

  it('flags columns whose load generator was saturated', () => {
    const saturated = coalescing();
    saturated.phases[1]!.generatorSaturated = true;
    const result = compareColumns([
      { label: 'a', variant: noCoalescing() },
      { label: 'b', variant: saturated },
    ]);
    expect(result.phases.map((p) => p.generatorSaturated)).toEqual([[], ['b']]);
  });
});

describe('compareVariants', () => {
  it('compares the variants of one run by name, or returns null for a single variant', () => {
    const result = fixtureRunResult();
    result.variants = [noCoalescing(), coalescing()];
    expect(compareVariants(result)?.labels).toEqual(['no-coalescing', 'coalescing']);
    expect(compareVariants(result)?.experiment).toBe('cache-stampede');
    result.variants = [noCoalescing()];
    expect(compareVariants(result)).toBeNull();
  });
});
