// The "Dependencies per second" charts, computed from dependencies.jsonl so the browser only hands arrays to uPlot.
// One figure per curated (section, figure) the run has; a figure where every variant has one instance (the primary,
// one stream) overlays the variants in their colours, as the load timeline does; one with more instances (five
// containers) gets a chart per variant, instances in their own colours, on one shared y axis.
import type { RunEvent, RunResult } from '../../results/run-result.ts';
import type { DependencyLine } from './dependency-rows.ts';
import { DEPENDENCY_SECTIONS, serviceSection, type DependencyFigureSpec, type DependencyUnit } from './dependency-figures.ts';
import { VARIANT_COLORS, variantColor } from './report-styles.ts';
import { faultBands, phaseBands, type TimelineBand } from './timeline-bands.ts';
import { median } from './timeline-repeats.ts';

type Values = Array<number | null>;

export interface DependencySeries {
  label: string;
  color: string;
  /** Set past the palette's seven colours, so the eighth instance is still told apart. */
  dash?: number[];
  values: Values;
  /** Lanes only: the figure itself per second (1 up, 0 down, null not sampled), for the legend. */
  state?: Values;
}

export interface DependencyChart {
  /** The variant the chart shows; null when it overlays every variant. */
  variant: string | null;
  series: DependencySeries[];
  /** Phases, and the fault windows of the variant shown (of every variant when overlaid). */
  bands: TimelineBand[];
  /** Lanes only: each lane's label; lane i is drawn at y = i + 1. */
  lanes?: string[];
}

export interface DependencyFigure {
  section: string;
  key: string;
  title: string;
  unit: DependencyUnit;
  /** Top of the y axis, shared by the figure's charts so variants compare by eye (lanes: their count). */
  yMax: number;
  charts: DependencyChart[];
}

export interface DependencyChartData {
  /** Midpoints of the load's seconds (second + 0.5), the load timeline's axis. */
  x: number[];
  /** Repeats folded into each point by their median; 1 without repeats. */
  repeats: number;
  sections: Array<{ key: string; title: string; figures: DependencyFigure[] }>;
}

/**
 * A line's tMs ends the second it covers, (tMs - 1000, tMs]. The load timeline draws its second s, [s, s + 1) s, at
 * s + 0.5; the sampler starts with the load, so its rows end near whole seconds and a row belongs to the load second
 * it overlaps most: s = round(tMs / 1000) - 1, drawn at s + 0.5, the same x as that second's requests. A late sample
 * is off by under half a second.
 */
export function dependencySecond(tMs: number): number {
  return Math.round(tMs / 1000) - 1;
}

/**
 * Null without lines. `axis` is the load timeline's first and last second, so both sections span the same seconds.
 * Lines that land on the same second of a variant (its repeats, or a sample that ran late) give their median.
 */
export function dependencyCharts(
  result: RunResult,
  lines: readonly DependencyLine[],
  events: readonly RunEvent[],
  axis?: { first: number; last: number },
): DependencyChartData | null {
  if (lines.length === 0) return null;
  const seconds = lines.map((l) => dependencySecond(l.tMs));
  const first = seconds.reduce((a, b) => Math.min(a, b), Math.min(0, axis?.first ?? 0));
  const last = seconds.reduce((a, b) => Math.max(a, b), axis?.last ?? first);
  const x: number[] = [];
  for (let s = first; s <= last; s++) x.push(s + 0.5);

  const names = result.variants.map((v) => v.name);
  for (const line of lines) if (!names.includes(line.variant)) names.push(line.variant);
  const byVariant = names.map((name) => lines.filter((l) => l.variant === name));
  const bands = [...phaseBands(result.variants), ...faultBands(events, result.variants)];
  const grid: Grid = { first, length: x.length, names, byVariant, bands };

  const own = serviceSection(lines);
  const sections = [...DEPENDENCY_SECTIONS, ...(own ? [own] : [])]
    .map((section) => ({
      key: section.key,
      title: section.title,
      figures: section.figures.flatMap((spec) => dependencyFigure(section.key, spec, grid) ?? []),
    }))
    .filter((s) => s.figures.length > 0);
  const repeats = Math.max(1, ...byVariant.map((rows) => new Set(rows.map((r) => r.repeat)).size));
  return { x, repeats, sections };
}

interface Grid {
  first: number;
  length: number;
  names: string[];
  byVariant: DependencyLine[][];
  bands: TimelineBand[];
}

interface Picked {
  instance: string;
  fellBack: boolean;
  values: Values;
}

function dependencyFigure(section: string, spec: DependencyFigureSpec, grid: Grid): DependencyFigure | null {
  // Colour by the instance's place among the section's instances, so a container keeps its colour in every chart.
  const instances = [...new Set(grid.byVariant.flat().flatMap((l) => Object.keys(l.sections[section] ?? {})))]
    .filter((i) => !spec.instances || spec.instances.includes(i))
    .sort();
  const perVariant = grid.byVariant.map((rows) => instanceSeries(section, spec, rows, instances, grid));
  const all = perVariant.flat();
  if (all.length === 0) return null;
  const values = all.flatMap((p) => p.values.filter((v): v is number => v !== null));
  if (values.length === 0 || (spec.onlyNonZero && values.every((v) => v === 0))) return null;
  const base = { section, key: spec.key, title: spec.title, unit: spec.unit };
  const label = (p: Picked): string => (p.fellBack && spec.fallback ? `${p.instance} (${spec.fallback.label})` : p.instance);
  const overlay = perVariant.every((picked) => picked.length <= 1);

  if (spec.lanes) {
    // Listed top down in run order; lane i is drawn at y = i + 1, so the first listed gets the highest lane.
    const listed = perVariant.flatMap((picked, v) => picked.map((p) => ({ v, p })));
    const named = new Set(listed.map((l) => l.v)).size > 1;
    const lanes: string[] = [];
    const series: DependencySeries[] = [];
    listed.forEach(({ v, p }, i) => {
      const y = listed.length - i;
      const label = named ? `${grid.names[v]} · ${p.instance}` : p.instance;
      lanes[y - 1] = label;
      // UP where the median across repeats is: a server down in one repeat of two draws as down.
      series.push({ label, color: variantColor(v), values: p.values.map((s) => (s === 1 ? y : null)), state: p.values });
    });
    return { ...base, yMax: lanes.length, charts: [{ variant: null, series, bands: grid.bands, lanes }] };
  }

  const yMax = values.reduce((a, b) => Math.max(a, b), spec.yAtLeast ?? 0) || 1;
  if (overlay) {
    const series = perVariant.flatMap((picked, v) =>
      picked.map((p) => ({ label: `${grid.names[v]} · ${label(p)}`, color: variantColor(v), values: p.values })),
    );
    return { ...base, yMax, charts: [{ variant: null, series, bands: grid.bands }] };
  }
  const charts = perVariant.flatMap((picked, v): DependencyChart[] => {
    if (picked.length === 0) return [];
    const name = grid.names[v]!;
    const series = picked.map((p) => {
      const index = instances.indexOf(p.instance);
      const dash = index >= VARIANT_COLORS.length ? { dash: [6, 4] } : {};
      return { label: label(p), color: variantColor(index), ...dash, values: p.values };
    });
    return [{ variant: name, series, bands: grid.bands.filter((b) => b.kind === 'phase' || b.variants.includes(name)) }];
  });
  return { ...base, yMax, charts };
}

/** One variant's instances that report the figure (or its fallback), each as values per second of the grid. */
function instanceSeries(
  section: string,
  spec: DependencyFigureSpec,
  rows: readonly DependencyLine[],
  instances: readonly string[],
  grid: Grid,
): Picked[] {
  const reports = (instance: string, figure: string): boolean => rows.some((r) => r.sections[section]?.[instance]?.[figure] !== undefined);
  return instances.flatMap((instance) => {
    if (spec.unlessFigure && reports(instance, spec.unlessFigure)) return [];
    // Decided per instance over the whole variant, so one line never mixes statements with transactions.
    const figure = reports(instance, spec.figure)
      ? spec.figure
      : spec.fallback && reports(instance, spec.fallback.figure)
        ? spec.fallback.figure
        : null;
    if (figure === null) return [];
    const bySecond = new Map<number, number[]>();
    for (const row of rows) {
      const value = row.sections[section]?.[instance]?.[figure];
      if (value === undefined) continue;
      const i = dependencySecond(row.tMs) - grid.first;
      bySecond.set(i, [...(bySecond.get(i) ?? []), value * (spec.scale ?? 1)]);
    }
    // Seconds without a sample stay null, so the line breaks there instead of dropping to zero.
    const values: Values = new Array<number | null>(grid.length).fill(null);
    for (const [i, list] of bySecond) {
      const m = median(list);
      if (i >= 0 && i < grid.length && m !== null) values[i] = Math.round(m * 1000) / 1000;
    }
    return [{ instance, fellBack: figure !== spec.figure, values }];
  });
}
