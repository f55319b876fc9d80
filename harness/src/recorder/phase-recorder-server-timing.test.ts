// The run recorder's Server-Timing wiring: per phase, by send time, only for responses that carried the header.
import { describe, expect, it } from 'vitest';
import { decodeHistogram } from './latency-histogram.ts';
import { createRunRecorder } from './phase-recorder.ts';

const recorderOf = () =>
  createRunRecorder({
    phases: [
      { name: 'baseline', startMs: 0, endMs: 1000 },
      { name: 'flush', startMs: 1000, endMs: 2000 },
    ],
    countsDropped: true,
  });

describe('createRunRecorder with Server-Timing', () => {
  it('breaks each phase down by the phase the request was sent in; flush p99 is db, baseline median cache', () => {
    const r = recorderOf();
    for (let i = 0; i < 200; i++) r.recordResponse({ sentAtMs: 10 + i, latencyUs: 3_000, status: 200, serverTiming: 'cache;dur=0.5' });
    for (let i = 0; i < 190; i++) r.recordResponse({ sentAtMs: 1000 + i, latencyUs: 3_000, status: 200, serverTiming: 'cache;dur=0.5' });
    // Sent at the end of baseline, completed in flush: baseline's.
    r.recordResponse({ sentAtMs: 999, latencyUs: 4_000, status: 200, serverTiming: 'cache;dur=0.5' });
    for (let i = 0; i < 10; i++) {
      r.recordResponse({ sentAtMs: 1500 + i, latencyUs: 250_000, status: 200, serverTiming: 'cache;dur=1.0, db;dur=200.0' });
    }
    const baseline = r.phaseSummary('baseline', 1000).serverTiming!;
    const flush = r.phaseSummary('flush', 1000).serverTiming!;
    expect(baseline.components.cache!.count).toBe(201);
    expect(baseline.components.db).toBeUndefined();
    expect(baseline.breakdown!.median.componentsMs).toEqual({ cache: 0.5, other: 2.5 });

    expect(flush.components.db!.count).toBe(10);
    expect(decodeHistogram(flush.components.db!.histogram!).count).toBe(10);
    const slow = flush.breakdown!.slowest1pct;
    expect(slow.requests).toBe(2);
    expect(slow.componentsMs.db).toBe(200);
    expect(slow.componentsMs.db!).toBeGreaterThan(slow.componentsMs.other!);
    expect(slow.componentsMs.db!).toBeGreaterThan(slow.componentsMs.cache!);
    expect(flush.breakdown!.median.componentsMs.db).toBe(0);
  });

  it('leaves serverTiming out of phases with no header, and keeps errors and drops out of the breakdown', () => {
    const r = recorderOf();
    r.recordResponse({ sentAtMs: 10, latencyUs: 3_000, status: 200 });
    r.recordError({ sentAtMs: 20, latencyUs: 9_000, error: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
    r.recordDropped(30);
    expect(r.phaseSummary('baseline', 1000)).not.toHaveProperty('serverTiming');

    // A 503 that carries the header (a breaker's fast failure) counts, with its ~0 db time.
    r.recordResponse({ sentAtMs: 1100, latencyUs: 2_000, status: 503, serverTiming: 'cache;dur=0.4, db;dur=0.02' });
    r.recordResponse({ sentAtMs: 1200, latencyUs: 9_000, status: 200 });
    const flush = r.phaseSummary('flush', 1000);
    expect(flush.requests).toBe(2);
    expect(flush.errors).toEqual({ http5xx: 1 });
    expect(flush.serverTiming!.breakdown!.median).toEqual({ totalMs: 2, requests: 1, componentsMs: { cache: 0.4, db: 0.02, other: 1.58 } });
  });
});
