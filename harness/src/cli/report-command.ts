import { Command } from 'commander';
import { renderSummaryTable } from '../report/console/summary-table.ts';
import { markdownSummaryReporter } from '../report/markdown/summary-md.ts';
import { readRun } from '../results/read-run.ts';
import { rewriteRunFile } from '../results/write-run.ts';

export function reportCommand(): Command {
  return new Command('report')
    .description('re-render the reports of a saved run from its run.json (needs no Docker)')
    .argument('<dir>', 'a run directory, e.g. results/cache-stampede/20261123T083736Z-3f9a1c')
    .action(async (dir: string) => {
      const result = await readRun(dir);
      const summary = markdownSummaryReporter.render(result);
      await rewriteRunFile(dir, { name: summary.fileName, content: summary.content });
      process.stdout.write(`${renderSummaryTable(result)}\nrewrote ${dir}/${summary.fileName}\n`);
    });
}
