// End to end through Docker: the shortened cache-stampede experiment, as `bench run` runs it.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDockerClient } from '../src/runtime/docker/client.ts';
import type { PhaseResult, RunResult } from '../src/results/run-result.ts';
import { runCli } from './cli.ts';

async function containersOfRun(runId: string): Promise<number> {
  const listed = await createDockerClient().listContainers({ all: true, filters: { label: [`bench.run=${runId}`] } });
  return listed.length;
}

async function onlyRun(out: string): Promise<{ dir: string; result: RunResult }> {
  const runs = await readdir(join(out, 'cache-stampede'));
  expect(runs).toHaveLength(1);
  const dir = join(out, 'cache-stampede', runs[0]!);
  return { dir, result: JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as RunResult };
}

describe('bench run experiments/cache-stampede.ts', () => {
  it('shows the stampede: DB load up and hit ratio down in the flush, recovered after; leaves no container', async () => {
    const out = await mkdtemp(join(tmpdir(), 'bench-int-'));
    const run = await runCli([
      'run',
      'experiments/cache-stampede.ts',
      '--duration-scale',
      '0.3',
      '--variant',
      'none',
      'coalescing',
      '--out',
      out,
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const { dir, result } = await onlyRun(out);

    expect(result.schemaVersion).toBe(1);
    expect(result.status).toBe('passed');
    expect(result.variants.map((v) => v.name)).toEqual(['none', 'coalescing']);
    const phases = result.variants[0]!.phases;
    expect(phases.map((p) => p.name)).toEqual(['warm-up', 'baseline', 'flush', 'recovery']);
    const byName = Object.fromEntries(phases.map((p) => [p.name, p])) as Record<string, PhaseResult>;
    const { baseline, flush, recovery } = byName as Record<'baseline' | 'flush' | 'recovery', PhaseResult>;
    for (const phase of phases) {
      expect(phase.requests).toBeGreaterThan(100);
      expect(phase.errorRate).toBeLessThan(0.01);
      expect(phase.latencyMs.p99).toBeGreaterThanOrEqual(phase.latencyMs.p50);
    }
    expect(flush.server.dbQueriesPerSec!).toBeGreaterThan(baseline.server.dbQueriesPerSec!);
    expect(flush.server.cacheHitRatio!).toBeLessThan(baseline.server.cacheHitRatio!);
    expect(recovery.server.cacheHitRatio!).toBeGreaterThan(flush.server.cacheHitRatio!);
    expect(flush.faults).toEqual(['cache flushed (Redis FLUSHALL)']);

    // Coalescing: concurrent misses for one hot key share a query, so the flush costs the database less.
    const coalescingFlush = result.variants[1]!.phases.find((p) => p.name === 'flush')!;
    expect(coalescingFlush.server.dbQueries!).toBeLessThan(flush.server.dbQueries!);

    // Where the time went (Server-Timing, recorded by the driver): the flush's slowest 1% waited on the database;
    // the baseline's median request was a cache hit.
    const slowest = flush.serverTiming!.breakdown!.slowest1pct.componentsMs;
    expect(slowest.db!).toBeGreaterThan(slowest.other!);
    expect(slowest.db!).toBeGreaterThan(slowest.cache!);
    expect(flush.serverTiming!.components.db!.count).toBeGreaterThan(0);
    // A phase's breakdown names only the components its responses reported: no miss in the baseline, no `db`.
    const baselineMedian = baseline.serverTiming!.breakdown!.median.componentsMs;
    expect(baselineMedian.db ?? 0).toBeLessThan(1);
    expect(baselineMedian.cache!).toBeGreaterThan(0);

    const files = await readdir(dir);
    for (const variant of ['none', 'coalescing']) {
      for (const phase of ['warm-up', 'baseline', 'flush', 'recovery']) expect(files).toContain(`${variant}-${phase}.hgrm`);
    }
    for (const name of ['run.json', 'summary.md', 'timeline.jsonl', 'events.jsonl']) expect(files).toContain(name);
    const hgrm = await readFile(join(dir, 'none-flush.hgrm'), 'utf8');
    expect(hgrm).toMatch(/Value\s+Percentile\s+TotalCount/);
    const summary = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain('flush');
    expect(summary).toContain('## Where the time went');
    expect(run.stdout).toContain('results:');

    expect(await containersOfRun(result.runId)).toBe(0);
    // Each variant's containers are removed while the next topology starts, and gone before the next load.
    const at = (variant: string, kind: string): number =>
      Date.parse((result.events ?? []).find((e) => e.variant === variant && e.kind === kind)!.wallTime);
    expect((result.events ?? []).filter((e) => e.kind === 'containers-removed').map((e) => e.variant)).toEqual(['none', 'coalescing']);
    expect(at('none', 'containers-removed')).toBeLessThanOrEqual(at('coalescing', 'load-start'));
  });

  it('on SIGTERM mid-run: writes what it measured as aborted, exits 130 and removes its containers', async () => {
    const out = await mkdtemp(join(tmpdir(), 'bench-int-'));
    let signalled = false;
    const run = await runCli(['run', 'experiments/cache-stampede.ts', '--duration-scale', '0.3', '--variant', 'none', '--out', out], {
      onStderr: (text, child) => {
        // Interrupt once the baseline phase is under way: warm-up has been measured by then.
        if (!signalled && /phase \d+\/\d+ baseline/.test(text)) {
          signalled = true;
          setTimeout(() => child.kill('SIGTERM'), 1500);
        }
      },
    });
    expect(signalled, run.stderr).toBe(true);
    expect(run.exitCode, run.stderr).toBe(130);
    const { result } = await onlyRun(out);
    expect(result.status).toBe('aborted');
    const measured = result.variants[0]!.phases.map((p) => p.name);
    expect(measured).toEqual(['warm-up', 'baseline']);
    expect(result.variants[0]!.phases[1]!.requests).toBeGreaterThan(0);
    expect(await containersOfRun(result.runId)).toBe(0);
  });
});
