// `bench load`: option errors name the option and the fix; the network rule holds; --json prints one object.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { runLoadCli } from '../../test/load-cli.ts';
import { loadCommand } from './load-command.ts';

async function parse(args: string[], deps: Parameters<typeof loadCommand>[0] = {}): Promise<unknown> {
  try {
    await loadCommand(deps).exitOverride().parseAsync(args, { from: 'user' });
    return null;
  } catch (error) {
    return error;
  }
}

describe('bench load: refusals (no load is sent)', () => {
  it('refuses a non-loopback target unless --allow-remote, and says why', async () => {
    const error = (await parse(['http://192.0.2.10/', '--rate', '10', '--duration', '1s'])) as BenchError;
    expect(error).toBeInstanceOf(BenchError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('not a loopback address');
    expect(error.hint).toContain('--allow-remote');
  });

  it('names every bad option and its fix', async () => {
    const error = (await parse([
      'http://127.0.0.1:1/',
      '--rate',
      'fast',
      '--duration',
      '10',
      '--connections',
      '0',
      '--header',
      'nocolon',
    ])) as BenchError;
    expect(error.exitCode).toBe(2);
    expect(error.issues.map((i) => i.path)).toEqual(['--rate', '--connections', '--duration', '--header']);
    expect(error.issues.find((i) => i.path === '--duration')!.hint).toContain('10s');
  });

  it('asks for a rate in the open model, and for an SLO with --find-capacity', async () => {
    const noRate = (await parse(['http://127.0.0.1:1/'])) as BenchError;
    expect(noRate.message).toContain('--rate');
    expect(noRate.hint).toContain('--driver closed');
    const badSlo = (await parse(['http://127.0.0.1:1/', '--find-capacity', '--slo', 'p99<fast'])) as BenchError;
    expect(badSlo.exitCode).toBe(2);
    expect(badSlo.message).toContain('--slo clause 1 "p99<fast"');
  });

  it('exits 3 with the install command when k6 is missing', async () => {
    const error = (await parse(['http://127.0.0.1:1/', '--driver', 'k6', '--rate', '10'], { findK6: () => undefined })) as BenchError;
    expect(error.exitCode).toBe(3);
    expect(error.hint).toContain('./bench setup --with k6');
  });

  it('runs the k6 binary findK6 gives (here one that does not exist: exit 3, naming it)', async () => {
    const error = (await parse(['http://127.0.0.1:1/', '--driver', 'k6', '--rate', '10'], {
      findK6: () => '/nonexistent/k6',
    })) as BenchError;
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('could not start k6 (/nonexistent/k6)');
  });

  it('asks k6 for a rate too, and refuses --max-queue (k6 has no waiting line)', async () => {
    const noRate = (await parse(['http://127.0.0.1:1/', '--driver', 'k6'], { findK6: () => undefined })) as BenchError;
    expect(noRate.exitCode).toBe(2);
    expect(noRate.message).toContain('--rate: is required by the k6 driver');
    const queue = (await parse(['http://127.0.0.1:1/', '--driver', 'k6', '--rate', '10', '--max-queue', '5'], {
      findK6: () => undefined,
    })) as BenchError;
    expect(queue.exitCode).toBe(2);
    expect(queue.hint).toContain('every VU is busy');
  });
});

// Each run is a child process (~2 s: Node start-up plus 0.5-1 s of load); the timeout allows for a busy host.
describe('bench load: real runs against 127.0.0.1', { timeout: 20_000 }, () => {
  let server: Server;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/items/{key}`;
    dir = await mkdtemp(join(tmpdir(), 'bench-load-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('--json prints exactly one JSON object with the figures; --hgrm writes the distribution', async () => {
    const hgrm = join(dir, 'load.hgrm');
    const run = await runLoadCli([url, '--rate', '200', '--duration', '1s', '--connections', '8', '--json', '--hgrm', hgrm]);
    expect(run.exitCode, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(result).slice(0, 7)).toEqual(['driver', 'requests', 'rps', 'dropped', 'errorRate', 'errors', 'latencyMs']);
    expect(result).toMatchObject({ driver: 'open', requests: 200, dropped: 0, errorRate: 0, errors: {} });
    expect(Object.keys(result.latencyMs as object)).toEqual(['p50', 'p90', 'p95', 'p99', 'p999', 'max']);
    expect(typeof result.generatorSaturated).toBe('boolean');
    expect(await readFile(hgrm, 'utf8')).toContain('Percentile');
  });

  it('closed loop with a rate reports corrected and uncorrected latency', async () => {
    const run = await runLoadCli([url, '--driver', 'closed', '--rate', '100', '--duration', '1s', '--connections', '2', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result.driver).toBe('closed');
    expect(result.uncorrectedLatencyMs).toBeDefined();
  });

  it('--find-capacity --json prints the knee and the curve', async () => {
    const run = await runLoadCli([
      url,
      '--find-capacity',
      '--slo',
      'p99<2s,errors<1%',
      '--start-rate',
      '50',
      '--max-rate',
      '50',
      '--step-duration',
      '2s',
      '--json',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { kneeRatePerSec: number; stoppedBy: string; curve: Array<Record<string, unknown>> };
    expect(result).toMatchObject({ driver: 'open', slo: 'p99<2s,errors<1%' });
    // The ceiling is the only rate, run until a majority of three settles it (twice when both pass).
    expect(result.curve.length).toBeGreaterThanOrEqual(2);
    for (const step of result.curve) expect(step).toMatchObject({ ratePerSec: 50, dropped: 0 });
    // On a busy host the generator monitor may distrust the steps; otherwise they pass and 50 is the knee.
    if (result.stoppedBy === 'generator-saturated') expect(result.curve.some((s) => s.generatorSaturated)).toBe(true);
    else expect(result).toMatchObject({ stoppedBy: 'max-rate', kneeRatePerSec: 50, curve: [{ pass: true }, { pass: true }] });
  });

  it('prints a readable summary without --json', async () => {
    const run = await runLoadCli([url, '--rate', '100', '--duration', '500ms']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/requests\s+50 /);
    expect(run.stdout).toContain('p99');
    expect(run.stdout).toContain('generator');
  });
});
