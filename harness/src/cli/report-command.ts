import { basename, dirname, join, relative } from 'node:path';
import { Command } from 'commander';
import { badInput } from '../errors/bench-error.ts';
import { renderSummaryTable } from '../report/console/summary-table.ts';
import { readRunSideFiles } from '../report/html/run-side-files.ts';
import { renderIndexHtml } from '../report/index/index-html.ts';
import { INDEX_FILE_NAME, findRuns } from '../report/index/run-index.ts';
import { renderJunitXml } from '../report/junit/junit-xml.ts';
import { renderRunReports } from '../report/run-reporters.ts';
import { readRun } from '../results/read-run.ts';
import { rewriteRunFile, writeFileOutsideRun } from '../results/write-run.ts';

interface ReportOptions {
  junit?: string;
  index?: boolean;
  results: string;
}

export function reportCommand(): Command {
  return new Command('report')
    .description(
      're-render the reports of a saved run (summary.md, comparison.md, report.html, JUnit) from its saved files; needs no Docker',
    )
    .argument('[dir]', 'a run directory, e.g. results/cache-stampede/20261123T083736Z-3f9a1c')
    .option('--junit <file>', 'also write the thresholds as JUnit XML to this file')
    .option('--index', 'write <results>/index.html listing every saved run, newest first')
    .option('--results <dir>', 'the results directory --index lists', 'results')
    .addHelpText(
      'after',
      '\nExamples:\n  bench report results/cache-stampede/20261123T083736Z-3f9a1c --junit junit.xml\n  bench report --index',
    )
    .action(async (dir: string | undefined, opts: ReportOptions) => {
      if (dir === undefined && !opts.index) {
        throw badInput(
          'nothing to report on',
          'Pass a run directory (bench report results/<experiment>/<run-id>), or --index to list every run.',
        );
      }
      if (dir === undefined && opts.junit !== undefined) {
        throw badInput('--junit needs a run directory', 'bench report results/<experiment>/<run-id> --junit junit.xml');
      }
      // `bench report RUN/run.json` (tab completion stops at the file) means the run's directory.
      if (dir !== undefined) await rerenderRun(basename(dir) === 'run.json' ? dirname(dir) : dir, opts.junit);
      if (opts.index) await writeIndex(opts.results);
    });
}

async function rerenderRun(dir: string, junitFile: string | undefined): Promise<void> {
  const result = await readRun(dir);
  const side = await readRunSideFiles(dir);
  // The reports `bench run` wrote (report/run-reporters.ts); --junit is this command's own option, as it is run's.
  const reports = renderRunReports(result, side);
  for (const report of reports) await rewriteRunFile(dir, { name: report.fileName, content: report.content });
  const lines = [renderSummaryTable(result), ...reports.map((r) => `rewrote ${join(dir, r.fileName)}`)];
  if (junitFile !== undefined) {
    await writeFileOutsideRun(junitFile, renderJunitXml(result));
    lines.push(`wrote ${junitFile} (${result.thresholds?.length ?? 0} thresholds)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function writeIndex(resultsDir: string): Promise<void> {
  const runs = await findRuns(resultsDir);
  const file = join(resultsDir, INDEX_FILE_NAME);
  await writeFileOutsideRun(file, renderIndexHtml(runs, { generatedAt: new Date().toISOString() }));
  const missing = runs.filter((r) => r.result && !r.hasHtmlReport).length;
  const note = missing > 0 ? `; ${missing} without report.html (bench report DIR renders one)` : '';
  process.stdout.write(`wrote ${relative(process.cwd(), file) || file}: ${runs.length} run${runs.length === 1 ? '' : 's'}${note}\n`);
}
