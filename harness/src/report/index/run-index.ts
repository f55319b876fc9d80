// Finds the saved runs under a results directory (results/<experiment>/<run-id>/run.json) for results/index.html.
// A run that cannot be read is listed with the reason instead of failing the whole index.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readRun } from '../../results/read-run.ts';
import type { RunResult } from '../../results/run-result.ts';
import { RUN_FILE_NAME } from '../../results/write-run.ts';
import { HTML_REPORT_FILE_NAME } from '../html/html-report.ts';

export const INDEX_FILE_NAME = 'index.html';

export interface IndexedRun {
  /** Relative to the results directory with `/` separators, e.g. `cache-stampede/20261123T083736Z-3f9a1c`. */
  dir: string;
  result: RunResult | null;
  /** Why run.json could not be read, when result is null. */
  problem?: string;
  hasHtmlReport: boolean;
}

export async function findRuns(resultsDir: string): Promise<IndexedRun[]> {
  const runs: IndexedRun[] = [];
  for (const experiment of await subdirectories(resultsDir)) {
    for (const runId of await subdirectories(join(resultsDir, experiment))) {
      const dir = join(resultsDir, experiment, runId);
      // A directory without run.json is an interrupted save (or not a run at all): nothing to link to.
      if (!(await exists(join(dir, RUN_FILE_NAME)))) continue;
      const hasHtmlReport = await exists(join(dir, HTML_REPORT_FILE_NAME));
      try {
        runs.push({ dir: `${experiment}/${runId}`, result: await readRun(dir), hasHtmlReport });
      } catch (error) {
        runs.push({ dir: `${experiment}/${runId}`, result: null, problem: (error as Error).message, hasHtmlReport });
      }
    }
  }
  return sortNewestFirst(runs);
}

export function sortNewestFirst(runs: readonly IndexedRun[]): IndexedRun[] {
  return [...runs].sort((a, b) => startMs(b) - startMs(a) || a.dir.localeCompare(b.dir));
}

/** From run.json, else from the run id (`20261123T083736Z-...`), else last. */
function startMs(run: IndexedRun): number {
  const started = run.result ? Date.parse(run.result.startedAt) : NaN;
  if (Number.isFinite(started)) return started;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})/.exec(run.dir.split('/').at(-1) ?? '');
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : 0;
}

async function subdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
