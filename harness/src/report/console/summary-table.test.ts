import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../results/run-result.ts';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { alignTable, renderSummaryTable } from './summary-table.ts';

const ANSI_PATTERN = /\u001b\[\d+m/g;

describe('console summary table', () => {
  const text = renderSummaryTable(fixtureRunResult());
  const lines = text.split('\n');

  it('starts with the run line', () => {
    expect(lines[0]).toBe('cache-stampede  failed  run 20261123T083736Z-3f9a1c');
    expect(lines[1]).toBe('started 2026-11-23 08:37:36 UTC, took 2m 06s');
    expect(text).toContain('reason: threshold p99<250 failed in phase flush');
  });

  it('warns when the generator saturated or requests were dropped, in the console and in summary.md', async () => {
    const { renderSummaryMarkdown } = await import('../markdown/summary-md.ts');
    const result = fixtureRunResult();
    const flush = result.variants[0]!.phases[1]!;
    flush.generatorSaturated = true;
    flush.dropped = 12;
    const console = renderSummaryTable(result);
    expect(console).toContain('warning: The load generator was saturated. In no-coalescing / flush the generator');
    expect(console).toContain(
      'warning: Requests were dropped. The driver never sent some scheduled requests (no-coalescing / flush: 12 of 43,524 due, 0.03%)',
    );
    expect(console).toContain('count as failed requests (errors.dropped) in the error rate, and the latency percentiles exclude them');
    // Beside the table whose percentiles leave them out.
    expect(console).toContain('\n  flush: latency excludes 12 dropped requests, 0.03%\n');
    const md = renderSummaryMarkdown(result);
    expect(md).toContain('> **The load generator was saturated.** In no-coalescing / flush');
    expect(md).toContain('> **Requests were dropped.** The driver never sent some scheduled requests');
    expect(md).toContain('⚠ flush: latency excludes 12 dropped requests, 0.03% (never sent, so not measured: the slowest requests).');
    expect(renderSummaryMarkdown(fixtureRunResult())).not.toContain('latency excludes');
    expect(renderSummaryTable(fixtureRunResult())).not.toContain('dropped');
    expect(renderSummaryTable(fixtureRunResult())).not.toContain('saturated');
  });

  it('shows the flush row figures in aligned columns, nulls as —', () => {
    const flush = lines.find((l) => l.trimStart().startsWith('flush'));
    expect(flush?.trim().split(/\s{2,}/)).toEqual([
      'flush',
      '15',
      '43512',
      '2901',
      '0.09',
      '5xx:37 reset:3',
      '18.4',
      '121',
      '873',
      '2012',
      '3005',
      '2875',
      '41.0',
    ]);
    const down = lines.find((l) => l.trimStart().startsWith('down'));
    expect(down?.trim().split(/\s{2,}/)).toEqual(['down', '10', '0', '0', '—', '-', '—', '—', '—', '—', '—', '—', '—']);
    // Right-aligned numbers end in the same column in every variant's table.
    const header = lines.find((l) => l.includes('p99 ms')) ?? '';
    const p99End = header.indexOf('p99 ms') + 'p99 ms'.length;
    expect(flush?.slice(0, p99End).endsWith(' 873')).toBe(true);
    expect(down?.slice(0, p99End).endsWith(' —')).toBe(true);
    expect(text).not.toMatch(ANSI_PATTERN);
  });

  it('colours only when asked, without breaking alignment', () => {
    const coloured = renderSummaryTable(fixtureRunResult(), { color: true });
    expect(coloured).toMatch(ANSI_PATTERN);
    expect(coloured).toContain('\u001b[31mfailed\u001b[0m');
    expect(coloured.replace(ANSI_PATTERN, '')).toBe(text);
  });

  it('aligns text left and numbers right', () => {
    const table = alignTable(
      [
        { header: 'name', align: 'left' },
        { header: 'n', align: 'right' },
      ],
      [
        ['a', '1'],
        ['long', '100'],
      ],
    );
    expect(table).toEqual(['name    n', '----  ---', 'a       1', 'long  100']);
  });

  it('has no thresholds section when the run declared none', () => {
    expect(text).not.toContain('thresholds:');
  });

  it('lists each threshold result on its own line, with ✓/✗', () => {
    const result: RunResult = {
      ...fixtureRunResult(),
      thresholds: [
        { expression: 'flush.p99 < 500ms', variant: 'no-coalescing', phase: 'flush', metric: 'p99', actual: 873.2, passed: false },
        {
          expression: 'flush.errorRate < 1%',
          variant: 'no-coalescing',
          phase: 'flush',
          metric: 'errorRate',
          actual: 0.00092,
          passed: true,
        },
        {
          expression: '*.p99 < 1s',
          variant: 'empty',
          phase: 'down',
          metric: 'p99',
          actual: null,
          passed: false,
          note: 'no requests completed in this phase',
        },
      ],
    };
    const withThresholds = renderSummaryTable(result);
    expect(withThresholds.startsWith(text.trimEnd())).toBe(true);
    const tail = withThresholds.slice(text.trimEnd().length).split('\n');
    expect(tail).toContain('thresholds: 2 of 3 failed');
    const cells = (expression: string, variant: string): string[] | undefined =>
      tail
        .find((l) => l.trimStart().startsWith(expression) && l.includes(variant))
        ?.trim()
        .split(/\s{2,}/);
    expect(cells('flush.p99 < 500ms', 'no-coalescing')).toEqual(['flush.p99 < 500ms', 'no-coalescing', 'flush', '873 ms', '✗ FAIL']);
    expect(cells('flush.errorRate < 1%', 'no-coalescing')).toEqual(['flush.errorRate < 1%', 'no-coalescing', 'flush', '0.09%', '✓ pass']);
    expect(cells('*.p99 < 1s', 'empty')).toEqual(['*.p99 < 1s', 'empty', 'down', '—', '✗ FAIL', 'no requests completed in this phase']);
    const coloured = renderSummaryTable(result, { color: true });
    expect(coloured).toContain('\u001b[32m✓ pass');
    expect(coloured.replace(ANSI_PATTERN, '')).toBe(withThresholds);
  });
});
