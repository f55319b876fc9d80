// `bench compare RUN…`: every variant of every run side by side. Pure; refuses (bad input) what cannot be compared
// meaningfully: different experiments, different schema versions, the same run twice, no phase in common.
import { badInput, type Issue } from '../../errors/bench-error.ts';
import type { RunResult } from '../../results/run-result.ts';
import { compareColumns, type CompareColumn, type Comparison } from './compare.ts';

export function compareRuns(runs: readonly RunResult[]): Comparison {
  const first = runs[0];
  if (first === undefined) throw badInput('nothing to compare', 'Pass one or more run directories: bench compare RUN [RUN …]');

  const versions = new Set(runs.map((r) => r.schemaVersion));
  if (versions.size > 1) {
    throw badInput(
      `the runs have different schemaVersions (${runs.map((r) => `${r.runId}: ${r.schemaVersion}`).join(', ')})`,
      'Compare runs saved by the same bench version, or re-run the older experiment.',
    );
  }

  const experiments = [...new Set(runs.map((r) => r.experiment))];
  if (experiments.length > 1) {
    throw badInput(
      `the runs are of different experiments (${runs.map((r) => `${r.runId}: ${r.experiment}`).join(', ')})`,
      'Their phases and load measure different things; compare runs of one experiment (results/<experiment>/<run-id>).',
    );
  }

  const seen = new Set<string>();
  for (const run of runs) {
    if (seen.has(run.runId)) throw badInput(`run ${run.runId} was given twice`, 'Pass each run directory once.');
    seen.add(run.runId);
  }

  const empty = runs.filter((r) => r.variants.length === 0);
  if (empty.length > 0) {
    throw badInput(
      `run ${empty.map((r) => r.runId).join(', ')} recorded no variant: there is nothing to compare`,
      'Leave out runs that ended before their load started (see their status and reason with bench report DIR).',
    );
  }

  const columns = runs.flatMap(runColumns);
  const comparison = compareColumns(columns, { experiment: first.experiment });
  if (comparison.phases.length === 0) {
    const issues: Issue[] = columns.map((c) => ({
      path: c.label,
      message: c.variant.phases.length > 0 ? `recorded phases: ${c.variant.phases.map((p) => p.name).join(', ')}` : 'recorded no phase',
      hint: 'compare runs that recorded at least one phase of the same name',
    }));
    throw badInput('no phase was recorded by every run: there is nothing to compare side by side', undefined, issues);
  }
  return comparison;
}

/** `<runId>`, or `<runId>/<variant>` for each variant of a run that has several. */
export function runColumns(run: RunResult): CompareColumn[] {
  if (run.variants.length === 1) return run.variants.map((variant) => ({ label: run.runId, variant }));
  return run.variants.map((variant) => ({ label: `${run.runId}/${variant.name}`, variant }));
}
