import { describe, expect, it } from 'vitest';
import { fixtureRunResult } from '../../test/fixtures/run-result.ts';
import { renderRunFiles } from '../orchestrator/run-files.ts';
import { renderComparisonMarkdown } from './compare/compare-markdown.ts';
import { compareVariants } from './compare/compare.ts';
import { renderSummaryMarkdown } from './markdown/summary-md.ts';
import { RUN_REPORTERS, renderRunReports } from './run-reporters.ts';

describe('the reports of a saved run', () => {
  it('renders summary.md, comparison.md and report.html for a run of two variants', () => {
    const result = fixtureRunResult();
    const reports = renderRunReports(result, { timeline: [] });
    expect(reports.map((r) => r.fileName)).toEqual(['summary.md', 'comparison.md', 'report.html']);
    expect(reports[0]!.content).toBe(renderSummaryMarkdown(result));
    expect(reports[1]!.content).toBe(renderComparisonMarkdown(compareVariants(result)!));
    expect(reports[2]!.content).toMatch(/^<!doctype html>/);
  });

  it('has no comparison.md for a run of one variant', () => {
    const result = fixtureRunResult();
    result.variants = result.variants.slice(0, 1);
    expect(renderRunReports(result, { timeline: [] }).map((r) => r.fileName)).toEqual(['summary.md', 'report.html']);
  });

  it('is what `bench run` saves beside its measurements', () => {
    const result = fixtureRunResult();
    const reportNames = renderRunReports(result, { timeline: [], events: result.events ?? [] }).map((r) => r.fileName);
    const saved = renderRunFiles(result, []).map((f) => f.name);
    expect(saved.filter((name) => reportNames.includes(name))).toEqual(reportNames);
    // Everything else run saves is a side file a reporter reads back, never a report of its own.
    expect(saved.filter((name) => !reportNames.includes(name))).toEqual(['events.jsonl']);
    expect(new Set(RUN_REPORTERS.map((r) => r.name)).size).toBe(RUN_REPORTERS.length);
  });
});
