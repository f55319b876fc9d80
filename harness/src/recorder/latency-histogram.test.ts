import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { HIGHEST_TRACKABLE_US, LatencyHistogram, decodeHistogram } from './latency-histogram.ts';

function uniform(fromUs: number, toUs: number): LatencyHistogram {
  const h = new LatencyHistogram();
  for (let v = fromUs; v <= toUs; v++) h.recordUs(v);
  return h;
}

/** Within HdrHistogram's precision at 3 significant digits (0.1%), plus one microsecond. */
function expectNear(actualMs: number, expectedMs: number): void {
  expect(Math.abs(actualMs - expectedMs)).toBeLessThanOrEqual(expectedMs * 0.001 + 0.001);
}

describe('LatencyHistogram', () => {
  it('gives percentiles of 1..10000 us uniform in milliseconds', () => {
    const h = uniform(1, 10_000);
    expect(h.count).toBe(10_000);
    const s = h.summaryMs();
    expectNear(s.p50, 5);
    expectNear(s.p90, 9);
    expectNear(s.p99, 9.9);
    expectNear(s.p999, 9.99);
    expectNear(s.max, 10);
    // 3 decimals at most: values are whole microseconds.
    for (const v of Object.values(s)) expect(Math.round(v * 1000)).toBe(v * 1000);
  });

  it('summarises an empty histogram as zeros', () => {
    expect(new LatencyHistogram().summaryMs()).toEqual({ p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
  });

  it('backfills the samples a closed-loop client missed during a stall', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 1000; i++) h.recordUsCorrected(1000, 1000);
    expect(h.count).toBe(1000);
    // One 1 s stall at a 1 ms expected interval: the 1 s sample plus 999 backfilled ones (999 ms .. 1 ms).
    h.recordUsCorrected(1_000_000, 1000);
    expect(h.count).toBe(1000 + 1 + 999);
    // Half of all requests "waited" behind the stall: p75 is around 500 ms, not 1 ms.
    expectNear(h.percentileMs(75), 500);
  });

  it('records without correction when the expected interval is not positive', () => {
    const h = new LatencyHistogram();
    h.recordUsCorrected(1_000_000, 0);
    expect(h.count).toBe(1);
  });

  it('clamps values above 60 s instead of throwing and counts them', () => {
    const h = new LatencyHistogram();
    expect(() => h.recordUs(3_600_000_000)).not.toThrow();
    expect(() => h.recordUsCorrected(Number.POSITIVE_INFINITY, 10_000_000)).not.toThrow();
    expect(h.clampedCount).toBe(2);
    expectNear(h.summaryMs().max, HIGHEST_TRACKABLE_US / 1000);
  });

  it('records negatives as 0 and drops NaN', () => {
    const h = new LatencyHistogram();
    h.recordUs(-5);
    h.recordUs(Number.NaN);
    expect(h.count).toBe(1);
    expect(h.invalidCount).toBe(1);
    expect(h.summaryMs().max).toBe(0);
  });

  it('round-trips through the compressed encoding', () => {
    const h = uniform(100, 20_000);
    h.recordUs(1_500_000);
    const encoded = h.encode();
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const decoded = decodeHistogram(encoded);
    expect(decoded.count).toBe(h.count);
    expect(decoded.summaryMs()).toEqual(h.summaryMs());
    // The .hgrm footer's Max is exact while recording and bucket-precise after decoding; the rows are identical.
    const withoutMax = (text: string): string => text.replace(/^#\[Max.*$/m, '');
    expect(withoutMax(decoded.percentileDistributionText())).toBe(withoutMax(h.percentileDistributionText()));
    // A decoded histogram keeps clamping rather than growing.
    expect(() => decoded.recordUs(HIGHEST_TRACKABLE_US * 10)).not.toThrow();
  });

  it('rejects a string that is not a histogram with a BenchError', () => {
    expect(() => decodeHistogram('not a histogram')).toThrow(BenchError);
  });

  it('adds and resets', () => {
    const a = uniform(1, 1000);
    const b = uniform(1001, 2000);
    a.add(b);
    expect(a.count).toBe(2000);
    expectNear(a.summaryMs().max, 2);
    a.reset();
    expect(a.count).toBe(0);
    expect(b.count).toBe(1000);
  });

  it('writes the .hgrm percentile distribution in milliseconds', () => {
    const text = uniform(1, 10_000).percentileDistributionText();
    expect(text).toMatch(/^\s+Value\s+Percentile\s+TotalCount\s+1\/\(1-Percentile\)/);
    expect(text).toMatch(/^\s+5\.\d{3} 0\.500000000000 /m);
    expect(text).toContain('#[Max     =       10.000, Total count    =        10000]');
  });
});
