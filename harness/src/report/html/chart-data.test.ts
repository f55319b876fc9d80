import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../recorder/latency-histogram.ts';
import type { PhaseResult, RunResult } from '../../results/run-result.ts';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { spectrumCharts, timelineChart } from './chart-data.ts';
import { gridX } from './percentile-spectrum.ts';
import type { TimelineRow } from './timeline-rows.ts';

const row = (
  variant: string,
  second: number,
  requests: number,
  errors: TimelineRow['errors'] = {},
  p99Ms: number | null = 5,
): TimelineRow => ({
  variant,
  second,
  requests,
  errors,
  p50Ms: p99Ms === null ? null : 1,
  p99Ms,
});

describe('timeline chart data', () => {
  const result = fixtureRunResult();

  it('aligns variants on one axis of bucket midpoints, null where a variant has no data', () => {
    const chart = timelineChart(
      result,
      [row('no-coalescing', 0, 10), row('no-coalescing', 1, 12), row('empty', 1, 3), row('empty', 2, 4)],
      [],
    )!;
    expect(chart.x).toEqual([0.5, 1.5, 2.5]);
    expect(chart.variants.map((v) => [v.name, v.rps])).toEqual([
      ['no-coalescing', [10, 12, null]],
      ['empty', [null, 3, 4]],
    ]);
    expect(chart.variants[0]!.color).not.toBe(chart.variants[1]!.color);
  });

  it('keeps latency off a log axis where it is missing or zero', () => {
    const chart = timelineChart(result, [row('empty', 0, 0, {}, null), row('empty', 1, 5, {}, 0), row('empty', 2, 5, {}, 7)], [])!;
    expect(chart.variants[0]!.p99).toEqual([null, null, 7]);
  });

  it('stacks errors per class, 5xx on top, with each class own count beside the running total', () => {
    const chart = timelineChart(
      result,
      [row('empty', 0, 10, { reset: 1 }), row('empty', 1, 10, { http5xx: 3, reset: 2 }), row('empty', 2, 10, { http5xx: 1 })],
      [],
    )!;
    const v = chart.variants[0]!;
    expect(v.totalErrors).toBe(7);
    expect(v.errorStacks.map((s) => [s.label, s.stacked, s.own])).toEqual([
      ['5xx', [1, 5, 1], [0, 3, 1]],
      ['reset', [1, 2, 0], [1, 2, 0]],
    ]);
  });

  it('is null without a timeline, and carries phase and fault bands', () => {
    expect(timelineChart(result, [], result.events ?? [])).toBeNull();
    const chart = timelineChart(result, [row('no-coalescing', 0, 1)], result.events ?? [])!;
    expect(chart.bands.filter((b) => b.kind === 'phase').map((b) => b.label)).toEqual(['baseline', 'down', 'flush']);
    expect(chart.bands.filter((b) => b.kind === 'fault')).toMatchObject([
      { label: 'cache flush (FLUSHALL on redis)', startSec: 30, endSec: 45 },
    ]);
  });
});

describe('spectrum chart data', () => {
  const histogram = (values: number[]): LatencyHistogram => {
    const h = new LatencyHistogram();
    for (const us of values) h.recordUs(us);
    return h;
  };
  const phase = (name: string, h: LatencyHistogram): PhaseResult =>
    ({ name, startMs: 0, endMs: 1000, requests: h.count, histogram: h.encode(), latencyMs: h.summaryMs() }) as PhaseResult;

  it('draws one chart per phase with a series per variant on a shared x grid', () => {
    const small = histogram(Array.from({ length: 100 }, (_, i) => 1000 + i * 10));
    const large = histogram(Array.from({ length: 1000 }, (_, i) => 2000 + i * 10));
    const result = {
      variants: [
        { name: 'a', phases: [phase('p1', small), phase('p2', small)] },
        { name: 'b', phases: [phase('p1', large)] },
      ],
    } as unknown as RunResult;
    const [p1, p2] = spectrumCharts(result);
    expect(p1!.phase).toBe('p1');
    expect(p1!.series.map((s) => s.variant)).toEqual(['a', 'b']);
    expect(p1!.x[0]).toBe(1);
    expect(p1!.x).toContain(gridX(40));
    expect(p1!.x.at(-1)).toBe(1000);
    // a has 100 samples: nothing past x = 100.
    const a = p1!.series[0]!.ms;
    expect(a[p1!.x.indexOf(100)]).not.toBeNull();
    expect(a.at(-1)).toBeNull();
    expect(p1!.ticks.map((t) => t.label)).toEqual(['0%', '50%', '90%', '99%', '99.9%']);
    expect(p2!.series.map((s) => s.variant)).toEqual(['a']);
    expect(p2!.ticks.at(-1)).toEqual({ x: 100, label: '99%' });
  });
});
