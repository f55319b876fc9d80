import { describe, expect, it } from 'vitest';
import { formatCell, formatRatio } from './compare-cells.ts';
import { coalescingVariant, noCoalescingVariant } from '../../../test/fixtures/compare-variants.ts';
import { renderComparisonJson } from './compare-json.ts';
import { renderComparisonMarkdown } from './compare-markdown.ts';
import { renderComparisonText } from './compare-text.ts';
import { compareColumns, type Comparison } from './compare.ts';

function comparison(): Comparison {
  const saturated = coalescingVariant();
  saturated.phases[1]!.generatorSaturated = true;
  const aborted = noCoalescingVariant();
  aborted.phases.push({ ...aborted.phases[1]!, name: 'recovery' });
  return compareColumns(
    [
      { label: 'no-coalescing', variant: aborted },
      { label: 'coalescing', variant: saturated },
    ],
    { experiment: 'cache-stampede' },
  );
}

describe('comparison cells', () => {
  it('formats ratios with about 3 significant digits', () => {
    expect([0, 0.004, 0.4718, 1, 2, 12.34, 152.4].map(formatRatio)).toEqual(['×0', '×<0.01', '×0.47', '×1.00', '×2.00', '×12.3', '×152']);
  });

  it('shows the value and its ratio, the value alone without one, — when missing', () => {
    expect(formatCell('p99', { value: 412, ratio: 412 / 873.2 })).toBe('412 (×0.47)');
    expect(formatCell('p99', { value: 873.2, ratio: null })).toBe('873');
    expect(formatCell('errorRate', { value: 0.00092, ratio: null })).toBe('0.09');
    expect(formatCell('dropped', { value: null, ratio: null })).toBe('—');
  });
});

describe('renderComparisonText', () => {
  const text = renderComparisonText(comparison());
  const lines = text.split('\n');
  const cells = (label: string, after: string): string[] | undefined =>
    lines
      .slice(lines.indexOf(after))
      .find((l) => l.trimStart().startsWith(label))
      ?.trim()
      .split(/\s{2,}/);

  it('titles the comparison and names the base column', () => {
    expect(lines[0]).toBe('cache-stampede: no-coalescing vs coalescing');
    expect(lines[1]).toMatch(/^\(×: ratio to no-coalescing, one run each: no significance test \(repeat the run/);
  });

  it('has one aligned table per shared phase', () => {
    expect(lines).toContain('phase baseline');
    expect(lines).toContain('phase flush');
    expect(cells('figure', 'phase flush')).toEqual(['figure', 'no-coalescing', 'coalescing']);
    expect(cells('requests', 'phase flush')).toEqual(['requests', '43512', '87024 (×2.00)']);
    expect(cells('p99 ms', 'phase flush')).toEqual(['p99 ms', '873', '412 (×0.47)']);
    expect(cells('p99.9 ms', 'phase flush')).toEqual(['p99.9 ms', '2012', '1006 (×0.50)']);
    expect(cells('DB q/s', 'phase flush')).toEqual(['DB q/s', '2875', '144 (×0.05)']);
    expect(cells('cache hit %', 'phase flush')).toEqual(['cache hit %', '41.0', '82.0 (×2.00)']);
    expect(cells('error rate %', 'phase flush')).toEqual(['error rate %', '0.09', '0 (×0)']);
    expect(cells('dropped', 'phase flush')).toEqual(['dropped', '—', '12']);
    // Right-aligned: every cell of a column ends at the same place.
    const header = lines.find((l) => l.includes('figure')) ?? '';
    const end = header.length;
    expect(lines.find((l) => l.trimStart().startsWith('requests'))?.length).toBe(end);
  });

  it('says which phases were left out and where the generator was saturated', () => {
    expect(text).toContain('note: phase "recovery" left out: not recorded by coalescing');
    expect(text).toContain('note: phase "flush": the load generator was saturated in coalescing; those figures understate the system');
    expect(text).not.toContain('phase recovery\n');
  });
});

describe('renderComparisonMarkdown', () => {
  const md = renderComparisonMarkdown(comparison());

  it('has a table per phase with the runs as columns', () => {
    expect(md.startsWith('# cache-stampede: no-coalescing vs coalescing\n')).toBe(true);
    expect(md).toContain('ratio (×) to **no-coalescing**');
    expect(md).toContain(
      '## Phase: flush\n\n|  | no-coalescing | coalescing |\n| :--- | ---: | ---: |\n| requests | 43512 | 87024 (×2.00) |',
    );
    expect(md).toContain('| p99 ms | 873 | 412 (×0.47) |');
    expect(md).toContain('| dropped | — | 12 |');
    expect(md).toContain('## Notes\n\n- phase "recovery" left out: not recorded by coalescing');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('escapes names that would be Markdown', () => {
    const escaped = renderComparisonMarkdown(compareColumns([{ label: 'a|b_c', variant: noCoalescingVariant() }]));
    expect(escaped).toContain('|  | a\\|b\\_c |');
    expect(escaped).not.toContain('ratio (×)');
  });
});

describe('renderComparisonJson', () => {
  it('is the comparison itself, values in their units', () => {
    const json = JSON.parse(renderComparisonJson(comparison())) as Comparison;
    expect(json.labels).toEqual(['no-coalescing', 'coalescing']);
    const p99 = json.phases[1]?.rows.find((r) => r.metric === 'p99');
    expect(p99?.cells[0]).toEqual({ value: 873.2, ratio: null });
    expect(p99?.cells[1]?.value).toBe(412);
    expect(json.leftOut).toEqual([{ phase: 'recovery', missingFrom: ['coalescing'] }]);
  });
});
