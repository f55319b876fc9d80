// Shared by the integration tests of the example services under targets/examples/ (py-notes, nginx-static): run
// one of their experiments through the real CLI, read its run.json, and the dead-server directions every service
// must show, whatever its stack.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { PhaseResult, RunResult } from '../src/results/run-result.ts';
import { ROOT, runCli } from './cli.ts';

/** `bench run <experiment> --duration-scale <scale>`; exit 0 or 1 (a threshold may fail: the test says which). */
export async function runExample(experiment: string, scale: number): Promise<RunResult> {
  const out = await mkdtemp(join(tmpdir(), 'bench-example-'));
  try {
    const cli = await runCli(['run', experiment, '--duration-scale', String(scale), '--out', out], { timeoutMs: 600_000 });
    expect([0, 1], cli.stderr.slice(-3000)).toContain(cli.exitCode);
    const [name] = await readdir(out);
    const [runId] = await readdir(join(out, name!));
    return JSON.parse(await readFile(join(out, name!, runId!, 'run.json'), 'utf8')) as RunResult;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Runs an example's build.sh (its rootfs; skipped when up to date) and says how long it took. */
export function buildExample(dir: string): number {
  const started = Date.now();
  execFileSync(join(ROOT, dir, 'build.sh'), { stdio: 'inherit', timeout: 300_000 });
  return Date.now() - started;
}

/** The user the image's processes run as (`docker image inspect`). */
export const imageUser = (image: string): string =>
  execFileSync('docker', ['image', 'inspect', '-f', '{{.Config.User}}', image]).toString().trim();

export function phaseOf(result: RunResult, variant: string, phase: string): PhaseResult {
  const found = result.variants.find((v) => v.name === variant)?.phases.find((p) => p.name === phase);
  if (!found) throw new Error(`no ${variant}/${phase} in ${result.experiment}`);
  return found;
}

/** Failed requests of every class, drops included. */
export const failedIn = (p: PhaseResult): number => Object.values(p.errors).reduce((a, n) => a + (n ?? 0), 0);

export interface DeadServerFigures {
  variant: string;
  failed: number;
  /** From the kill to HAProxy's DOWN (its lastchg, to the second), ms. */
  downAfterKillMs: number;
  /** From HAProxy's DOWN to the end of the last second with an error, ms (negative: errors ended first). */
  errorsEndAfterDownMs: number;
}

/**
 * A dead-server run (variants slow-checks and fast-checks, service:2 killed at the outage's start): requests fail
 * until HAProxy marks the replica DOWN, by its own account, and faster checks mean sooner and fewer.
 */
export function expectDeadServerDirections(result: RunResult): DeadServerFigures[] {
  const figures = ['slow-checks', 'fast-checks'].map((variant): DeadServerFigures => {
    expect(failedIn(phaseOf(result, variant, 'baseline')), `${variant} baseline`).toBe(0);
    const outage = phaseOf(result, variant, 'outage');
    const events = (result.events ?? []).filter((e) => e.variant === variant);
    const kill = events.find((e) => e.kind === 'fault-applied');
    const down = events.find((e) => e.kind === 'balancer-status' && e.detail.startsWith('HAProxy marked service-2 DOWN'));
    expect(kill, `${variant}: ${JSON.stringify(events)}`).toBeDefined();
    expect(down, `${variant}: ${JSON.stringify(events)}`).toBeDefined();
    // lastchg counts whole seconds, so HAProxy's DOWN may read up to a second before bench's kill.
    expect(down!.atMs).toBeGreaterThanOrEqual(kill!.atMs - 1000);
    expect(outage.errorsUntilMs, `${variant}: no error after the kill`).toBeGreaterThan(0);
    expect(outage.dependencies!.haproxy!['service-2']!.up!.mean).toBeLessThan(1);
    return {
      variant,
      failed: failedIn(outage),
      downAfterKillMs: down!.atMs - kill!.atMs,
      errorsEndAfterDownMs: outage.startMs + outage.errorsUntilMs! - down!.atMs,
    };
  });
  const [slow, fast] = figures as [DeadServerFigures, DeadServerFigures];
  expect(slow.failed).toBeGreaterThan(0);
  expect(fast.failed).toBeLessThan(slow.failed);
  expect(fast.downAfterKillMs).toBeLessThan(slow.downAfterKillMs);
  // The errors end with HAProxy's DOWN, not later: within 2.5 s of it (both clocks count whole seconds: the
  // timeline's, by intended send time, and HAProxy's lastchg).
  for (const f of figures) expect(f.errorsEndAfterDownMs, f.variant).toBeLessThanOrEqual(2500);
  return figures;
}
