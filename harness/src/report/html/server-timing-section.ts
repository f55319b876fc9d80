// report.html's "Where the time went": per phase and variant, the service's Server-Timing breakdown of the median
// request and of the slowest 1% as stacked horizontal bars (one segment per component, `other` the rest), so a reader
// sees at a glance that a flush's slow requests are database time. Plain HTML and CSS: no chart library, prints as is.
import type { LatencyBreakdown, RunResult } from '../../results/run-result.ts';
import { formatCount, formatMs } from '../format.ts';
import { escapeHtml as h } from './html-escape.ts';
import { dropNoteHtml } from './drop-note.ts';
import { variantColor } from './report-styles.ts';

/** Components the reference service sends come first, in this order (as in summary.md); others alphabetically. */
const KNOWN_ORDER = ['db', 'cache', 'queue'];
const OTHER = 'other';
const COMPONENT_COLORS: Readonly<Record<string, string>> = { db: '#3f6fb0', cache: '#e08a3c', queue: '#7e62b3', [OTHER]: '#aab2bc' };
const EXTRA_COLORS = ['#4f9a5b', '#c0504d', '#8d6e4f', '#d17fbf', '#b5a642', '#4aa5c4'];
/**
 * Text goes inside a segment only where it fits on the narrowest track a 1000 px window gives a bar (~340 px) at
 * ~6.6 px a character; elsewhere the line under the bar names it. The page has no script to measure with.
 */
const NARROWEST_TRACK_PX = 340;
const CHAR_PX = 6.6;
const fits = (text: string, share: number): boolean => share * NARROWEST_TRACK_PX >= text.length * CHAR_PX + 8;

export interface BarSegment {
  component: string;
  ms: number;
  /** Of the bar's track (the column's longest bar), 0..1. */
  share: number;
  color: string;
}

type Slice = 'median' | 'slowest1pct';
const SLICES: ReadonlyArray<{ key: Slice; title: string }> = [
  { key: 'median', title: 'median request' },
  { key: 'slowest1pct', title: 'slowest 1%' },
];

/** Components in display order, `other` last. */
export function componentOrder(slices: readonly LatencyBreakdown[]): string[] {
  const seen = new Set(slices.flatMap((s) => Object.keys(s.componentsMs)).filter((n) => n !== OTHER));
  const known = KNOWN_ORDER.filter((n) => seen.has(n));
  const rest = [...seen].filter((n) => !KNOWN_ORDER.includes(n)).sort();
  return [...known, ...rest, OTHER];
}

export function componentColor(name: string, order: readonly string[]): string {
  const fixed = COMPONENT_COLORS[name];
  if (fixed) return fixed;
  const extras = order.filter((n) => !(n in COMPONENT_COLORS));
  return EXTRA_COLORS[extras.indexOf(name) % EXTRA_COLORS.length] ?? '#888888';
}

/** A bar's length: its total, or the components' sum when they ran concurrently and add up to more. */
export function barMs(slice: LatencyBreakdown): number {
  const sum = Object.values(slice.componentsMs).reduce((n, ms) => n + (Number.isFinite(ms) && ms > 0 ? ms : 0), 0);
  return Math.max(slice.totalMs, sum);
}

/** Segments of one bar on a track `trackMs` long; components without time are left out. */
export function barSegments(slice: LatencyBreakdown, order: readonly string[], trackMs: number): BarSegment[] {
  return order.flatMap((component) => {
    const ms = slice.componentsMs[component] ?? 0;
    if (!(ms > 0) || !(trackMs > 0)) return [];
    return [{ component, ms, share: ms / trackMs, color: componentColor(component, order) }];
  });
}

/** Empty when no phase carries a breakdown (the service sent no Server-Timing, or an older run). */
export function serverTimingSection(result: RunResult): string {
  const phaseNames: string[] = [];
  for (const v of result.variants)
    for (const p of v.phases) if (p.serverTiming?.breakdown && !phaseNames.includes(p.name)) phaseNames.push(p.name);
  if (phaseNames.length === 0) return '';
  const all = result.variants.flatMap((v) =>
    v.phases.flatMap((p) => (p.serverTiming?.breakdown ? [p.serverTiming.breakdown.median, p.serverTiming.breakdown.slowest1pct] : [])),
  );
  const order = componentOrder(all);
  const key = order
    .map((c) => `<span class="timing-key"><span class="swatch" style="background:${componentColor(c, order)}"></span>${h(c)}</span>`)
    .join(' ');
  const phases = phaseNames.map((name) => phaseBlock(result, name, order));
  return `<section id="server-timing">
<h2>Where the time went</h2>
<p class="muted chart-note">From the service's <code>Server-Timing</code> header: mean ms per component for the requests around the
median (45th–55th percentile of end-to-end latency) and for the slowest 1%; <em>other</em> is the rest (network, balancer
queueing, service CPU, waiting for a connection). Bars of one column share a scale within a phase; the two columns
have their own. Responses without the header are not counted.</p>
<p class="timing-legend">${key}</p>
${phases.join('\n')}
</section>`;
}

function phaseBlock(result: RunResult, phaseName: string, order: readonly string[]): string {
  const rows = result.variants.map((v, index) => ({ name: v.name, index, phase: v.phases.find((p) => p.name === phaseName) }));
  const tracks = Object.fromEntries(
    SLICES.map(({ key }) => [
      key,
      Math.max(0, ...rows.map((r) => (r.phase?.serverTiming?.breakdown ? barMs(r.phase.serverTiming.breakdown[key]) : 0))),
    ]),
  ) as Record<Slice, number>;
  const head = `<div class="timing-head"></div>${SLICES.map((s) => `<div class="timing-head">${h(s.title)}</div>`).join('')}`;
  const body = rows
    .filter((r) => r.phase)
    .map((r) => {
      const phase = r.phase!;
      const label = `<div class="timing-variant"><span class="swatch" style="background:${variantColor(r.index)}"></span>${h(r.name)}${dropNoteHtml(phase, 'the breakdown')}</div>`;
      const breakdown = phase.serverTiming?.breakdown;
      if (!breakdown) return `${label}<div class="timing-none muted">no Server-Timing in this phase</div>`;
      return label + SLICES.map((s) => barCell(r.name, phaseName, s.title, breakdown[s.key], order, tracks[s.key])).join('');
    });
  return `<div class="timing-phase"><h3>${h(phaseName)}</h3>
<div class="timing-grid">${head}
${body.join('\n')}
</div></div>`;
}

function barCell(
  variant: string,
  phase: string,
  title: string,
  slice: LatencyBreakdown,
  order: readonly string[],
  trackMs: number,
): string {
  const segments = barSegments(slice, order, trackMs);
  const parts = segments.map((s) => `${s.component} ${formatMs(s.ms)}`).join(' · ');
  const summary = `${formatMs(slice.totalMs)} ms${parts ? `: ${parts}` : ''}`;
  const spans = segments.map((s) => {
    const label = `${s.component} ${formatMs(s.ms)}`;
    const labelled = fits(label, s.share);
    const text = labelled ? h(label) : '';
    return `<span class="seg${labelled ? ' labelled' : ''}" data-component="${h(s.component)}" style="width:${(s.share * 100).toFixed(3)}%;background:${s.color};color:${textOn(s.color)}" title="${h(`${s.component}: ${formatMs(s.ms)} ms`)}">${text}</span>`;
  });
  return `<div class="timing-cell" data-slice="${title === 'slowest 1%' ? 'slowest1pct' : 'median'}" data-title="${h(title)}">
<div class="stack" role="img" aria-label="${h(`${variant}, ${phase}, ${title}: ${summary}`)}">${spans.join('')}</div>
<div class="stack-text">${h(summary)} <span class="muted">(${formatCount(slice.requests)} requests)</span></div></div>`;
}

/** Dark text on light segments, white on dark ones (WCAG relative luminance). */
function textOn(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  return luminance > 0.35 ? '#1a1d21' : '#ffffff';
}

export const SERVER_TIMING_CSS = `
.timing-legend { margin: 4px 0 8px; font-size: 13px; }
.timing-key { margin-right: 12px; white-space: nowrap; }
.timing-phase h3 { margin: 16px 0 6px; }
/* A fixed first column, so the bars of every phase line up (a drop note must not widen one phase's names). */
.timing-grid { display: grid; grid-template-columns: 13em minmax(0, 1fr) minmax(0, 1fr); gap: 6px 18px; align-items: start; }
.timing-head { font-size: 12.5px; font-weight: 600; color: var(--muted); }
.timing-variant { font-size: 13.5px; overflow-wrap: anywhere; min-width: 0; }
.timing-none { grid-column: span 2; font-size: 13px; }
.timing-cell { min-width: 0; }
.stack { display: flex; height: 18px; background: var(--soft); border-radius: 3px; overflow: hidden; }
.stack .seg { display: block; height: 100%; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; font-size: 11.5px;
  line-height: 18px; flex: none; }
/* Padding only where there is text: on a 2 px segment it would stretch the bar past its share. */
.stack .seg.labelled { padding: 0 4px; }
.stack-text { font-size: 12px; font-variant-numeric: tabular-nums; margin-top: 2px; overflow-wrap: anywhere; }
@media (max-width: 640px) {
  .timing-grid { grid-template-columns: minmax(0, 1fr); }
  .timing-head { display: none; }
  .timing-none { grid-column: auto; }
  .timing-cell::before { content: attr(data-title); display: block; font-size: 12px; color: var(--muted); }
}
@media print { .stack .seg { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;
