import { describe, expect, it } from 'vitest';
import type { ThresholdResult } from '../results/run-result.ts';
import { formatReference, formatThresholdActual, thresholdTable, thresholdsHeadline } from './threshold-table.ts';

describe('threshold table', () => {
  it('formats actual values with their unit', () => {
    expect(formatThresholdActual('p99', 873.2)).toBe('873 ms');
    expect(formatThresholdActual('errorRate', 0.00092)).toBe('0.09%');
    expect(formatThresholdActual('cacheHitRatio', 0.41)).toBe('41.0%');
    expect(formatThresholdActual('errors.http5xx', 37)).toBe('37');
    expect(formatThresholdActual('dropped', 0)).toBe('0');
    expect(formatThresholdActual('rps', 2900.8)).toBe('2901/s');
    expect(formatThresholdActual('dbQueriesPerSec', 4.2)).toBe('4.2/s');
    expect(formatThresholdActual('p99', null)).toBe('—');
    expect(formatThresholdActual('newMetric', 1.5)).toBe('1.5');
  });

  it('adds a note column only when a result has a note', () => {
    const passing = { expression: 'a.p99 < 1s', variant: 'v', phase: 'a', metric: 'p99', actual: 5, passed: true };
    expect(thresholdTable([passing])).toEqual({
      columns: [
        { header: 'threshold', align: 'left' },
        { header: 'variant', align: 'left' },
        { header: 'phase', align: 'left' },
        { header: 'actual', align: 'right' },
        { header: 'result', align: 'left' },
      ],
      rows: [['a.p99 < 1s', 'v', 'a', '5.00 ms', '✓ pass']],
    });
    const unmeasured = { ...passing, actual: null, passed: false, note: 'no requests completed in this phase' };
    const table = thresholdTable([passing, unmeasured]);
    expect(table.columns.at(-1)?.header).toBe('note');
    expect(table.rows).toEqual([
      ['a.p99 < 1s', 'v', 'a', '5.00 ms', '✓ pass', ''],
      ['a.p99 < 1s', 'v', 'a', '—', '✗ FAIL', 'no requests completed in this phase'],
    ]);
    expect(thresholdsHeadline([passing])).toBe('all 1 passed');
    expect(thresholdsHeadline([passing, unmeasured])).toBe('1 of 2 failed');
  });
});

describe('relative thresholds in the table', () => {
  const significance = { test: 'mann-whitney-u', alternative: 'less', alpha: 0.05, n: 5, m: 5, exact: true, repeatsNeeded: 4 } as const;
  const relative: ThresholdResult = {
    expression: 'coalescing.flush.p99 < 0.5 * none.flush.p99 significant',
    variant: 'coalescing',
    phase: 'flush',
    metric: 'p99',
    actual: 263,
    passed: true,
    factor: 0.5,
    reference: { variant: 'none', phase: 'flush', metric: 'p99', value: 726 },
    significance: { ...significance, pValue: 0.00397 },
  };

  it('shows the reference resolved: factor, its value, the limit and p', () => {
    expect(formatReference(relative)).toBe('0.5 × none.flush.p99 (0.5 × 726 = 363 ms), p = 0.004');
    const plain: ThresholdResult = { ...relative, expression: 'swr.flush.p99 < none.flush.p99', variant: 'swr', factor: 1 };
    delete plain.significance;
    expect(formatReference(plain)).toBe('none.flush.p99 (726 ms)');
    expect(
      formatReference({
        ...plain,
        metric: 'errors',
        factor: 0.5,
        reference: { variant: 'none', phase: 'flush', metric: 'errors', value: 37 },
      }),
    ).toBe('0.5 × none.flush.errors (0.5 × 37 = 18.5)');
    expect(
      formatReference({ ...plain, metric: 'rps', factor: 1.8, reference: { variant: 'one', phase: 'flush', metric: 'rps', value: 1000 } }),
    ).toBe('1.8 × one.flush.rps (1.8 × 1000 = 1800/s)');
    expect(formatReference({ ...relative, reference: { ...relative.reference!, value: null } })).toBe(
      '0.5 × none.flush.p99 (0.5 × — = —), p = 0.004',
    );
    expect(formatReference({ ...relative, significance: { ...significance, pValue: 0.00001 } })).toMatch(/, p < 0\.0001$/);
    // The test did not run: no p; the note says why.
    expect(formatReference({ ...relative, significance: { ...significance, pValue: null } })).toBe(
      '0.5 × none.flush.p99 (0.5 × 726 = 363 ms)',
    );
    expect(
      formatReference({ expression: 'flush.p99 < 1s', variant: 'v', phase: 'flush', metric: 'p99', actual: 5, passed: true }),
    ).toBeNull();
  });

  it('adds a "compared with" column only when some result is relative', () => {
    const absolute = { expression: 'flush.p99 < 1s', variant: 'coalescing', phase: 'flush', metric: 'p99', actual: 263, passed: true };
    const tooFew: ThresholdResult = {
      ...relative,
      passed: false,
      note: 'needs --repeat 4 or more: with 2 repeats the test cannot reach p < 0.05',
      significance: { ...significance, n: 2, m: 2, pValue: null },
    };
    const table = thresholdTable([absolute, relative, tooFew]);
    expect(table.columns.map((c) => c.header)).toEqual(['threshold', 'variant', 'phase', 'actual', 'compared with', 'result', 'note']);
    expect(table.rows).toEqual([
      ['flush.p99 < 1s', 'coalescing', 'flush', '263 ms', '', '✓ pass', ''],
      [relative.expression, 'coalescing', 'flush', '263 ms', '0.5 × none.flush.p99 (0.5 × 726 = 363 ms), p = 0.004', '✓ pass', ''],
      [relative.expression, 'coalescing', 'flush', '263 ms', '0.5 × none.flush.p99 (0.5 × 726 = 363 ms)', '✗ FAIL', tooFew.note],
    ]);
    expect(thresholdTable([absolute]).columns.map((c) => c.header)).not.toContain('compared with');
  });
});
