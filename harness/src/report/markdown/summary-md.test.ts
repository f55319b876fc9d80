import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../results/run-result.ts';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { markdownSummaryReporter, renderSummaryMarkdown } from './summary-md.ts';

const rowOf = (markdown: string, phase: string): string[] => {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${phase} |`));
  expect(line, `row for ${phase}`).toBeDefined();
  return (line ?? '').slice(2, -2).split(' | ');
};

describe('summary.md', () => {
  const markdown = renderSummaryMarkdown(fixtureRunResult());

  it('opens with the experiment, run id, status, start and duration', () => {
    expect(markdown.startsWith('# cache-stampede\n')).toBe(true);
    expect(markdown).toContain('**Status:** failed');
    expect(markdown).toContain('`20261123T083736Z-3f9a1c`');
    expect(markdown).toContain('**Started:** 2026-11-23 08:37:36 UTC');
    expect(markdown).toContain('**Duration:** 2m 06s');
    expect(markdown).toContain('**Reason:** threshold p99<250 failed in phase flush');
  });

  it('describes the environment, topology and load', () => {
    expect(markdown).toContain('ci-runner · linux/x64 · 2 CPUs · 8.0 GiB RAM · Node v24.21.0 · Docker 27.3.1');
    expect(markdown).toContain('**Topology:** cache (replicas=2, cacheTtlSec=30) · endpoints: app=http://127.0.0.1:18080');
    expect(markdown).toContain('**Load:** driver=closed, connections=50');
  });

  it('has a table per variant with the flush row figures', () => {
    expect(markdown).toContain('## Variant: no-coalescing');
    expect(markdown).toContain(
      '| phase | dur s | requests | rps | err % | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | DB q/s | hit % |',
    );
    expect(rowOf(markdown, 'flush')).toEqual([
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
    expect(rowOf(markdown, 'baseline')).toEqual([
      'baseline',
      '30',
      '300000',
      '10000',
      '0',
      '-',
      '1.23',
      '2.50',
      '4.87',
      '12.3',
      '40.1',
      '12',
      '98.7',
    ]);
  });

  it('renders unmeasured figures as —', () => {
    expect(rowOf(markdown, 'down')).toEqual(['down', '10', '0', '0', '—', '-', '—', '—', '—', '—', '—', '—', '—']);
  });

  it('lists fault events and explains how to read the figures', () => {
    expect(markdown).toContain('- `30 s` no-coalescing / flush: **fault.apply** cache flush (FLUSHALL on redis)');
    expect(markdown).toContain('## How to read this');
    expect(markdown).toMatch(/HDR histograms/);
    expect(markdown).toMatch(/\/metrics/);
  });

  it("falls back to the phases' faults, escapes names and ends with a newline", () => {
    const result = { ...fixtureRunResult(), events: [] };
    result.variants[0]!.phases[1]!.name = 'flush|all';
    const md = renderSummaryMarkdown(result);
    expect(md).toContain('- no-coalescing / flush\\|all: cache flush at 30.0 s');
    expect(md).toContain('| flush\\|all | 15 |');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('has a Thresholds section only when the run has thresholds', () => {
    expect(markdown).not.toContain('## Thresholds');
    const result: RunResult = {
      ...fixtureRunResult(),
      thresholds: [
        { expression: 'flush.p99 < 500ms', variant: 'no-coalescing', phase: 'flush', metric: 'p99', actual: 873.2, passed: false },
        { expression: '*.errorRate < 1%', variant: 'no-coalescing', phase: 'flush', metric: 'errorRate', actual: 0.00092, passed: true },
      ],
    };
    const md = renderSummaryMarkdown(result);
    expect(md).toContain(
      '## Thresholds\n\n**Result:** 1 of 2 failed.\n\n| threshold | variant | phase | actual | result |\n| :--- | :--- | :--- | ---: | :--- |',
    );
    expect(md).toContain('| flush.p99 < 500ms | no-coalescing | flush | 873 ms | ✗ FAIL |');
    expect(md).toContain('| \\*.errorRate < 1% | no-coalescing | flush | 0.09% | ✓ pass |');
    // Between the variant tables and the fault events; everything else is unchanged.
    expect(md.indexOf('## Thresholds')).toBeGreaterThan(md.indexOf('## Variant: empty'));
    expect(md.indexOf('## Thresholds')).toBeLessThan(md.indexOf('## Fault events'));
    expect(md.replace(/## Thresholds[\s\S]*?\n\n(?=## Fault events)/, '')).toBe(markdown);
  });

  it('is a reporter writing summary.md', () => {
    const rendered = markdownSummaryReporter.render(fixtureRunResult(), { timeline: [] });
    expect(rendered).toEqual({ fileName: 'summary.md', content: markdown });
  });
});
