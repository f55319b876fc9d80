import { describe, expect, it } from 'vitest';
import { checkGoals } from './goals.ts';
import { roundFigures, summarise, type ServedRun, type ToolSummary } from './measure.ts';
import { parseK6Summary, parseWrkErrors, parseWrkPercentileMs } from './peers.ts';
import { judgeSoak, soakWindows } from './soak.ts';

const WRK2 = `Running 12s test @ http://127.0.0.1:1/
  1 threads and 64 connections
  Thread calibration: mean lat.: 1.052ms, rate sampling interval: 10ms
  Latency Distribution (HdrHistogram - Recorded Latency)
 50.000%    1.02ms
 75.000%    1.40ms
 90.000%    1.79ms
 99.000%    2.31ms
 99.900%    3.00ms
100.000%    1.20s
  Latency Distribution (HdrHistogram - Uncorrected Latency (measured without taking delayed starts into account))
 50.000%  500.00us
 99.000%    1.00ms
  3450 requests in 12.00s, 400.00KB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:   2000.00
`;

const WRK = `  Latency Distribution
     50%  268.00us
     75%  300.00us
     90%  350.00us
     99%  570.00us
  1000 requests in 3.00s, 1.00MB read
`;

const run = (over: Partial<ServedRun>): ServedRun => ({
  cpuUs: 0,
  dropped: 0,
  errors: 0,
  p50Ms: 1,
  p99Ms: 2,
  generator: '',
  served: 0,
  seconds: 12,
  ...over,
});

describe('peer output parsers', () => {
  it('reads wrk2 recorded (not uncorrected) percentiles, with units, and its errors', () => {
    expect(parseWrkPercentileMs(WRK2, 50)).toBe(1.02);
    expect(parseWrkPercentileMs(WRK2, 99)).toBe(2.31);
    expect(parseWrkPercentileMs(WRK2, 100)).toBe(1200);
    expect(parseWrkErrors(WRK2)).toBe(9);
  });
  it("reads wrk's percentiles in microseconds, and no errors when none are printed", () => {
    expect(parseWrkPercentileMs(WRK, 50)).toBeCloseTo(0.268, 6);
    expect(parseWrkPercentileMs(WRK, 99)).toBeCloseTo(0.57, 6);
    expect(parseWrkPercentileMs(WRK, 99.9)).toBeNaN();
    expect(parseWrkErrors(WRK)).toBe(0);
  });
  it("reads k6's summary, with no dropped_iterations metric meaning none dropped", () => {
    const s = parseK6Summary({
      metrics: {
        http_reqs: { values: { count: 24000 } },
        http_req_failed: { values: { passes: 3, fails: 23997 } },
        http_req_duration: { values: { 'p(50)': 0.1, 'p(99)': 0.8 } },
      },
    });
    expect(s).toEqual({ requests: 24000, dropped: 0, errors: 3, p50Ms: 0.1, p99Ms: 0.8 });
  });
});

describe('marginal CPU and summaries', () => {
  it('divides the extra CPU of the long run by its extra requests, so start-up cancels out', () => {
    // 0.5 s start-up in both; 20 us per request.
    const f = roundFigures(
      run({ cpuUs: 500_000 + 6000 * 20, served: 6000, seconds: 3 }),
      run({ cpuUs: 500_000 + 24000 * 20, served: 24000 }),
    );
    expect(f.marginalCpuUsPerRequest).toBe(20);
    expect(f.reqPerSec).toBe(2000);
  });
  it('reports medians with their range and counts flagged rounds', () => {
    const rounds = [10, 30, 20].map((cpu, i) => ({
      ...roundFigures(run({ served: 0, seconds: 3 }), run({ cpuUs: cpu * 1000, served: 1000 })),
      generator: i === 1 ? 'main thread CPU >= 90%' : '',
    }));
    const s = summarise({ tool: 'bench open', rounds, failures: [] });
    expect(s.cpuUs).toEqual({ median: 20, min: 10, max: 30 });
    expect(s.generator).toEqual({ flagged: 1, reasons: ['main thread CPU >= 90%'] });
  });
});

const tool = (name: string, over: Partial<ToolSummary>): ToolSummary => {
  const one = (v: number) => ({ median: v, min: v, max: v });
  return {
    tool: name,
    rounds: 3,
    requests: one(1),
    reqPerSec: one(30_000),
    dropped: one(0),
    errors: one(0),
    p50Ms: one(1),
    p99Ms: one(2),
    cpuUs: one(20),
    generator: { flagged: 0, reasons: [] },
    failures: [],
    ...over,
  };
};

describe('goals', () => {
  it('passes and fails on the issue limits (1.5x CPU, nothing dropped in any round, 2x p99 on both windows, 0.8x closed)', () => {
    const one = (v: number) => ({ median: v, min: v, max: v });
    const goals = checkGoals({
      open: [
        { ratePerSec: 2000, bench: tool('bench open', { cpuUs: one(30) }), wrk2: tool('wrk2', { cpuUs: one(20) }) },
        {
          ratePerSec: 30_000,
          bench: tool('bench open', { cpuUs: one(31), dropped: { median: 0, min: 0, max: 5 }, p99Ms: one(5) }),
          benchWrk2Window: tool('bench open, after 10.32 s', { p99Ms: one(3) }),
          wrk2: tool('wrk2', { cpuUs: one(20), p99Ms: one(2) }),
        },
      ],
      heldRatePerSec: 30_000,
      wrk: tool('wrk', { reqPerSec: one(100_000) }),
      closed: [tool('bench closed', { reqPerSec: one(79_000) })],
    });
    // 2k CPU 1.5x, 30k CPU 1.55x, 5 dropped in the worst round, generator ok, p99 1.5x (wrk2's window), 2.5x (whole run), closed 0.79x.
    expect(goals.map((g) => g.verdict)).toEqual(['PASS', 'FAIL', 'FAIL', 'PASS', 'PASS', 'FAIL', 'FAIL']);
  });
});

describe('soak verdict', () => {
  it('compares the first minute after a minute of warm-up with the last minute', () => {
    expect(soakWindows(600)).toEqual({ warmupS: 60, windowS: 60 });
    expect(soakWindows(120)).toEqual({ warmupS: 30, windowS: 45 });
    const flat = Array.from({ length: 60 }, (_, i) => ({ atS: (i + 1) * 10, rssMb: i < 6 ? 200 : 100 + (i % 2) }));
    expect(judgeSoak(flat, 600).pass).toBe(true);
    const growing = flat.map((s) => ({ ...s, rssMb: 100 + s.atS / 20 }));
    expect(judgeSoak(growing, 600).pass).toBe(false);
  });
});
