// Side-by-side comparison of variants (of one run, or of several runs), phase by phase, as ratios to the first column.
// Pure. Phases not recorded by every column are left out and listed, never compared against nothing: an aborted
// variant still leaves the phases it did record comparable.
import type { RunResult, VariantResult } from '../../results/run-result.ts';
import { readMetric, type MetricName } from '../../thresholds/metrics.ts';

export interface CompareColumn {
  label: string;
  variant: VariantResult;
}

export interface ComparedFigure {
  metric: MetricName;
  /** Row label, with its unit. */
  label: string;
  /** Shown only when some column has a non-zero value (retries, rejections, ...): most runs have none. */
  optional?: boolean;
}

/** The rows of every phase table, in display order. */
export const COMPARED_FIGURES: readonly ComparedFigure[] = [
  { metric: 'requests', label: 'requests' },
  { metric: 'rps', label: 'rps' },
  { metric: 'errorRate', label: 'error rate %' },
  { metric: 'p50', label: 'p50 ms' },
  { metric: 'p99', label: 'p99 ms' },
  { metric: 'p999', label: 'p99.9 ms' },
  { metric: 'dbQueriesPerSec', label: 'DB q/s' },
  { metric: 'cacheHitRatio', label: 'cache hit %' },
  { metric: 'goodput', label: 'goodput rps' },
  { metric: 'dbQueriesPerRequest', label: 'DB q/request' },
  { metric: 'dropped', label: 'dropped', optional: true },
  { metric: 'retries', label: 'retries', optional: true },
  { metric: 'breakerRejected', label: 'breaker rejected', optional: true },
  { metric: 'rejected', label: 'shed', optional: true },
  { metric: 'errorsUntilMs', label: 'failures until ms', optional: true },
  { metric: 'staleRate', label: 'stale reads %', optional: true },
  { metric: 'lostWrites', label: 'lost writes', optional: true },
  { metric: 'unknownWrites', label: 'unknown writes', optional: true },
];

export interface ComparedCell {
  /** In the metric's unit (ms, a 0..1 fraction, a count, per second); null when not measured. */
  value: number | null;
  /** value / the first column's value; null in the first column, or when either is missing or the first is 0. */
  ratio: number | null;
}

export interface ComparedRow {
  metric: MetricName;
  label: string;
  /** One per column, in column order. */
  cells: ComparedCell[];
}

export interface PhaseComparison {
  phase: string;
  rows: ComparedRow[];
  /** Labels of the columns whose load generator was saturated in this phase: their figures understate the system. */
  generatorSaturated: string[];
}

export interface LeftOutPhase {
  phase: string;
  /** Labels of the columns that did not record it. */
  missingFrom: string[];
}

export interface Comparison {
  experiment?: string;
  /** Column labels; ratios are to the first. */
  labels: string[];
  /** Phases every column recorded, in the order they ran. */
  phases: PhaseComparison[];
  /** Phases some column did not record (a changed experiment or an aborted variant). */
  leftOut: LeftOutPhase[];
}

export function compareColumns(columns: readonly CompareColumn[], options: { experiment?: string } = {}): Comparison {
  const labels = columns.map((c) => c.label);
  const phases: PhaseComparison[] = [];
  const leftOut: LeftOutPhase[] = [];
  for (const name of phaseNames(columns)) {
    const found = columns.map((c) => c.variant.phases.find((p) => p.name === name));
    const missingFrom = labels.filter((_label, i) => found[i] === undefined);
    if (missingFrom.length > 0) {
      leftOut.push({ phase: name, missingFrom });
      continue;
    }
    const recorded = found.filter((p) => p !== undefined);
    const rows = COMPARED_FIGURES.flatMap(({ metric, label, optional }) => {
      const values = recorded.map((phase) => readMetric(phase, metric).value);
      if (optional && values.every((v) => !v)) return [];
      const base = values[0] ?? null;
      return [{ metric, label, cells: values.map((value, i) => ({ value, ratio: i === 0 ? null : ratioOf(value, base) })) }];
    });
    const generatorSaturated = labels.filter((_label, i) => recorded[i]?.generatorSaturated === true);
    phases.push({ phase: name, rows, generatorSaturated });
  }
  return { ...(options.experiment === undefined ? {} : { experiment: options.experiment }), labels, phases, leftOut };
}

/** The variants of one run side by side, labelled by name; null when the run has fewer than two variants. */
export function compareVariants(result: RunResult): Comparison | null {
  if (result.variants.length < 2) return null;
  return compareColumns(
    result.variants.map((variant) => ({ label: variant.name, variant })),
    { experiment: result.experiment },
  );
}

export function ratioOf(value: number | null, base: number | null): number | null {
  if (value === null || base === null || base === 0 || !Number.isFinite(value) || !Number.isFinite(base)) return null;
  return value / base;
}

/** Every phase name, in the order the columns ran them (first column first). */
function phaseNames(columns: readonly CompareColumn[]): string[] {
  const names: string[] = [];
  for (const column of columns) {
    for (const phase of column.variant.phases) if (!names.includes(phase.name)) names.push(phase.name);
  }
  return names;
}
