// The files a run saves beside run.json: one .hgrm per phase, the per-second timeline, the generator's own
// per-second figures (what each generatorSaturated verdict rests on), the dependencies' per-second figures,
// events, and the reports (report/run-reporters.ts: the same ones `bench report DIR` re-renders).
import { DEPENDENCIES_FILE_NAME, parseDependenciesJsonl } from '../report/html/dependency-rows.ts';
import { timelineJsonl, type TimelineRow } from '../report/html/timeline-rows.ts';
import { renderRunReports } from '../report/run-reporters.ts';
import type { RunResult } from '../results/run-result.ts';
import type { RunFile } from '../results/write-run.ts';
import { LatencyHistogram } from '../recorder/latency-histogram.ts';
import type { VariantRunOutput } from './run-variant.ts';

/** A variant's measured output; `repeat` is set when the run has repeats. */
export type RunOutput = VariantRunOutput & { repeat?: number };

export function renderRunFiles(result: RunResult, outputs: readonly RunOutput[]): RunFile[] {
  const files: RunFile[] = [];
  const repeated = result.repeats !== undefined;
  for (const output of outputs) {
    for (const phase of output.result.phases) {
      const { latency, uncorrected } = output.recorder.phaseHistograms(phase.name);
      files.push({ name: phase.hgrm, content: latency.percentileDistributionText() });
      if (uncorrected)
        files.push({ name: phase.hgrm.replace(/\.hgrm$/, '.uncorrected.hgrm'), content: uncorrected.percentileDistributionText() });
    }
  }
  // With repeats, each variant's phase also gets one .hgrm of every repeat's requests together.
  if (repeated) {
    for (const variant of result.variants) {
      for (const phase of variant.phases) {
        if (phase.histogram)
          files.push({ name: phase.hgrm, content: LatencyHistogram.decode(phase.histogram).percentileDistributionText() });
      }
    }
  }
  const tag = (o: RunOutput): { variant: string; repeat?: number } => ({
    variant: o.result.name,
    ...(repeated && o.repeat !== undefined ? { repeat: o.repeat } : {}),
  });
  const rows: TimelineRow[] = outputs.flatMap((o) => o.recorder.timeline().map((second) => ({ ...tag(o), ...second })));
  if (rows.length) files.push({ name: 'timeline.jsonl', content: timelineJsonl(rows) });
  const generator = outputs.flatMap((o) => o.health.seconds.map((second) => JSON.stringify({ ...tag(o), ...second })));
  if (generator.length) files.push({ name: 'generator.jsonl', content: `${generator.join('\n')}\n` });
  // Per second: every container's CPU, throttling and memory, and the data stores' own counters.
  const dependencies = outputs.flatMap((o) => o.dependencies.map((row) => JSON.stringify({ ...tag(o), ...row })));
  const dependenciesJsonl = dependencies.length ? `${dependencies.join('\n')}\n` : '';
  if (dependencies.length) files.push({ name: DEPENDENCIES_FILE_NAME, content: dependenciesJsonl });
  if (result.events?.length) files.push({ name: 'events.jsonl', content: `${result.events.map((e) => JSON.stringify(e)).join('\n')}\n` });
  // The side files as `bench report DIR` reads them back, so both render the same reports.
  const side = { timeline: rows, events: result.events ?? [], dependencies: parseDependenciesJsonl(dependenciesJsonl) };
  for (const report of renderRunReports(result, side)) files.push({ name: report.fileName, content: report.content });
  return files;
}
