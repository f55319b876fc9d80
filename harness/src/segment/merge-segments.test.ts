import { describe, expect, it } from 'vitest';
import type { BenchError } from '../errors/bench-error.ts';
import { LatencyHistogram } from '../recorder/latency-histogram.ts';
import { globalIndexOf, parseSequence, shareOf, stripe } from './execution-segment.ts';
import { mergeSegments, type NamedResult } from './merge-segments.ts';
import { PLAN_FORMAT, planId, type SegmentPlan } from './segment-plan.ts';
import { RESULT_FORMAT, type SegmentResult } from './segment-result.ts';

const plan: SegmentPlan = {
  format: PLAN_FORMAT,
  driver: 'open',
  url: 'http://127.0.0.1:8080/x',
  method: 'GET',
  headers: {},
  ratePerSec: 1000,
  durationMs: 10_000,
  timeoutMs: 10_000,
  connections: 64,
  sequence: '0,1/3,1',
  allowRemote: false,
};

/** A skewed latency population in us: mostly ~1 ms, a slow tail to 2 s (a deterministic LCG, no Math.random). */
function latenciesUs(count: number): number[] {
  let x = 12345;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const u = x / 2 ** 31;
    return u < 0.95 ? 500 + u * 1000 : 2000 + ((u - 0.95) / 0.05) ** 3 * 2_000_000;
  });
}

function resultOf(p: SegmentPlan, index: number, values: number[], extra: Partial<SegmentResult> = {}): SegmentResult {
  const h = new LatencyHistogram();
  for (const v of values) h.recordUs(v);
  return {
    format: RESULT_FORMAT,
    planId: planId(p),
    plan: p,
    index,
    segment: ['0:1/3', '1/3:1'][index]!,
    startAtEpochMs: 1_700_000_000_000,
    host: 'h',
    connections: [21, 43][index]!,
    scheduled: values.length,
    requests: values.length,
    dropped: 0,
    errors: {},
    unfinished: 0,
    histogram: h.encode(),
    generator: { saturated: false, seconds: 10, saturatedSeconds: 0, reasons: [] },
    interrupted: false,
    ...extra,
  };
}

function split(values: number[]): NamedResult[] {
  const striping = stripe(parseSequence(plan.sequence));
  return [0, 1].map((index) => {
    const mine = Array.from({ length: shareOf(striping, index, values.length) }, (_, k) => values[globalIndexOf(striping, index, k)]!);
    return { file: `segment-${index + 1}-of-2.json`, result: resultOf(plan, index, mine) };
  });
}

describe('mergeSegments', () => {
  const values = latenciesUs(10_000);

  it('merged percentiles are those of one histogram of every value, exactly (histograms add bucket by bucket)', () => {
    const merged = mergeSegments(split(values));
    const one = new LatencyHistogram();
    for (const v of values) one.recordUs(v);
    expect(merged.histogram.count).toBe(10_000);
    for (const p of [50, 90, 95, 99, 99.9, 100]) expect(merged.histogram.percentileMs(p)).toBe(one.percentileMs(p));
    expect(merged.summary.requests).toBe(10_000);
    expect(merged.summary.rps).toBe(1000);
  });

  it('and within HDR precision (3 significant digits) of the exact order statistics', () => {
    const merged = mergeSegments(split(values));
    const sorted = [...values].map(Math.round).sort((a, b) => a - b);
    for (const p of [50, 90, 99, 99.9]) {
      // The rank HdrHistogram reads: round(p% of count), at least 1.
      const exactMs = sorted[Math.max(1, Math.floor((p / 100) * sorted.length + 0.5)) - 1]! / 1000;
      expect(Math.abs(merged.histogram.percentileMs(p) - exactMs) / exactMs).toBeLessThan(0.001 + 1e-6);
    }
  });

  it("averaging the segments' percentiles would be wrong: the tail is where they differ", () => {
    // One generator saw the slow tail, the other did not: the merged p99 is the population's, not the mean.
    const fast = values.filter((v) => v < 2000);
    const slow = values.filter((v) => v >= 2000);
    const a = resultOf(plan, 0, fast.slice(0, 3000));
    const b = resultOf(plan, 1, [...fast.slice(3000), ...slow]);
    const merged = mergeSegments([
      { file: 'a', result: a },
      { file: 'b', result: b },
    ]);
    const one = new LatencyHistogram();
    for (const v of [...fast, ...slow]) one.recordUs(v);
    const mean = (LatencyHistogram.decode(a.histogram).percentileMs(99) + LatencyHistogram.decode(b.histogram).percentileMs(99)) / 2;
    expect(merged.summary.latencyMs.p99).toBe(one.percentileMs(99));
    expect(Math.abs(mean - one.percentileMs(99))).toBeGreaterThan(1);
  });

  it('adds errors by class, drops and the error rate over what was due', () => {
    const [a, b] = split(values);
    a!.result = { ...a!.result, errors: { timeout: 3, dropped: 5 }, dropped: 5, requests: a!.result.requests - 5 };
    b!.result = {
      ...b!.result,
      errors: { timeout: 1, http5xx: 2 },
      generator: { saturated: true, seconds: 10, saturatedSeconds: 4, reasons: ['event loop'] },
    };
    const merged = mergeSegments([a!, b!]);
    expect(merged.summary.errors).toEqual({ timeout: 4, dropped: 5, http5xx: 2 });
    expect(merged.summary.dropped).toBe(5);
    expect(merged.summary.requests).toBe(9995);
    expect(merged.summary.errorRate).toBe(11 / 10_000);
    expect(merged.summary.generatorSaturated).toBe(true);
    expect(merged.summary.generator.reasons).toEqual(['segment 1/3:1: event loop']);
  });

  it('refuses a missing segment, a segment given twice, and results of another plan (exit 2)', () => {
    const [a, b] = split(values);
    const missing = (() => {
      try {
        mergeSegments([a!]);
      } catch (e) {
        return e as BenchError;
      }
    })()!;
    expect(missing.exitCode).toBe(2);
    expect(missing.message).toContain('1 of 2 segments of 0,1/3,1 have no result (positions 2)');
    const twice = (() => {
      try {
        mergeSegments([a!, b!, { ...b!, file: 'copy' }]);
      } catch (e) {
        return e as BenchError;
      }
    })()!;
    expect(twice.message).toContain('also in');
    const other = { ...plan, ratePerSec: 2000 };
    const foreign = (() => {
      try {
        mergeSegments([a!, { file: 'x', result: resultOf(other, 1, [1]) }]);
      } catch (e) {
        return e as BenchError;
      }
    })()!;
    expect(foreign.message).toContain(`but segment-1-of-2.json has ${planId(plan)}`);
  });
});
