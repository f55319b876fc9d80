import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../recorder/latency-histogram.ts';
import { aggregateRepeats } from './aggregate-repeats.ts';
import type { PhaseResult, RepeatResult } from './run-result.ts';

function phase(p99: number, extra: Partial<PhaseResult> = {}): PhaseResult {
  const histogram = new LatencyHistogram();
  histogram.recordUs(p99 * 1000);
  return {
    name: 'flush',
    startMs: 0,
    endMs: 10_000,
    requests: 1000,
    rps: 100,
    errorRate: 0,
    errors: {},
    latencyMs: { p50: 1, p90: 2, p99, p999: p99 * 2, max: p99 * 3 },
    hgrm: 'none-flush.r1.hgrm',
    histogram: histogram.encode(),
    server: { dbQueriesPerSec: p99 / 10, cacheHitRatio: 0.9 },
    ...extra,
  };
}

const repeats = (phases: PhaseResult[]): RepeatResult[] => phases.map((p, i) => ({ repeat: i + 1, orderIndex: i * 2, phases: [p] }));

describe('aggregateRepeats', () => {
  it('shows the median of each figure across repeats, with an interval from the repeats', () => {
    const variant = aggregateRepeats({ name: 'none' }, repeats([phase(100), phase(300), phase(200), phase(250), phase(150)]));
    const flush = variant.phases[0]!;
    expect(flush.latencyMs.p99).toBe(200);
    expect(flush.server.dbQueriesPerSec).toBe(20);
    // Five repeats: the distribution-free interval of a median is min..max, at 1 - 2/32 = 93.75%.
    expect(flush.intervals?.p99).toMatchObject({ lo: 100, hi: 300, method: 'repeats', n: 5 });
    expect(flush.intervals?.p99?.level).toBeCloseTo(0.9375, 4);
    expect(variant.repeats).toHaveLength(5);
    // The un-suffixed .hgrm holds every repeat's requests.
    expect(flush.hgrm).toBe('none-flush.hgrm');
    expect(LatencyHistogram.decode(flush.histogram!).count).toBe(5);
  });

  it('sums correctness counts: a write lost in one repeat is a lost write', () => {
    const writes = (lost: number): PhaseResult['writes'] => ({
      sent: 10,
      acknowledged: 10,
      lost,
      rejected: 0,
      unknown: 0,
      unknownPresent: 0,
      duplicates: 0,
      verified: true,
    });
    const variant = aggregateRepeats(
      { name: 'x' },
      repeats([phase(1, { writes: writes(0) }), phase(1, { writes: writes(2) }), phase(1, { writes: writes(0) })]),
    );
    expect(variant.phases[0]!.writes).toMatchObject({ sent: 30, lost: 2, verified: true });
  });

  it('flags a phase whose generator saturated in any repeat, and counts missing error classes as zero', () => {
    const variant = aggregateRepeats(
      { name: 'x' },
      repeats([
        phase(1, { errors: { timeout: 4 }, generatorSaturated: true }),
        phase(1, { generatorSaturated: false }),
        phase(1, { errors: { timeout: 6 }, generatorSaturated: false }),
      ]),
    );
    expect(variant.phases[0]!.generatorSaturated).toBe(true);
    expect(variant.generatorSaturated).toBeUndefined();
    expect(variant.phases[0]!.errors).toEqual({ timeout: 4 });
  });

  it('keeps a phase only some repeats recorded (an aborted repeat), from those that did', () => {
    const rs: RepeatResult[] = [
      { repeat: 1, orderIndex: 0, phases: [phase(10), { ...phase(5), name: 'recovery' }] },
      { repeat: 2, orderIndex: 1, phases: [phase(30)] },
    ];
    const variant = aggregateRepeats({ name: 'x' }, rs);
    expect(variant.phases.map((p) => p.name)).toEqual(['flush', 'recovery']);
    expect(variant.phases[0]!.latencyMs.p99).toBe(20);
    expect(variant.phases[1]!.intervals).toBeUndefined();
  });
});

describe('aggregateRepeats: Server-Timing', () => {
  it('pools the repeats: component counts add up, breakdown slices are request-weighted means', () => {
    const timing = (dbMs: number, requests: number): PhaseResult['serverTiming'] => ({
      components: { db: { count: requests, latencyMs: { p50: dbMs, p90: dbMs, p99: dbMs, p999: dbMs, max: dbMs } } },
      breakdown: {
        median: { totalMs: 2, requests, componentsMs: { other: 2 } },
        slowest1pct: { totalMs: dbMs + 10, requests: requests / 10, componentsMs: { db: dbMs, other: 10 } },
      },
    });
    const variant = aggregateRepeats(
      { name: 'x' },
      repeats([phase(1, { serverTiming: timing(100, 100) }), phase(1, { serverTiming: timing(400, 300) })]),
    );
    const merged = variant.phases[0]!.serverTiming!;
    expect(merged.components.db!.count).toBe(400);
    expect(merged.breakdown!.slowest1pct.requests).toBe(40);
    expect(merged.breakdown!.slowest1pct.componentsMs.db).toBe(325);
    expect(merged.breakdown!.median.componentsMs).toEqual({ other: 2 });
  });
});
