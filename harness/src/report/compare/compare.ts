// Side-by-side comparison of variants (of one run, or of several runs), phase by phase, as ratios to the first column.
// Pure. Phases not recorded by every column are left out and listed, never compared against nothing: an aborted
// variant still leaves the phases it did record comparable.
//
// With repeats, each cell is also tested against the first column: Mann-Whitney U over the repeats' values (no
// assumption about their distribution, as Go's benchstat does), its p-values adjusted by Benjamini-Hochberg across
// the cells of each phase's table (a table is a screen of many figures: false discoveries are kept to 5% of the
// differences it calls significant). A cell whose difference is not significant says so instead of a ratio.
import { seededRandom } from '../../driver/keys/zipf.ts';
import type { FigureInterval, PhaseResult, RunResult, VariantResult } from '../../results/run-result.ts';
import { compareSamples, markSignificant, type SampleComparison } from '../../stats/compare-samples.ts';
import { readMetric, type MetricName } from '../../thresholds/metrics.ts';

export interface CompareColumn {
  label: string;
  /** The figures shown: with repeats, medians across them (see aggregate-repeats.ts). */
  variant: VariantResult;
}

/** The test behind the significance marks. */
export const SIGNIFICANCE = { test: 'Mann-Whitney U (two-sided)', correction: 'Benjamini-Hochberg, per phase table', alpha: 0.05 } as const;

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
  /** The value's 95% interval (across repeats, or within the run for latency percentiles). */
  interval?: FigureInterval;
  /** Values behind the cell: one per repeat. */
  n?: number;
  /** Bootstrap interval of the ratio of medians (repeats only). */
  ratioInterval?: { lo: number; hi: number; level: number };
  /** Mann-Whitney U p-value against the first column, and after the table's correction. */
  pValue?: number;
  adjustedP?: number | null;
  /** False when the repeats are too few for the test ever to reach significance (then `significant` is false). */
  testable?: boolean;
  /** The difference to the first column is significant after the correction. */
  significant?: boolean;
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
  /** Repeats behind each column, in column order (1 without repeats). */
  repeats: number[];
  /** How the cells were tested; absent when no two columns had repeats to test. */
  significance?: typeof SIGNIFICANCE & { untestable: number };
}

export function compareColumns(columns: readonly CompareColumn[], options: { experiment?: string } = {}): Comparison {
  const labels = columns.map((c) => c.label);
  const phases: PhaseComparison[] = [];
  const leftOut: LeftOutPhase[] = [];
  const repeats = columns.map((c) => c.variant.repeats?.length ?? 1);
  const testing = repeats[0]! > 1 && repeats.slice(1).some((n) => n > 1);
  let untestable = 0;
  for (const name of phaseNames(columns)) {
    const found = columns.map((c) => c.variant.phases.find((p) => p.name === name));
    const missingFrom = labels.filter((_label, i) => found[i] === undefined);
    if (missingFrom.length > 0) {
      leftOut.push({ phase: name, missingFrom });
      continue;
    }
    const recorded = found.filter((p) => p !== undefined);
    const samples = columns.map((c) => repeatPhases(c.variant, name));
    const tested: Array<{ cell: ComparedCell; comparison: SampleComparison }> = [];
    // One seeded generator per phase: the same run always renders the same intervals.
    const random = seededRandom(hashOf(name));
    const rows = COMPARED_FIGURES.flatMap(({ metric, label, optional }) => {
      const values = recorded.map((phase) => readMetric(phase, metric).value);
      if (optional && values.every((v) => !v)) return [];
      const base = values[0] ?? null;
      const baseSample = valuesOf(samples[0]!, metric);
      const cells = values.map((value, i): ComparedCell => {
        const cell: ComparedCell = { value, ratio: i === 0 ? null : ratioOf(value, base) };
        const interval = recorded[i]!.intervals?.[metric];
        if (interval) cell.interval = interval;
        const sample = valuesOf(samples[i]!, metric);
        if (repeats[i]! > 1) cell.n = sample.length;
        if (i > 0 && testing && value !== null && base !== null && baseSample.length > 1 && sample.length > 1) {
          const comparison = compareSamples(baseSample, sample, { random, alpha: SIGNIFICANCE.alpha });
          cell.pValue = comparison.pValue;
          cell.testable = comparison.testable;
          if (comparison.ratioInterval) cell.ratioInterval = comparison.ratioInterval;
          if (!comparison.testable) untestable++;
          tested.push({ cell, comparison });
        }
        return cell;
      });
      return [{ metric, label, cells }];
    });
    const marked = markSignificant(
      tested.map((t) => t.comparison),
      { alpha: SIGNIFICANCE.alpha, method: 'bh' },
    );
    marked.forEach((m, i) => {
      const { cell } = tested[i]!;
      cell.adjustedP = m.adjustedP;
      cell.significant = m.significant;
    });
    const generatorSaturated = labels.filter((_label, i) => recorded[i]?.generatorSaturated === true);
    phases.push({ phase: name, rows, generatorSaturated });
  }
  return {
    ...(options.experiment === undefined ? {} : { experiment: options.experiment }),
    labels,
    phases,
    leftOut,
    repeats,
    ...(testing ? { significance: { ...SIGNIFICANCE, untestable } } : {}),
  };
}

/** Each repeat's record of the phase (the phase itself without repeats). */
function repeatPhases(variant: VariantResult, phase: string): PhaseResult[] {
  const sources = variant.repeats?.length ? variant.repeats.map((r) => r.phases) : [variant.phases];
  return sources.flatMap((phases) => phases.filter((p) => p.name === phase));
}

function valuesOf(phases: readonly PhaseResult[], metric: MetricName): number[] {
  return phases.map((p) => readMetric(p, metric).value).filter((v): v is number => v !== null && Number.isFinite(v));
}

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
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
