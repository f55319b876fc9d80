import { describe, expect, it } from 'vitest';
import { formatThresholdActual, thresholdTable, thresholdsHeadline } from './threshold-table.ts';

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
