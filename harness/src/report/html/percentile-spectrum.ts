// The HDR percentile spectrum: latency against percentile on HdrHistogram's log "1/(1-p)" axis, where 90% is 10,
// 99% is 100, 99.9% is 1000 and each further nine one decade further right.
import { decodeHistogram, type LatencyHistogram } from '../../recorder/latency-histogram.ts';
import type { PhaseResult } from '../../results/run-result.ts';

export interface SpectrumPoint {
  /** 1/(1-p): 1 at 0%, 10 at 90%, 100 at 99%. */
  x: number;
  /** 0..100 */
  percentile: number;
  ms: number;
}

export const SPECTRUM_STEPS_PER_DECADE = 20;
/** 99.9999%: beyond it a run would need millions of requests per phase to say anything. */
export const SPECTRUM_MAX_X = 1_000_000;

/** x for a percentile (0..100); Infinity at 100. */
export const percentileToX = (percentile: number): number => 1 / (1 - percentile / 100);

/** The inverse, rounded to hide float noise: 10 -> 90, 1000 -> 99.9. */
export const xToPercentile = (x: number): number => Math.round((1 - 1 / x) * 100 * 1e6) / 1e6;

/** `50%`, `99.9%`, `99.999%` for an axis tick. */
export function percentileLabel(x: number): string {
  return `${xToPercentile(x)}%`;
}

/**
 * Points on an even log grid (SPECTRUM_STEPS_PER_DECADE per decade, identical for every histogram so variants line
 * up) up to the finest percentile the sample count can support (x <= count), then the maximum at x = count. An empty
 * histogram has no spectrum.
 */
export function spectrumPoints(histogram: LatencyHistogram, maxX: number = SPECTRUM_MAX_X): SpectrumPoint[] {
  const count = histogram.count;
  if (count === 0) return [];
  const limit = Math.min(count, maxX);
  const points: SpectrumPoint[] = [];
  for (let i = 0; ; i++) {
    const x = gridX(i);
    if (x > limit * (1 + 1e-9)) break;
    const percentile = (1 - 1 / x) * 100;
    points.push({ x, percentile, ms: histogram.percentileMs(percentile) });
  }
  const last = points.at(-1);
  if (count <= maxX && last && last.x < count)
    points.push({ x: count, percentile: (1 - 1 / count) * 100, ms: histogram.percentileMs(100) });
  return points;
}

/** Grid points are computed one way everywhere, so equal x values compare equal across variants. */
export function gridX(step: number): number {
  return Number((10 ** (step / SPECTRUM_STEPS_PER_DECADE)).toPrecision(12));
}

/** From the phase's encoded histogram; without one (an older run.json), from its five summary figures. */
export function phaseSpectrum(phase: PhaseResult): { points: SpectrumPoint[]; fromSummary: boolean } {
  if (phase.histogram) return { points: spectrumPoints(decodeHistogram(phase.histogram)), fromSummary: false };
  if (phase.requests === 0) return { points: [], fromSummary: true };
  const { p50, p90, p99, p999 } = phase.latencyMs;
  const points: SpectrumPoint[] = [
    { x: 2, percentile: 50, ms: p50 },
    { x: 10, percentile: 90, ms: p90 },
    { x: 100, percentile: 99, ms: p99 },
    { x: 1000, percentile: 99.9, ms: p999 },
  ];
  return { points: points.filter((p) => p.x <= Math.max(phase.requests, 2)), fromSummary: true };
}

/** Axis ticks between 1 and maxX: 0%, 50%, 90%, 99%, ... */
export function spectrumTicks(maxX: number): number[] {
  const ticks = [1, 2];
  for (let x = 10; x <= maxX * (1 + 1e-9); x *= 10) ticks.push(x);
  return ticks;
}
