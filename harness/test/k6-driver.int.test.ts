// The k6 driver with the real k6 binary (built by `bench setup --with k6`; scripts/test.sh does it) against small
// servers on 127.0.0.1, through the same runLoad as `bench load`, and through `bench load --driver k6 --json`.
// Timing assertions are loose (direction and rough size): the machine is shared and has two cores.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from '../src/driver/driver.ts';
import { createK6Driver } from '../src/driver/k6/k6-driver.ts';
import { openLoopDriver } from '../src/driver/open-loop/open-loop-driver.ts';
import { formatLoadSummary } from '../src/load/load-summary.ts';
import { runLoad, type LoadRun } from '../src/load/load-run.ts';
import { findK6 } from '../src/setup/k6.ts';
import { runCli } from './cli.ts';
import { startStallServer, type StallServer } from './stall-server.ts';

let k6Path: string;
let work: string;
let server: Server;
let url: string;
let stallServer: StallServer | null = null;

beforeAll(async () => {
  const found = findK6();
  if (!found) throw new Error('k6 is not installed: run `./bench setup --with k6` (scripts/test.sh does)');
  k6Path = found;
  work = await mkdtemp(join(tmpdir(), 'k6-int-'));
  // Every 5th request answers 503.
  let n = 0;
  server = createServer((_req, res) => {
    n++;
    if (n % 5 === 0) res.statusCode = 503;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/items/{key}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(work, { recursive: true, force: true });
});
afterEach(async () => {
  await stallServer?.close();
  stallServer = null;
  // No k6 left behind, and no temp dir: every run cleans up after itself.
  expect(k6ProcessesUsing(work)).toEqual([]);
  expect(await readdir(work)).toEqual([]);
});

/** Command lines of running processes that mention `dir` (k6 is started with its script in a temp dir under it). */
function k6ProcessesUsing(dir: string): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(dir));
}

const driver = (): Driver => createK6Driver({ k6Path, tmpDir: work });

/** Wraps a driver to note when each sample reached the sink (performance.now()). */
function timed(inner: Driver, arrivals: number[]): Driver {
  return {
    name: inner.name,
    run: (plan, sink, clock, signal) =>
      inner.run(
        plan,
        {
          response: (s) => (arrivals.push(performance.now()), sink.response(s)),
          error: (s) => (arrivals.push(performance.now()), sink.error(s)),
          dropped: (s) => sink.dropped?.(s),
        },
        clock,
        signal,
      ),
  };
}

/** 100 req/s against a server that freezes (SIGSTOP) for 1 s, `freezeAfterMs` after its first request. */
async function runWithFreeze(options: { freezeAfterMs: number; connections: number; durationMs: number }): Promise<LoadRun> {
  const frozen = await startStallServer();
  stallServer = frozen;
  const stall = frozen.firstRequest.then(async () => {
    await delay(options.freezeAfterMs);
    return frozen.stall(1000);
  });
  const run = await runLoad({
    url: `${frozen.url}/x`,
    driver: driver(),
    method: 'GET',
    connections: options.connections,
    ratePerSec: 100,
    durationMs: options.durationMs,
    timeoutMs: 5000,
  });
  await stall;
  return run;
}

describe('k6 driver (real k6)', () => {
  it('sends about rate x duration, counts 503s as http5xx, and streams samples while k6 runs', async () => {
    const arrivals: number[] = [];
    const run = await runLoad({
      url,
      driver: timed(driver(), arrivals),
      method: 'GET',
      connections: 32,
      ratePerSec: 200,
      durationMs: 3000,
      timeoutMs: 2000,
    });
    const resolvedAt = performance.now();
    const { summary, driverSummary } = run;
    expect(summary.driver).toBe('k6');
    // 600 due; a busy shared machine can pause k6 long enough to drop a few (32 VUs cover a 160 ms pause).
    expect(summary.requests + summary.dropped).toBeGreaterThanOrEqual(590);
    expect(summary.requests + summary.dropped).toBeLessThanOrEqual(610);
    expect(summary.dropped).toBeLessThanOrEqual(12);
    expect(summary.errors.http5xx! / summary.requests).toBeCloseTo(0.2, 1);
    expect(summary.latencyMs.p50).toBeLessThan(50);
    expect(driverSummary).toMatchObject({ driver: 'k6', dropped: summary.dropped });
    expect(driverSummary.sent).toBeGreaterThanOrEqual(summary.requests);
    // Streaming: the first samples reached the sink seconds before the run ended, not in one batch at the end.
    expect(resolvedAt - arrivals[0]!).toBeGreaterThan(1500);
  });

  it('a server frozen for 1 s shows in the upper percentiles; with enough VUs nothing is dropped', async () => {
    // 150 VUs hold the ~100 requests sent during the freeze (100 req/s x 1 s).
    const run = await runWithFreeze({ freezeAfterMs: 1500, connections: 150, durationMs: 4000 });
    const { latencyMs, dropped, requests } = run.summary;
    expect(dropped).toBe(0);
    expect(requests).toBeGreaterThanOrEqual(380);
    // ~1/4 of the requests wait out part of the freeze (from ~1 s down to ~0): p50 stays fast, p99 and max are
    // close to the freeze (open-model analysis: p99 ~ 1000 - 0.01 x 4000 = 960 ms).
    expect(latencyMs.p50).toBeLessThan(100);
    expect(latencyMs.p99).toBeGreaterThan(500);
    expect(latencyMs.max).toBeGreaterThan(700);
    expect(latencyMs.max).toBeLessThan(3000);
  });

  it('with too few VUs for a frozen server, k6 drops iterations and they are counted', async () => {
    const run = await runWithFreeze({ freezeAfterMs: 1000, connections: 4, durationMs: 3000 });
    const { dropped, requests, latencyMs } = run.summary;
    // 4 VUs stuck for 1 s at 100 req/s: ~96 iterations find no free VU.
    expect(dropped).toBeGreaterThan(50);
    expect(dropped).toBeLessThan(150);
    expect(requests + dropped).toBeGreaterThanOrEqual(285);
    expect(requests + dropped).toBeLessThanOrEqual(315);
    expect(run.driverSummary.dropped).toBe(dropped);
    // A drop is a failed request: in the errors by class and in the error rate over the requests due.
    expect(run.summary.errors.dropped).toBe(dropped);
    expect(run.summary.errorRate).toBeCloseTo(dropped / (requests + dropped), 5);
    // The 4 requests caught by the freeze waited for most of it.
    expect(latencyMs.max).toBeGreaterThan(700);
  });

  it('under the frozen-server check k6 (default VUs) drops what the open driver measures, and says so', async () => {
    // The frozen-server scenario of frozen-server.int.test.ts, smaller: 1000 req/s for 5 s, a 1 s freeze in the
    // middle, each driver with bench load's defaults (64 connections / VUs). Analytic: p95 750 ms, p99 950 ms.
    // The open driver queues the requests due during the freeze and measures them from their intended time; k6
    // has no line: with its 64 VUs stuck, the iterations due are dropped, so its percentiles miss the stall
    // (k6-script.ts: why bench does not raise maxVUs, and what would make k6 honest).
    const side = async (label: string, make: () => Driver): Promise<LoadRun> => {
      const frozen = await startStallServer({ mode: 'raw' });
      stallServer = frozen;
      // k6's schedule starts after its 1 s warm-up, the open driver's right after its preconnect.
      const stall = frozen.firstRequest.then(async () => {
        await delay((label === 'k6' ? 1000 : 0) + 2000);
        return frozen.stall(1000);
      });
      const run = await runLoad({
        url: `${frozen.url}/`,
        driver: make(),
        method: 'GET',
        connections: 64,
        ratePerSec: 1000,
        durationMs: 5000,
        timeoutMs: 10_000,
      });
      await stall;
      await frozen.close();
      stallServer = null;
      return run;
    };
    const k6 = await side('k6', driver);
    const open = await side('open', () => openLoopDriver);
    for (const [label, run] of [
      ['open', open],
      ['k6', k6],
    ] as const) {
      const { requests, dropped, errorRate, latencyMs } = run.summary;
      console.log(
        `${label.padEnd(4)}: ${requests} sent, ${dropped} dropped (error rate ${(errorRate * 100).toFixed(1)}%), p95 ${latencyMs.p95} ms, p99 ${latencyMs.p99} ms (analytic 750, 950)`,
      );
    }
    expect(open.summary).toMatchObject({ requests: 5000, dropped: 0, errorRate: 0 });
    expect(open.summary.latencyMs.p99).toBeGreaterThan(850);
    // k6: ~1000 due during the freeze, 64 of them on the stuck VUs, the rest dropped: and counted as failures.
    const { requests, dropped, errorRate, errors, latencyMs } = k6.summary;
    expect(dropped).toBeGreaterThan(800);
    expect(dropped).toBeLessThan(1000);
    expect(requests + dropped).toBeGreaterThanOrEqual(4990);
    expect(requests + dropped).toBeLessThanOrEqual(5010);
    expect(errors.dropped).toBe(dropped);
    expect(errorRate).toBeCloseTo(dropped / (requests + dropped), 5);
    // Its p95 misses the stall (the slowest requests were never sent), and the summary says why.
    expect(latencyMs.p95).toBeLessThan(100);
    const text = formatLoadSummary(k6.summary);
    expect(text).toContain(`excludes ${dropped.toLocaleString('en-US')} dropped requests`);
    expect(text).toContain('DROPPED');
    expect(text).toContain('k6 found every VU busy');
  });

  it('an abort stops k6 within seconds and keeps what it measured', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1500);
    const startedAt = performance.now();
    const run = await runLoad(
      { url, driver: driver(), method: 'GET', connections: 8, ratePerSec: 100, durationMs: 30_000, timeoutMs: 2000 },
      controller.signal,
    );
    expect(performance.now() - startedAt).toBeLessThan(10_000);
    expect(run.summary.requests).toBeGreaterThan(20);
    expect(run.driverSummary.unfinished).toBeUndefined();
  });
});

describe('bench load --driver k6', () => {
  it('--json prints one object, the same shape as the open driver', async () => {
    const [k6, open] = [
      await runCli(['load', url, '--driver', 'k6', '--rate', '200', '--duration', '2s', '--json'], { timeoutMs: 60_000 }),
      await runCli(['load', url, '--rate', '200', '--duration', '1s', '--json'], { timeoutMs: 60_000 }),
    ];
    expect(k6.exitCode, k6.stderr).toBe(0);
    expect(open.exitCode, open.stderr).toBe(0);
    const lines = k6.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!) as Record<string, unknown>;
    const openResult = JSON.parse(open.stdout) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(Object.keys(openResult));
    expect(result).toMatchObject({ driver: 'k6', targetRatePerSec: 200, connections: 64 });
    const [requests, dropped] = [result.requests as number, result.dropped as number];
    expect(requests + dropped).toBeGreaterThanOrEqual(390);
    expect(requests + dropped).toBeLessThanOrEqual(410);
    expect(dropped).toBeLessThanOrEqual(8);
    expect((result.errors as Record<string, number>).http5xx).toBeGreaterThan(40);
  });
});
