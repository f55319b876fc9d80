// The reports rendered from a saved run (run.json and its side files): one list for `bench run` and
// `bench report DIR`, so re-rendering a run rewrites exactly the reports the run wrote. What depends on a command's
// options (the JUnit file at --junit, the console table) is written by that command, not listed here.
import type { RunResult } from '../results/run-result.ts';
import { comparisonReporter } from './compare/compare-markdown.ts';
import { renderHtmlReport } from './html/html-report.ts';
import type { RunSideFiles } from './html/timeline-rows.ts';
import { markdownSummaryReporter } from './markdown/summary-md.ts';
import type { RenderedReport, Reporter } from './reporter.ts';

export const RUN_REPORTERS: readonly Reporter[] = [
  markdownSummaryReporter,
  comparisonReporter,
  { name: 'html', render: (result, side) => renderHtmlReport(result, side) },
];

/** Every report this run has, in RUN_REPORTERS order. */
export function renderRunReports(result: RunResult, side: RunSideFiles): RenderedReport[] {
  return RUN_REPORTERS.flatMap((reporter) => reporter.render(result, side) ?? []);
}
