import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { decodeHistogram } from './latency-histogram.ts';
import { createRunRecorder } from './phase-recorder.ts';

const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

function threePhases() {
  return createRunRecorder({
    phases: [
      { name: 'warmup', startMs: 0, endMs: 1000, record: false },
      { name: 'baseline', startMs: 1000, endMs: 3000 },
      { name: 'flush', startMs: 3000, endMs: 5000 },
    ],
  });
}

describe('createRunRecorder', () => {
  it('assigns each sample to the phase it was sent in, not the one it completed in', () => {
    const r = threePhases();
    // Sent at the very end of baseline, completed 2 s later (inside flush): counts in baseline.
    r.recordResponse({ sentAtMs: 2999, latencyUs: 2_000_000, status: 200 });
    r.recordResponse({ sentAtMs: 3000, latencyUs: 1000, status: 200 });
    r.recordResponse({ sentAtMs: 500, latencyUs: 1000, status: 200 });
    expect(r.phaseSummary('baseline', 2000).requests).toBe(1);
    expect(Math.abs(r.phaseSummary('baseline', 2000).latencyMs.max - 2000)).toBeLessThan(2); // HDR: 0.1%
    expect(r.phaseSummary('flush', 2000).requests).toBe(1);
    // Warm-up samples still count; hiding them is the consumer's choice.
    expect(r.phaseSummary('warmup', 1000).requests).toBe(1);
    expect(r.phases[0]?.record).toBe(false);
  });

  it('counts dropped requests by the phase and second they were due in, only when asked to', () => {
    const phases = [
      { name: 'baseline', startMs: 0, endMs: 2000 },
      { name: 'flush', startMs: 2000, endMs: 4000 },
    ];
    const r = createRunRecorder({ phases, countsDropped: true });
    r.recordResponse({ sentAtMs: 100, latencyUs: 1000, status: 200 });
    r.recordDropped(2500);
    r.recordDropped(3999);
    r.recordDropped(9000);
    expect(r.phaseSummary('baseline', 2000).dropped).toBe(0);
    expect(r.phaseSummary('flush', 2000).dropped).toBe(2);
    // A drop is not a request: it was never sent.
    expect(r.phaseSummary('flush', 2000).requests).toBe(0);
    expect(r.ignoredSamples).toBe(1);
    expect(
      r
        .timeline()
        .filter((s) => s.dropped)
        .map((s) => [s.second, s.dropped]),
    ).toEqual([
      [2, 1],
      [3, 1],
    ]);
    const closed = createRunRecorder({ phases });
    closed.recordResponse({ sentAtMs: 100, latencyUs: 1000, status: 200 });
    expect(closed.phaseSummary('baseline', 2000)).not.toHaveProperty('dropped');
  });

  it('counts a drop as a failed request: errors.dropped, and an error rate over the requests due', () => {
    const r = createRunRecorder({ phases: [{ name: 'flush', startMs: 0, endMs: 10_000 }], countsDropped: true });
    // 16 answered fast, 1 answered 503, 3 dropped: 20 due, 4 failed. The drops add nothing to the histogram.
    for (let i = 0; i < 16; i++) r.recordResponse({ sentAtMs: i, latencyUs: 1000, status: 200 });
    r.recordResponse({ sentAtMs: 20, latencyUs: 1000, status: 503 });
    for (let i = 0; i < 3; i++) r.recordDropped(30 + i);
    const s = r.phaseSummary('flush', 10_000);
    expect(s).toMatchObject({ requests: 17, dropped: 3, errors: { http5xx: 1, dropped: 3 }, errorRate: 0.2 });
    expect(r.phaseHistograms('flush').latency.count).toBe(17);
    // Everything dropped: every request due failed.
    const dead = createRunRecorder({ phases: [{ name: 'down', startMs: 0, endMs: 1000 }], countsDropped: true });
    dead.recordDropped(10);
    expect(dead.phaseSummary('down', 1000)).toMatchObject({ requests: 0, dropped: 1, errorRate: 1 });
  });

  it('ignores samples sent before the first phase or after the last', () => {
    const r = createRunRecorder({ phases: [{ name: 'only', startMs: 1000, endMs: 2000 }] });
    r.recordResponse({ sentAtMs: 999, latencyUs: 1000, status: 200 });
    r.recordResponse({ sentAtMs: 2000, latencyUs: 1000, status: 200 });
    r.recordError({ sentAtMs: -5, error: refused });
    expect(r.phaseSummary('only', 1000).requests).toBe(0);
    expect(r.ignoredSamples).toBe(3);
    expect(r.timeline()).toEqual([]);
  });

  it('counts errors by class, includes their latency when known, and computes rps and error rate', () => {
    const r = threePhases();
    for (let i = 0; i < 96; i++) r.recordResponse({ sentAtMs: 3000 + i * 10, latencyUs: 2000, status: 200 });
    expect(r.recordResponse({ sentAtMs: 4000, latencyUs: 50_000, status: 503 })).toBe('http5xx');
    r.recordResponse({ sentAtMs: 4001, latencyUs: 50_000, status: 503 });
    expect(r.recordError({ sentAtMs: 4002, latencyUs: 10_000_000, error: new Error('request timed out') })).toBe('timeout');
    expect(r.recordError({ sentAtMs: 4003, error: refused })).toBe('connrefused');

    const s = r.phaseSummary('flush', 2000);
    expect(s.requests).toBe(100);
    expect(s.rps).toBe(50);
    expect(s.errors).toEqual({ http5xx: 2, timeout: 1, connrefused: 1 });
    expect(s.errorRate).toBe(0.04);
    // 99 latencies: 96 x 2 ms, 2 x 50 ms, 1 x 10 s (the refused connection has none).
    expect(decodeHistogram(s.histogram ?? '').count).toBe(99);
    expect(s.latencyMs.p50).toBeCloseTo(2, 2);
    expect(s.latencyMs.max).toBeCloseTo(10_000, -1);
  });

  it('keeps a corrected and an uncorrected histogram when an expected interval is given', () => {
    const r = createRunRecorder({
      phases: [
        { name: 'steady', startMs: 0, endMs: 10_000 },
        { name: 'fast', startMs: 10_000, endMs: 20_000, expectedIntervalUs: 0 },
      ],
      expectedIntervalUs: 1000,
    });
    r.recordResponse({ sentAtMs: 100, latencyUs: 1_000_000, status: 200 });
    const steady = r.phaseHistograms('steady');
    expect(steady.latency.count).toBe(1000);
    expect(steady.uncorrected?.count).toBe(1);
    // The summary's histogram and requests: the corrected distribution, the real request count.
    expect(r.phaseSummary('steady', 10_000).requests).toBe(1);
    expect(decodeHistogram(r.phaseSummary('steady', 10_000).histogram ?? '').count).toBe(1000);
    // A per-phase interval of 0 turns correction off for that phase.
    expect(r.phaseHistograms('fast').uncorrected).toBeNull();
  });

  it('reports zeros, not NaN, for an empty phase or a zero duration', () => {
    const s = threePhases().phaseSummary('flush', 0);
    expect(s).toMatchObject({ requests: 0, rps: 0, errorRate: 0, errors: {} });
    expect(s.latencyMs).toEqual({ p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
  });

  it('rejects unknown phases and bad phase plans', () => {
    expect(() => threePhases().phaseSummary('nope', 1000)).toThrow(/no phase named "nope"/);
    const overlap = () =>
      createRunRecorder({
        phases: [
          { name: 'a', startMs: 0, endMs: 2000 },
          { name: 'b', startMs: 1000, endMs: 3000 },
        ],
      });
    expect(overlap).toThrow(BenchError);
    expect(() =>
      createRunRecorder({
        phases: [
          { name: 'a', startMs: 0, endMs: 1 },
          { name: 'a', startMs: 1, endMs: 2 },
        ],
      }),
    ).toThrow(/duplicate/);
    expect(() => createRunRecorder({ phases: [{ name: 'a', startMs: 5, endMs: 5 }] })).toThrow(/endMs/);
  });

  it('builds a per-second timeline by send time, with quiet seconds filled in', () => {
    const r = threePhases();
    for (let i = 0; i < 100; i++) r.recordResponse({ sentAtMs: 1000 + i, latencyUs: 1000 + i * 10, status: 200 });
    r.recordResponse({ sentAtMs: 1500, latencyUs: 900_000, status: 500 });
    // Nothing sent during second 2 (a stall), then errors only in second 3.
    r.recordError({ sentAtMs: 3100, error: refused });
    r.recordError({ sentAtMs: 3900, error: refused });

    const timeline = r.timeline();
    expect(timeline.map((s) => s.second)).toEqual([1, 2, 3]);
    const [one, two, three] = timeline;
    expect(one).toMatchObject({ second: 1, requests: 101, errors: { http5xx: 1 } });
    expect(one?.p50Ms).toBeGreaterThan(1.4);
    expect(one?.p50Ms).toBeLessThan(1.6);
    expect(one?.p99Ms).toBeGreaterThan(1.9);
    expect(two).toEqual({ second: 2, requests: 0, errors: {}, p50Ms: null, p99Ms: null });
    expect(three).toEqual({ second: 3, requests: 2, errors: { connrefused: 2 }, p50Ms: null, p99Ms: null });
  });
});
