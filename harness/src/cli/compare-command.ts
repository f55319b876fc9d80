// `bench compare RUN [RUN …]`: saved runs side by side, phase by phase; reads run.json only, needs no Docker.
import { Command, Option } from 'commander';
import { renderComparisonJson } from '../report/compare/compare-json.ts';
import { renderComparisonMarkdown } from '../report/compare/compare-markdown.ts';
import { compareRuns } from '../report/compare/compare-runs.ts';
import { renderComparisonText } from '../report/compare/compare-text.ts';
import type { Comparison } from '../report/compare/compare.ts';
import { readRun } from '../results/read-run.ts';
import type { RunResult } from '../results/run-result.ts';

const FORMATS = ['text', 'md', 'json'] as const;
type CompareFormat = (typeof FORMATS)[number];

const RENDERERS: Readonly<Record<CompareFormat, (comparison: Comparison) => string>> = {
  text: renderComparisonText,
  md: renderComparisonMarkdown,
  json: renderComparisonJson,
};

export function compareCommand(): Command {
  return (
    new Command('compare')
      .description('compare saved runs side by side, phase by phase, as ratios to the first (needs no Docker)')
      .argument('<runs...>', 'run directories (results/<experiment>/<run-id>); every variant of each is a column')
      .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
      // Usage errors throw to main (exit 2, bad input) instead of exiting 1, which means "thresholds failed".
      .exitOverride()
      .action(async (dirs: string[], opts: { format: CompareFormat }) => {
        // One at a time, so a bad directory is reported by name before anything else is read.
        const runs: RunResult[] = [];
        for (const dir of dirs) runs.push(await readRun(dir));
        process.stdout.write(RENDERERS[opts.format](compareRuns(runs)));
      })
  );
}
