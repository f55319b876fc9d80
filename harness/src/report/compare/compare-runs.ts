// `bench compare RUN…`: runs of one experiment side by side. Pure; refuses (bad input) what cannot be compared
// meaningfully: different experiments, different schema versions, the same run twice, no phase in common.
//
// Runs of the same experiment are repeats: a variant's column holds every run's measurement of it (each run's own
// repeats, or its one measurement), tested like the repeats of one run. Runs of an experiment with a single variant
// (before/after a change to the system) are compared run against run instead, each with its own repeats.
import { badInput, type Issue } from '../../errors/bench-error.ts';
import { aggregateRepeats } from '../../results/aggregate-repeats.ts';
import type { RepeatResult, RunResult, VariantResult } from '../../results/run-result.ts';
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

  const columns =
    runs.length > 1 && new Set(runs.flatMap((r) => r.variants.map((v) => v.name))).size > 1
      ? pooledColumns(runs)
      : runs.flatMap(runColumns);
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

/** One column per variant name, in the order first seen; its repeats are every run's measurements of it. */
export function pooledColumns(runs: readonly RunResult[]): CompareColumn[] {
  const names: string[] = [];
  for (const run of runs) for (const v of run.variants) if (!names.includes(v.name)) names.push(v.name);
  return names.map((name) => {
    const found = runs.flatMap((run) => run.variants.filter((v) => v.name === name));
    const repeats = found.flatMap(repeatsOf).map((r, i): RepeatResult => ({ ...r, repeat: i + 1, orderIndex: i }));
    const { phases: _p, repeats: _r, generatorSaturated: _g, ...base } = found[0]!;
    return { label: `${name} (${repeats.length} run${repeats.length === 1 ? '' : 's'})`, variant: aggregateRepeats(base, repeats) };
  });
}

function repeatsOf(variant: VariantResult): RepeatResult[] {
  if (variant.repeats?.length) return variant.repeats;
  return [{ repeat: 1, orderIndex: 0, phases: variant.phases, ...(variant.generatorSaturated ? { generatorSaturated: true } : {}) }];
}

/** `<runId>`, or `<runId>/<variant>` for each variant of a run that has several. */
export function runColumns(run: RunResult): CompareColumn[] {
  if (run.variants.length === 1) return run.variants.map((variant) => ({ label: run.runId, variant }));
  return run.variants.map((variant) => ({ label: `${run.runId}/${variant.name}`, variant }));
}
