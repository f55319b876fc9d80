// A reporter turns a saved RunResult into one file. Pure: it reads only the RunResult (so `bench report DIR` works
// without Docker) and does no I/O; results/ writes what it returns.
import type { RunResult } from '../results/run-result.ts';

export interface RenderedReport {
  /** A plain file name inside the run directory, e.g. `summary.md`. */
  fileName: string;
  content: string;
}

export interface Reporter {
  readonly name: string;
  render(result: RunResult): RenderedReport;
}
