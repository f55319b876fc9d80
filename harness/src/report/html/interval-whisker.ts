// A value with its interval as a small inline SVG whisker: a line from lo to hi and a dot at the value. The cells of
// one comparison row share a scale, so whiskers side by side compare like the numbers they sit under.
import { escapeHtml as h } from './html-escape.ts';

export interface WhiskerInterval {
  lo: number;
  hi: number;
}

export interface WhiskerScale {
  min: number;
  max: number;
  log: boolean;
}

export const WHISKER_WIDTH = 72;
const HEIGHT = 10;
const PAD = 3;

/**
 * One scale for a row's values and intervals; null when nothing in the row has an interval. Logarithmic when every
 * value is positive and the largest is 4x the smallest or more (a flush's p99 at 800 ms beside a guarded 30 ms would
 * otherwise squash the small ones onto the axis).
 */
export function whiskerScale(points: ReadonlyArray<{ value: number | null; interval?: WhiskerInterval | undefined }>): WhiskerScale | null {
  if (!points.some((p) => p.interval)) return null;
  const values = points
    .flatMap((p) => [p.value, p.interval?.lo, p.interval?.hi])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.length === 0) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { min, max, log: min > 0 && max / min >= 4 };
}

/** x in the SVG for a value on the scale; the middle when the scale has no width. */
export function whiskerX(scale: WhiskerScale, value: number): number {
  const span = WHISKER_WIDTH - 2 * PAD;
  const f = scale.log ? (v: number): number => Math.log10(v) : (v: number): number => v;
  const lo = f(scale.min);
  const hi = f(scale.max);
  if (!(hi > lo)) return WHISKER_WIDTH / 2;
  const x = PAD + ((f(Math.min(scale.max, Math.max(scale.min, value))) - lo) / (hi - lo)) * span;
  return Math.round(x * 10) / 10;
}

/**
 * The whisker for one cell; empty without an interval. `label` describes it in words (title and aria-label), for
 * screen readers and a hover; `color` is the dot's (the variant's colour).
 */
export function whiskerSvg(
  scale: WhiskerScale | null,
  value: number | null,
  interval: WhiskerInterval | undefined,
  label: string,
  color: string,
): string {
  if (!scale || !interval || !Number.isFinite(interval.lo) || !Number.isFinite(interval.hi)) return '';
  const y = HEIGHT / 2;
  const x0 = whiskerX(scale, Math.min(interval.lo, interval.hi));
  const x1 = whiskerX(scale, Math.max(interval.lo, interval.hi));
  const dot =
    value === null || !Number.isFinite(value) ? '' : `<circle cx="${whiskerX(scale, value)}" cy="${y}" r="2.6" fill="${h(color)}"/>`;
  return (
    `<svg class="whisker" width="${WHISKER_WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WHISKER_WIDTH} ${HEIGHT}" role="img" aria-label="${h(label)}">` +
    `<title>${h(label)}</title>` +
    `<line x1="${x0}" y1="${y}" x2="${x1}" y2="${y}" stroke="#5b6470" stroke-width="1.4"/>` +
    `<line x1="${x0}" y1="2" x2="${x0}" y2="8" stroke="#5b6470"/><line x1="${x1}" y1="2" x2="${x1}" y2="8" stroke="#5b6470"/>` +
    `${dot}</svg>`
  );
}
