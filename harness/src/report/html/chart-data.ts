// Everything the report's charts draw, computed here (typed, tested) so the browser script only hands arrays to uPlot.
import type { ErrorClass, RunEvent, RunResult } from '../../results/run-result.ts';
import { ERROR_CLASSES } from '../../results/run-result.ts';
import { dependencyCharts, type DependencyChartData } from './dependency-charts.ts';
import type { DependencyLine } from './dependency-rows.ts';
import { percentileLabel, phaseSpectrum, spectrumTicks } from './percentile-spectrum.ts';
import { variantColor } from './report-styles.ts';
import { faultBands, phaseBands, type TimelineBand } from './timeline-bands.ts';
import { acrossRepeats, hasRepeats, type RepeatSecond } from './timeline-repeats.ts';
import type { TimelineRow } from './timeline-rows.ts';

type Values = Array<number | null>;

export interface ErrorStack {
  label: string;
  color: string;
  /** Cumulative: this class plus every class drawn below it, so bars drawn largest first look stacked. */
  stacked: Values;
  /** The class's own count per second, for the legend. */
  own: Values;
}

export interface TimelineVariant {
  name: string;
  color: string;
  rps: Values;
  p50: Values;
  p99: Values;
  /** Top of the stack first, which is also display order (5xx, 4xx, refused, ...). Empty without failed requests. */
  errorStacks: ErrorStack[];
  totalErrors: number;
  /**
   * With repeats (rows tagged `repeat`): how many, and p99's band from the lowest to the highest repeat per second;
   * rps, p50, p99 and the error counts are then medians across the repeats.
   */
  repeats?: number;
  p99Band?: { lo: Values; hi: Values };
}

export interface TimelineChart {
  /** Bucket midpoints (second + 0.5), seconds since the variant's load started. */
  x: number[];
  variants: TimelineVariant[];
  bands: TimelineBand[];
}

export interface SpectrumChart {
  phase: string;
  x: number[];
  ticks: Array<{ x: number; label: string }>;
  series: Array<{ variant: string; color: string; ms: Values }>;
  fromSummary: boolean;
}

export interface ReportChartData {
  timeline: TimelineChart | null;
  /** dependencies.jsonl's figures per second; null without it (an older run). */
  dependencies: DependencyChartData | null;
  spectra: SpectrumChart[];
}

export const ERROR_CLASS_STYLE: Readonly<Record<ErrorClass, { label: string; color: string }>> = {
  http5xx: { label: '5xx', color: '#c62828' },
  http4xx: { label: '4xx', color: '#ef8a17' },
  connrefused: { label: 'refused', color: '#6a1b9a' },
  reset: { label: 'reset', color: '#795548' },
  timeout: { label: 'timeout', color: '#b8860b' },
  other: { label: 'other', color: '#607d8b' },
};

export function reportChartData(
  result: RunResult,
  timeline: readonly TimelineRow[],
  events: readonly RunEvent[],
  dependencies: readonly DependencyLine[] = [],
): ReportChartData {
  const load = timelineChart(result, timeline, events);
  // The dependency charts span the load timeline's seconds too, so both sections line up second for second.
  const axis = load && load.x.length > 0 ? { first: load.x[0]! - 0.5, last: load.x.at(-1)! - 0.5 } : undefined;
  return { timeline: load, dependencies: dependencyCharts(result, dependencies, events, axis), spectra: spectrumCharts(result) };
}

export function timelineChart(result: RunResult, rows: readonly TimelineRow[], events: readonly RunEvent[]): TimelineChart | null {
  if (rows.length === 0) return null;
  const seconds = rows.map((r) => r.second);
  const first = Math.min(0, ...seconds);
  const last = Math.max(...seconds);
  const x: number[] = [];
  for (let s = first; s <= last; s++) x.push(s + 0.5);

  // Variants in run order, then any the timeline names that run.json does not (a partial save).
  const names = [...result.variants.map((v) => v.name)];
  for (const row of rows) if (!names.includes(row.variant)) names.push(row.variant);

  const variants = names
    .map((name, index) =>
      timelineVariant(
        name,
        variantColor(index),
        rows.filter((r) => r.variant === name),
        first,
        x.length,
      ),
    )
    .filter((v): v is TimelineVariant => v !== null);
  return { x, variants, bands: [...phaseBands(result.variants), ...faultBands(events, result.variants)] };
}

function timelineVariant(name: string, color: string, rows: readonly TimelineRow[], first: number, length: number): TimelineVariant | null {
  if (rows.length === 0) return null;
  const repeated = hasRepeats(rows);
  // Without repeats each row is one second; with them, one second is the median of the repeats' rows.
  const seconds: Array<Omit<RepeatSecond, 'repeats'>> = repeated
    ? acrossRepeats(rows)
    : rows.map((r) => ({ ...r, p99LoMs: null, p99HiMs: null }));
  const empty = (): Values => new Array<number | null>(length).fill(null);
  const rps = empty();
  const p50 = empty();
  const p99 = empty();
  const lo = empty();
  const hi = empty();
  const perClass = new Map<string, Values>();
  let totalErrors = 0;
  for (const row of seconds) {
    const i = row.second - first;
    if (i < 0 || i >= length) continue;
    rps[i] = row.requests;
    // A log axis cannot show 0 ms; a sub-microsecond latency is below what was measured anyway.
    p50[i] = positiveOrNull(row.p50Ms);
    p99[i] = positiveOrNull(row.p99Ms);
    lo[i] = positiveOrNull(row.p99LoMs);
    hi[i] = positiveOrNull(row.p99HiMs);
    for (const [cls, n] of Object.entries(row.errors)) {
      if (!n) continue;
      let values = perClass.get(cls);
      if (!values) {
        values = new Array<number | null>(length).fill(0);
        perClass.set(cls, values);
      }
      values[i] = (values[i] ?? 0) + n;
      totalErrors += n;
    }
  }
  // Seconds the variant was not running stay null so lines break there instead of dropping to zero.
  for (const values of perClass.values()) for (let i = 0; i < length; i++) if (rps[i] === null) values[i] = null;
  const variant: TimelineVariant = { name, color, rps, p50, p99, errorStacks: errorStacks(perClass, length), totalErrors };
  if (repeated) {
    variant.repeats = new Set(rows.map((r) => r.repeat)).size;
    variant.p99Band = { lo, hi };
  }
  return variant;
}

function errorStacks(perClass: ReadonlyMap<string, Values>, length: number): ErrorStack[] {
  const known = ERROR_CLASSES.filter((c) => perClass.has(c)) as string[];
  const unknown = [...perClass.keys()].filter((c) => !known.includes(c)).sort();
  const order = [...DISPLAY_ORDER.filter((c) => known.includes(c)), ...unknown];
  // Accumulated from the last class up, so the first in display order (5xx) is the tallest bar, drawn first, on top.
  const running = new Array<number | null>(length).fill(0);
  const stacks: ErrorStack[] = [];
  for (const cls of [...order].reverse()) {
    const own = perClass.get(cls) ?? [];
    for (let i = 0; i < length; i++) running[i] = own[i] === null || own[i] === undefined ? null : (running[i] ?? 0) + (own[i] ?? 0);
    const style = ERROR_CLASS_STYLE[cls as ErrorClass] ?? { label: cls, color: '#455a64' };
    stacks.push({ label: style.label, color: style.color, stacked: [...running], own: [...own] });
  }
  return stacks.reverse();
}

// The same order as the text reports: what the service said first, then what the network did.
const DISPLAY_ORDER: readonly string[] = ['http5xx', 'http4xx', 'connrefused', 'reset', 'timeout', 'other'];

/** One chart per phase name (in run order), one series per variant that ran it. */
export function spectrumCharts(result: RunResult): SpectrumChart[] {
  const phaseNames: string[] = [];
  for (const variant of result.variants)
    for (const phase of variant.phases) if (!phaseNames.includes(phase.name)) phaseNames.push(phase.name);

  return phaseNames.map((phaseName) => {
    const perVariant = result.variants.flatMap((variant, index) => {
      const phase = variant.phases.find((p) => p.name === phaseName);
      return phase ? [{ variant: variant.name, color: variantColor(index), ...phaseSpectrum(phase) }] : [];
    });
    const xs = [...new Set(perVariant.flatMap((v) => v.points.map((p) => p.x)))].sort((a, b) => a - b);
    // The axis runs to the next power of ten past the finest percentile measured, as HdrHistogram's plotter does.
    const maxX = 10 ** Math.max(1, Math.ceil(Math.log10(Math.max(...xs, 10)) - 1e-9));
    return {
      phase: phaseName,
      x: xs,
      ticks: spectrumTicks(maxX).map((x) => ({ x, label: percentileLabel(x) })),
      series: perVariant.map((v) => {
        const byX = new Map(v.points.map((p) => [p.x, p.ms]));
        return { variant: v.variant, color: v.color, ms: xs.map((x) => positiveOrNull(byX.get(x))) };
      }),
      fromSummary: perVariant.some((v) => v.fromSummary),
    };
  });
}

function positiveOrNull(ms: number | null | undefined): number | null {
  return typeof ms === 'number' && ms > 0 ? ms : null;
}
