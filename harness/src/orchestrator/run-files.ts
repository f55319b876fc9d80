// The files a run saves beside run.json: one .hgrm per phase, the per-second timeline, the generator's own
// per-second figures (what each generatorSaturated verdict rests on), events, summary.md, report.html.
import { renderHtmlReport } from '../report/html/html-report.ts';
import { timelineJsonl, type TimelineRow } from '../report/html/timeline-rows.ts';
import { markdownSummaryReporter } from '../report/markdown/summary-md.ts';
import type { RunResult } from '../results/run-result.ts';
import type { RunFile } from '../results/write-run.ts';
import type { VariantRunOutput } from './run-variant.ts';

export function renderRunFiles(result: RunResult, outputs: readonly VariantRunOutput[]): RunFile[] {
  const files: RunFile[] = [];
  for (const output of outputs) {
    for (const phase of output.result.phases) {
      const { latency, uncorrected } = output.recorder.phaseHistograms(phase.name);
      files.push({ name: phase.hgrm, content: latency.percentileDistributionText() });
      if (uncorrected) files.push({ name: phase.hgrm.replace(/\.hgrm$/, '.uncorrected.hgrm'), content: uncorrected.percentileDistributionText() });
    }
  }
  const rows: TimelineRow[] = outputs.flatMap((o) => o.recorder.timeline().map((second) => ({ variant: o.result.name, ...second })));
  if (rows.length) files.push({ name: 'timeline.jsonl', content: timelineJsonl(rows) });
  const generator = outputs.flatMap((o) => o.health.seconds.map((second) => JSON.stringify({ variant: o.result.name, ...second })));
  if (generator.length) files.push({ name: 'generator.jsonl', content: `${generator.join('\n')}\n` });
  if (result.events?.length) files.push({ name: 'events.jsonl', content: `${result.events.map((e) => JSON.stringify(e)).join('\n')}\n` });
  const summary = markdownSummaryReporter.render(result);
  files.push({ name: summary.fileName, content: summary.content });
  const html = renderHtmlReport(result, { timeline: rows, events: result.events ?? [] });
  files.push({ name: html.fileName, content: html.content });
  return files;
}
