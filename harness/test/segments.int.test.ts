// Segmented generators against a real HTTP server (node:http in this process, every answer held 5 ms, so the
// latency is mostly the server's and the same for every generator): one process and `--generators 2` send the same
// requests (every key exactly once, the same count) and measure the same percentiles; the commands for generators
// on other hosts (--save-plan, bench segment, bench merge) give the same. The CLI runs in child processes.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../src/recorder/latency-histogram.ts';
import { ROOT, runCli } from './cli.ts';

const DELAY_MS = 5;
const RATE = 500;
const SECONDS = 4;
const TOTAL = RATE * SECONDS;
/**
 * HDR precision is 0.1%; the rest is run-to-run noise. Every answer is held 5 ms by a timer (5-6 ms in practice), so
 * p50 and p90 sit at 5-7 ms in both runs and move by a fraction of a millisecond between runs on this shared
 * two-core host; p99 catches scheduling hiccups of a few ms. The bounds leave room for that noise; a generator that
 * measured from the wrong start, or a histogram that was averaged, counted twice or lost, fails the exact checks.
 */
const P50_P90_TOLERANCE_MS = 1.5;
const P99_TOLERANCE_MS = 10;

let server: Server;
let base = '';
/** GET paths in the order they arrived, per run. */
let seen: string[] = [];
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-segments-int-'));
  server = createServer((req, res) => {
    if (req.method === 'HEAD') return void res.end();
    seen.push(req.url ?? '');
    setTimeout(() => res.end('ok'), DELAY_MS);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

interface Figures {
  requests: number;
  dropped: number;
  errors: Record<string, number>;
  latencyMs: { p50: number; p90: number; p99: number };
  histogram?: string;
  generators?: Array<{ segment: string; requests: number; connections: number }>;
}

async function load(args: string[]): Promise<{ figures: Figures; keys: string[] }> {
  seen = [];
  const run = await runCli(['load', `${base}/t/{key}`, '--rate', String(RATE), '--duration', `${SECONDS}s`, '--json', ...args], {
    timeoutMs: 120_000,
  });
  expect(run.exitCode, run.stderr).toBe(0);
  return { figures: JSON.parse(run.stdout) as Figures, keys: [...seen] };
}

/** Every key 0..TOTAL-1 exactly once. */
function expectEveryKeyOnce(keys: string[]): void {
  const numbers = keys.map((k) => Number(k.slice('/t/'.length))).sort((a, b) => a - b);
  expect(numbers).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
}

/** How far, in keys, a request arrived from where the single schedule puts it: a late generator shows up here. */
function worstDisplacement(keys: string[]): number {
  return Math.max(...keys.map((k, position) => Math.abs(Number(k.slice('/t/'.length)) - position)));
}

function expectSamePercentiles(a: Figures, b: Figures): void {
  expect(Math.abs(a.latencyMs.p50 - b.latencyMs.p50)).toBeLessThanOrEqual(P50_P90_TOLERANCE_MS);
  expect(Math.abs(a.latencyMs.p90 - b.latencyMs.p90)).toBeLessThanOrEqual(P50_P90_TOLERANCE_MS);
  expect(Math.abs(a.latencyMs.p99 - b.latencyMs.p99)).toBeLessThanOrEqual(P99_TOLERANCE_MS);
}

describe('segmented generators (2 processes) against one server', () => {
  it('--generators 2 sends exactly the single schedule and measures the same percentiles as one process', async () => {
    const single = await load([]);
    const split = await load(['--generators', '2']);
    for (const run of [single, split]) {
      expect(run.figures.requests).toBe(TOTAL);
      expect(run.figures.dropped).toBe(0);
      expect(run.figures.errors).toEqual({});
      expectEveryKeyOnce(run.keys);
    }
    // The barrier: both generators start on one clock, so requests reach the server in (nearly) schedule order; a
    // generator starting 250 ms late would put 125 keys out of place.
    expect(worstDisplacement(split.keys)).toBeLessThan(100);
    expect(split.figures.generators!.map((g) => [g.segment, g.requests, g.connections])).toEqual([
      ['0:1/2', TOTAL / 2, 32],
      ['1/2:1', TOTAL / 2, 32],
    ]);
    // The merged histogram holds every request: it is a sum, not an average.
    expect(LatencyHistogram.decode(split.figures.histogram!).count).toBe(TOTAL);
    expect(single.figures.latencyMs.p50).toBeGreaterThanOrEqual(DELAY_MS);
    expectSamePercentiles(single.figures, split.figures);
  });

  it('the multi-host commands: --save-plan, bench segment per generator at an agreed time, bench merge', async () => {
    const plan = join(dir, 'plan.json');
    const saved = await runCli([
      'load',
      `${base}/t/{key}`,
      '--rate',
      String(RATE),
      '--duration',
      `${SECONDS}s`,
      '--segments',
      '0,1/4,1',
      '--save-plan',
      plan,
    ]);
    expect(saved.exitCode, saved.stderr).toBe(0);
    seen = [];
    const startAt = new Date(Date.now() + 3000).toISOString();
    const [a, b] = await Promise.all(
      ['0:1/4', '1/4:1'].map((segment, i) =>
        runCli(['segment', '--plan', plan, '--segment', segment, '--out', join(dir, `host-${i}`), '--start-at', startAt], {
          timeoutMs: 120_000,
        }),
      ),
    );
    expect(a!.exitCode, a!.stderr).toBe(0);
    expect(b!.exitCode, b!.stderr).toBe(0);
    expectEveryKeyOnce(seen);
    expect(worstDisplacement(seen)).toBeLessThan(100);
    const merged = await runCli(['merge', join(dir, 'host-0'), join(dir, 'host-1'), '--json']);
    expect(merged.exitCode, merged.stderr).toBe(0);
    const figures = JSON.parse(merged.stdout) as Figures;
    expect(figures.requests).toBe(TOTAL);
    expect(figures.generators!.map((g) => g.requests)).toEqual([TOTAL / 4, (3 * TOTAL) / 4]);
    expect(figures.generators!.map((g) => g.connections)).toEqual([16, 48]);
    // A missing generator is refused, not merged into a smaller run.
    const partial = await runCli(['merge', join(dir, 'host-1')]);
    expect(partial.exitCode).toBe(2);
    expect(partial.stderr).toContain('have no result (positions 1)');
  });

  it('SIGINT to the parent stops every generator: exit 130, no child left behind', async () => {
    seen = [];
    const main = join(ROOT, 'harness/src/cli/main.ts');
    const parent = spawn(process.execPath, [main, 'load', `${base}/t/{key}`, '--rate', '200', '--duration', '60s', '--generators', '2'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    parent.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => parent.once('close', resolve));
    // Bounded: the load is flowing within a few seconds, or the test fails on its own timeout.
    while (seen.length < 100) await new Promise((r) => setTimeout(r, 100));
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(parent.pid)], { encoding: 'utf8' })
      .split('\n')
      .map(Number)
      .filter((p) => p > 0);
    expect(children).toHaveLength(2);
    parent.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    const alive = children.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
    expect(stderr).toContain('interrupted');
  });
});
