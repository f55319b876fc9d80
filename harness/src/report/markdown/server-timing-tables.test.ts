import { describe, expect, it } from 'vitest';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { renderServerTimingTables } from './server-timing-tables.ts';
import { renderSummaryMarkdown } from './summary-md.ts';

function withBreakdown() {
  const result = fixtureRunResult();
  const flush = result.variants[0]!.phases.find((p) => p.name === 'flush') ?? result.variants[0]!.phases[1]!;
  flush.serverTiming = {
    components: {},
    breakdown: {
      median: { totalMs: 4.2, requests: 100, componentsMs: { cache: 0.8, db: 0, other: 3.4 } },
      slowest1pct: { totalMs: 240, requests: 10, componentsMs: { cache: 1.1, db: 201.5, custom: 2, other: 37.4 } },
    },
  };
  return { result, phase: flush.name, variant: result.variants[0]!.name };
}

describe('renderServerTimingTables', () => {
  it('one row per slice, db / cache / queue first, then other names, then other; a component the slice lacks is 0', () => {
    const { result, phase, variant } = withBreakdown();
    const md = renderServerTimingTables(result);
    expect(md).toContain('## Where the time went');
    expect(md).toContain('| variant | phase | slice | requests | total ms | db ms | cache ms | custom ms | other ms |');
    expect(md).toContain(`| ${variant} | ${phase} | median | 100 | 4.20 | 0 | 0.800 | 0 | 3.40 |`);
    expect(md).toContain(`| ${variant} | ${phase} | slowest 1% | 10 | 240 | 202 | 1.10 | 2.00 | 37.4 |`);
  });

  it('is empty without breakdowns, and summary.md includes it when there is one', () => {
    expect(renderServerTimingTables(fixtureRunResult())).toBe('');
    expect(renderSummaryMarkdown(fixtureRunResult())).not.toContain('Where the time went');
    expect(renderSummaryMarkdown(withBreakdown().result)).toContain('## Where the time went');
  });
});
