// The CPU split through the real CLI: `bench run` with the defaults pins itself (every thread) to the generator's
// CPUs and starts every container on the stack's, and run.json records it; --no-cpu-split leaves both unpinned.
import { readdir, readFile, mkdtemp, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readAllowedCpus } from '../src/host/allowed-cpus.ts';
import { formatCpuList } from '../src/host/cpu-list.ts';
import { defaultGeneratorCpus } from '../src/host/cpu-split.ts';
import type { RunResult } from '../src/results/run-result.ts';
import { createDockerClient } from '../src/runtime/docker/client.ts';
import { runCli } from './cli.ts';

const allowed = readAllowedCpus();
const generator = formatCpuList(defaultGeneratorCpus(allowed));
const stack = formatCpuList(allowed.filter((c) => !defaultGeneratorCpus(allowed).includes(c)));

const experiment = {
  name: 'cpu-split-check',
  topology: { kind: 'single' },
  load: {
    driver: 'open',
    connections: 8,
    ratePerSec: 100,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'uniform', count: 100 },
  },
  phases: [{ name: 'steady', durationMs: 8000 }],
};

interface Seen {
  /** Cpus_allowed_list of every thread of the `bench run` process, once the load ran. */
  threads: Set<string>;
  /** HostConfig.CpusetCpus of each container, by role. */
  containers: Map<string, string>;
}

/** Runs `bench run` and, while the load runs, reads the process's threads' CPU lists and its containers' cpusets. */
async function runWatched(extra: string[]): Promise<{ exitCode: number | null; stderr: string; result: RunResult; seen: Seen }> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-cpu-split-'));
  const file = join(dir, 'cpu-split-check.ts');
  await writeFile(file, `export default ${JSON.stringify(experiment)};\n`);
  const docker = createDockerClient();
  const seen: Seen = { threads: new Set(), containers: new Map() };
  let watching: Promise<void> | undefined;
  const watch = async (child: ChildProcess): Promise<void> => {
    // Sample while the run's containers exist (they carry the run process's pid).
    for (let i = 0; i < 200 && child.exitCode === null; i++) {
      // Threads first: if the containers still exist afterwards, the threads were read before teardown, while pinned.
      const threads: string[] = [];
      for (const task of await readdir(`/proc/${child.pid}/task`).catch(() => [])) {
        const list = /^Cpus_allowed_list:\s*(.+)$/m.exec(readStatus(`/proc/${child.pid}/task/${task}/status`))?.[1];
        if (list) threads.push(list);
      }
      const listed = await docker.listContainers({ filters: { label: [`bench.pid=${child.pid}`] } });
      for (const c of listed) {
        const info = await docker
          .getContainer(c.Id)
          .inspect()
          .catch(() => null);
        if (info) seen.containers.set(c.Labels['bench.role'] ?? c.Id, info.HostConfig.CpusetCpus ?? '');
      }
      if (listed.length > 0) for (const t of threads) seen.threads.add(t);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  const run = await runCli(['run', file, '--out', dir, ...extra], {
    timeoutMs: 240_000,
    // Once the load has started, the workers exist: that is when every thread must be on the generator's CPUs.
    onStderr: (text, child) => {
      if (!watching && /steady/.test(text)) watching = watch(child);
    },
  });
  await watching;
  const [runId] = await readdir(join(dir, 'cpu-split-check'));
  const result = JSON.parse(await readFile(join(dir, 'cpu-split-check', runId!, 'run.json'), 'utf8')) as RunResult;
  return { exitCode: run.exitCode, stderr: run.stderr, result, seen };
}

function readdirSyncSafe(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function readStatus(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the thread ended between readdir and read
  }
}

describe.runIf(allowed.length >= 2)('CPU split (bench run)', () => {
  it('by default pins the generator and every container to disjoint CPU sets, and run.json records it', async () => {
    const { exitCode, stderr, result, seen } = await runWatched([]);
    expect(exitCode, stderr.slice(-2000)).toBe(0);
    expect(result.environment.cpuSplit).toEqual({ generator, stack, source: 'default', pinned: true });
    // Every thread of the generator process (main, load worker, libuv pool) on the generator's CPUs only.
    expect([...seen.threads]).toEqual([generator]);
    expect(seen.containers.size).toBeGreaterThanOrEqual(2);
    for (const [role, cpuset] of seen.containers) expect(cpuset, role).toBe(stack);
    // The monitor sampled the stack's CPUs.
    expect(result.variants[0]!.phases[0]!.stackCpu).toMatchObject({ cpus: stack });
    expect(stderr).toContain(`CPUs: generator CPU ${generator}, stack CPU ${stack} (default)`);
  }, 300_000);

  it('--no-cpu-split leaves the generator and the containers on every CPU', async () => {
    const { exitCode, stderr, result, seen } = await runWatched(['--no-cpu-split']);
    expect(exitCode, stderr.slice(-2000)).toBe(0);
    expect(result.environment.cpuSplit).toEqual({ generator: '', stack: '', source: 'off', pinned: false });
    expect([...seen.threads]).toEqual([formatCpuList(allowed)]);
    expect(seen.containers.size).toBeGreaterThanOrEqual(2);
    for (const [role, cpuset] of seen.containers) expect(cpuset, role).toBe('');
    expect(result.variants[0]!.phases[0]!.stackCpu).toBeUndefined();
  }, 300_000);

  it('refuses a CPU this process may not use, before anything starts (exit 2)', async () => {
    const run = await runCli(['run', 'experiments/a-a.ts', '--generator-cpus', String(Math.max(...allowed) + 1)], { timeoutMs: 60_000 });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--generator-cpus');
    expect(run.stderr).toContain('not allowed for this process');
  }, 60_000);

  it('bench up puts its containers on the stack CPUs; bench load against them pins itself and reports both sides', async () => {
    const up = await runCli(['up', 'single'], { timeoutMs: 120_000 });
    const runId = /\(run (up-[^)]+)\)/.exec(up.stdout)?.[1];
    try {
      expect(up.exitCode, up.stderr.slice(-2000)).toBe(0);
      expect(up.stdout).toContain(`containers on CPU ${stack}`);
      const listed = await createDockerClient().listContainers({ filters: { label: [`bench.run=${runId}`] } });
      expect(listed.length).toBeGreaterThanOrEqual(2);
      for (const c of listed)
        expect((await createDockerClient().getContainer(c.Id).inspect()).HostConfig.CpusetCpus, c.Labels['bench.role']).toBe(stack);
      const entry = /^\s+entry\s+(http:\/\/127\.0\.0\.1:\d+)/m.exec(up.stdout)![1]!;
      let threads: string[] = [];
      let sampling: Promise<void> | undefined;
      const load = await runCli(['load', `${entry}/tasks/{key}`, '--rate', '100', '--duration', '5s'], {
        timeoutMs: 60_000,
        onStderr: (text, child) => {
          // "==> open load on ..." comes once pinned, as the load starts; 2 s later the load worker runs too.
          if (!sampling && text.includes('open load on')) {
            sampling = new Promise((resolve) => setTimeout(resolve, 2000)).then(() => {
              threads = readdirSyncSafe(`/proc/${child.pid}/task`).map(
                (t) => /^Cpus_allowed_list:\s*(.+)$/m.exec(readStatus(`/proc/${child.pid}/task/${t}/status`))?.[1] ?? '?',
              );
            });
          }
        },
      });
      await sampling;
      expect(load.exitCode, load.stderr.slice(-2000)).toBe(0);
      expect(threads.length).toBeGreaterThan(1);
      expect(new Set(threads)).toEqual(new Set([generator]));
      expect(load.stdout).toContain(`CPUs       generator CPU ${generator}, stack CPU ${stack} (default)`);
      expect(load.stdout).toMatch(new RegExp(`stack CPUs?\\s+${stack}: \\d+% busy`, 'i'));
    } finally {
      if (runId) await runCli(['down', runId], { timeoutMs: 60_000 });
    }
    expect((await createDockerClient().listContainers({ all: true, filters: { label: [`bench.run=${runId}`] } })).length).toBe(0);
  }, 240_000);
});
