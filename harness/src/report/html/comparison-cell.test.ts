import { describe, expect, it } from 'vitest';
import type { FigureInterval } from '../../results/run-result.ts';
import { comparisonCellHtml, intervalText, ratioMark } from './comparison-cell.ts';
import { WHISKER_WIDTH, whiskerScale, whiskerSvg, whiskerX } from './interval-whisker.ts';

const interval = (lo: number, hi: number, method: FigureInterval['method'] = 'repeats'): FigureInterval => ({
  lo,
  hi,
  level: 0.9375,
  method,
  n: 5,
});

describe('comparison cell marks', () => {
  it('shows the ratio uncoloured when the run carries no test (no ±5% rule)', () => {
    expect(ratioMark('p99', { value: 50, ratio: 0.5 })).toMatchObject({ kind: '', text: '×0.50' });
    expect(ratioMark('p99', { value: 100, ratio: 1.01 })).toMatchObject({ kind: '', text: '×1.01' });
    expect(ratioMark('p99', { value: 100, ratio: null })).toBeNull();
  });

  it('colours only significant differences, by which way is better', () => {
    const significant = { significant: true, testable: true, adjustedP: 0.02, ratioInterval: { lo: 0.4, hi: 0.6 } };
    expect(ratioMark('p99', { value: 50, ratio: 0.5, ...significant })).toMatchObject({ kind: 'better', text: '×0.50' });
    expect(ratioMark('p99', { value: 50, ratio: 0.5, ...significant })!.title).toBe(
      'significant (adjusted p = 0.02; ratio ×0.50, 95% interval ×0.40–0.60)',
    );
    expect(ratioMark('cacheHitRatio', { value: 0.4, ratio: 0.5, ...significant })!.kind).toBe('worse');
    expect(ratioMark('rps', { value: 2, ratio: 2, ...significant })!.kind).toBe('better');
    // DB q/s has no better direction: marked as a difference, uncoloured.
    expect(ratioMark('dbQueriesPerSec', { value: 2, ratio: 2, ...significant })!.kind).toBe('differs');
  });

  it('says ~ where the test found no significant difference, however large the ratio', () => {
    const mark = ratioMark('p99', { value: 300, ratio: 3, significant: false, testable: true, pValue: 0.2, adjustedP: 0.41 })!;
    expect(mark).toMatchObject({ kind: 'same', text: '~' });
    expect(mark.title).toBe('no significant difference (adjusted p = 0.41; ratio ×3.00)');
  });

  it('marks a cell too few repeats could never make significant with ?', () => {
    expect(ratioMark('p99', { value: 50, ratio: 0.5, significant: false, testable: false })).toMatchObject({ kind: '', text: '×0.50 ?' });
  });

  it('renders value, mark and a whisker in the variant colour', () => {
    const cell = { value: 120, ratio: 0.15, significant: true, testable: true, adjustedP: 0.0004, interval: interval(109, 130) };
    const html = comparisonCellHtml('p99', 'p99 ms', cell, whiskerScale([cell, { value: 790, interval: interval(720, 910) }]), '#D55E00');
    expect(html).toMatch(
      /^120 <span class="ratio better" title="significant \(adjusted p = &lt;0\.001; ratio ×0\.15\)">×0\.15<\/span><svg class="whisker"/,
    );
    expect(html).toContain('fill="#D55E00"');
    expect(html).toContain('aria-label="p99 ms: 120, 93.8% interval 109–130 across 5 repeats"');
    expect(comparisonCellHtml('p99', 'p99 ms', { value: null, ratio: null }, null, '#000')).toBe('—');
  });

  it('names where an interval comes from', () => {
    expect(intervalText('p99', { lo: 3.1, hi: 4.25, level: 0.95, method: 'histogram', n: 3600 })).toBe(
      '95% interval 3.10–4.25 from the histogram (3600 requests)',
    );
  });
});

describe('interval whiskers', () => {
  it('share one scale per row, logarithmic where values differ by 4x or more', () => {
    expect(whiskerScale([{ value: 1, interval: undefined }])).toBeNull();
    expect(
      whiskerScale([
        { value: 30, interval: interval(25, 33) },
        { value: 790, interval: interval(720, 910) },
      ]),
    ).toEqual({ min: 25, max: 910, log: true });
    expect(
      whiskerScale([
        { value: 0, interval: interval(0, 2) },
        { value: 3, interval: interval(2, 4) },
      ]),
    ).toEqual({ min: 0, max: 4, log: false });
    expect(
      whiskerScale([
        { value: 110, interval: interval(100, 130) },
        { value: 300, interval: interval(250, 390) },
      ])!.log,
    ).toBe(false);
  });

  it('place values in order inside the SVG, the middle for a scale without width', () => {
    const scale = { min: 25, max: 910, log: true };
    const xs = [25, 30, 120, 790, 910].map((v) => whiskerX(scale, v));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(xs[0]).toBeGreaterThanOrEqual(0);
    expect(xs.at(-1)).toBeLessThanOrEqual(WHISKER_WIDTH);
    // 120 ms sits near the middle of 25..910 on a log scale, far left of it on a linear one.
    expect(xs[2]!).toBeGreaterThan(WHISKER_WIDTH * 0.35);
    expect(whiskerX({ min: 5, max: 5, log: false }, 5)).toBe(WHISKER_WIDTH / 2);
  });

  it('draws nothing without an interval', () => {
    expect(whiskerSvg({ min: 0, max: 1, log: false }, 0.5, undefined, 'x', '#000')).toBe('');
    expect(whiskerSvg(null, 0.5, { lo: 0, hi: 1 }, 'x', '#000')).toBe('');
    expect(whiskerSvg({ min: 0, max: 1, log: false }, 0.5, { lo: 0.2, hi: 0.8 }, 'a <b>', '#000')).toContain('<title>a &lt;b&gt;</title>');
  });
});
