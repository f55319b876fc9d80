import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../recorder/latency-histogram.ts';
import type { PhaseResult } from '../../results/run-result.ts';
import {
  gridX,
  percentileLabel,
  percentileToX,
  phaseSpectrum,
  spectrumPoints,
  spectrumTicks,
  xToPercentile,
} from './percentile-spectrum.ts';

/** 1..n ms, one request each: the value at percentile p is about p% of n. */
function uniform(n: number): LatencyHistogram {
  const h = new LatencyHistogram();
  for (let ms = 1; ms <= n; ms++) h.recordUs(ms * 1000);
  return h;
}

describe('percentile spectrum', () => {
  it('maps percentiles to HdrHistogram 1/(1-p) positions and back', () => {
    expect(percentileToX(0)).toBe(1);
    expect(percentileToX(50)).toBeCloseTo(2);
    expect(percentileToX(90)).toBeCloseTo(10);
    expect(percentileToX(99.9)).toBeCloseTo(1000);
    expect(percentileToX(100)).toBe(Infinity);
    expect([1, 2, 10, 100, 1000, 10_000, 100_000].map(percentileLabel)).toEqual(['0%', '50%', '90%', '99%', '99.9%', '99.99%', '99.999%']);
    expect(xToPercentile(gridX(40))).toBe(99);
  });

  it('samples an even log grid up to the sample count, then the maximum', () => {
    const points = spectrumPoints(uniform(1000));
    expect(points[0]).toEqual({ x: 1, percentile: 0, ms: 1 });
    // 20 points per decade over 3 decades (x = 1 .. 1000), the last grid point at exactly 1000 = count.
    expect(points).toHaveLength(61);
    expect(points.map((p) => p.x).slice(0, 3)).toEqual([1, gridX(1), gridX(2)]);
    const at = (x: number): number => points.find((p) => Math.abs(p.x - x) < 1e-9)!.ms;
    expect(at(10)).toBeCloseTo(900, -1); // p90 of 1..1000 ms
    expect(at(100)).toBeCloseTo(990, -1);
    expect(points.at(-1)).toMatchObject({ x: 1000 });
    expect(points.at(-1)!.ms).toBeCloseTo(999.5, -1);
    // Non-decreasing: a spectrum never goes down.
    for (let i = 1; i < points.length; i++) expect(points[i]!.ms).toBeGreaterThanOrEqual(points[i - 1]!.ms);
  });

  it('ends with the maximum at x = count when the count falls between grid points', () => {
    const h = uniform(150);
    h.recordUs(5_000_000);
    const points = spectrumPoints(h);
    expect(points.at(-1)).toMatchObject({ x: 151 });
    expect(points.at(-1)!.ms).toBeCloseTo(5000, -1);
    expect(points.at(-2)!.x).toBeLessThan(151);
  });

  it('caps the grid at 99.9999% and has no points for an empty histogram', () => {
    expect(spectrumPoints(new LatencyHistogram())).toEqual([]);
    const h = new LatencyHistogram();
    for (let i = 0; i < 2000; i++) h.recordUs(1000 + i);
    expect(Math.max(...spectrumPoints(h, 100).map((p) => p.x))).toBe(100);
  });

  it('decodes a phase histogram, and falls back to the summary figures without one', () => {
    const h = uniform(1000);
    const phase = { requests: 1000, histogram: h.encode(), latencyMs: h.summaryMs() } as PhaseResult;
    expect(phaseSpectrum(phase)).toEqual({ points: spectrumPoints(h), fromSummary: false });

    const { histogram: _, ...old } = phase;
    const fallback = phaseSpectrum(old as PhaseResult);
    expect(fallback.fromSummary).toBe(true);
    expect(fallback.points.map((p) => [p.x, p.ms])).toEqual([
      [2, h.summaryMs().p50],
      [10, h.summaryMs().p90],
      [100, h.summaryMs().p99],
      [1000, h.summaryMs().p999],
    ]);
    expect(phaseSpectrum({ ...old, requests: 0 } as PhaseResult).points).toEqual([]);
  });

  it('puts axis ticks at 0%, 50% and every nine up to the axis end', () => {
    expect(spectrumTicks(1000)).toEqual([1, 2, 10, 100, 1000]);
    expect(spectrumTicks(10)).toEqual([1, 2, 10]);
  });
});
