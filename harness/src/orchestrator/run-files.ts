// The files a run saves beside run.json: one .hgrm per phase, the per-second timeline, events, summary.md.
import { markdownSummaryReporter } from '../report/markdown/summary-md.ts';
import type { RunResult } from '../results/run-result.ts';
import type { RunFile } from '../results/write-run.ts';
import type { VariantRunOutput } from './run-variant.ts';

export function renderRunFiles(result: RunResult, outputs: readonly VariantRunOutput[]): RunFile[] {
  const files: RunFile[] = [];
  const timeline: string[] = [];
  for (const output of outputs) {
    for (const phase of output.result.phases) {
      const { latency, uncorrected } = output.recorder.phaseHistograms(phase.name);
      files.push({ name: phase.hgrm, content: latency.percentileDistributionText() });
      if (uncorrected) files.push({ name: phase.hgrm.replace(/\.hgrm$/, '.uncorrected.hgrm'), content: uncorrected.percentileDistributionText() });
    }
    for (const second of output.recorder.timeline()) timeline.push(JSON.stringify({ variant: output.result.name, ...second }));
  }
  if (timeline.length) files.push({ name: 'timeline.jsonl', content: `${timeline.join('\n')}\n` });
  if (result.events?.length) files.push({ name: 'events.jsonl', content: `${result.events.map((e) => JSON.stringify(e)).join('\n')}\n` });
  const summary = markdownSummaryReporter.render(result);
  files.push({ name: summary.fileName, content: summary.content });
  return files;
}
