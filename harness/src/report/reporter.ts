// A reporter turns a saved run into one file. Pure: it reads only the RunResult and the side files saved beside it
// (so `bench report DIR` works without Docker) and does no I/O; results/ writes what it returns.
import type { RunResult } from '../results/run-result.ts';
import type { RunSideFiles } from './html/timeline-rows.ts';

export interface RenderedReport {
  /** A plain file name inside the run directory, e.g. `summary.md`. */
  fileName: string;
  content: string;
}

export interface Reporter {
  readonly name: string;
  /** null when this run has no such report (comparison.md needs two variants). */
  render(result: RunResult, side: RunSideFiles): RenderedReport | null;
}
