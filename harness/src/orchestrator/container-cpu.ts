// Per-container CPU used during a window, read from the kernel's cgroup counters (a file read per container:
// cheap enough to take at every capacity step, unlike Docker's stats, which blocks 1-2 s per call). cgroup v1
// (cgroupfs or systemd driver) and v2 layouts are tried once per container; a container whose counter is not
// found is left out, and the figures say so by being absent.
import { readFile } from 'node:fs/promises';
import type { StartedContainer } from '../runtime/runtime.ts';

export interface ContainerCpuFigure {
  role: string;
  /** Cores used on average over the window. */
  usedCores: number;
  /** The container's CPU limit in cores; 0 when unlimited. */
  limitCores: number;
}

/** Counter files that may hold a container's CPU time, in the order tried. */
export function cgroupCpuCandidates(id: string, root = '/sys/fs/cgroup'): Array<{ path: string; unit: 'ns' | 'cpu.stat' }> {
  return [
    { path: `${root}/cpuacct/docker/${id}/cpuacct.usage`, unit: 'ns' },
    { path: `${root}/cpu,cpuacct/docker/${id}/cpuacct.usage`, unit: 'ns' },
    { path: `${root}/cpuacct/system.slice/docker-${id}.scope/cpuacct.usage`, unit: 'ns' },
    { path: `${root}/system.slice/docker-${id}.scope/cpu.stat`, unit: 'cpu.stat' },
    { path: `${root}/docker/${id}/cpu.stat`, unit: 'cpu.stat' },
  ];
}

/** Nanoseconds of CPU from a counter file's text; null when it does not parse. */
export function parseCpuCounter(text: string, unit: 'ns' | 'cpu.stat'): number | null {
  if (unit === 'ns') {
    const n = Number(text.trim());
    return Number.isFinite(n) && text.trim() !== '' ? n : null;
  }
  const m = /^usage_usec (\d+)$/m.exec(text);
  return m ? Number(m[1]) * 1000 : null;
}

export interface CpuSnapshot {
  atNs: bigint;
  usageNs: Map<string, number>;
}

export interface ContainerCpuSampler {
  /** Reads every counter now (no Docker call). */
  snapshot(): Promise<CpuSnapshot>;
  /** Cores used per container between two snapshots. Pure. */
  between(from: CpuSnapshot, to: CpuSnapshot): ContainerCpuFigure[];
  /** Roles whose counter was not found. */
  readonly missing: readonly string[];
}

export async function createContainerCpuSampler(containers: Iterable<StartedContainer>): Promise<ContainerCpuSampler> {
  const found: Array<{ role: string; path: string; unit: 'ns' | 'cpu.stat'; limitCores: number }> = [];
  const missing: string[] = [];
  for (const c of containers) {
    let hit: { path: string; unit: 'ns' | 'cpu.stat' } | undefined;
    for (const candidate of cgroupCpuCandidates(c.id)) {
      const text = await readFile(candidate.path, 'utf8').catch(() => null);
      if (text !== null && parseCpuCounter(text, candidate.unit) !== null) {
        hit = candidate;
        break;
      }
    }
    if (hit) found.push({ role: c.role, ...hit, limitCores: await c.cpus().catch(() => 0) });
    else missing.push(c.role);
  }
  const limits = new Map(found.map((f) => [f.role, f.limitCores]));
  return {
    missing,
    async snapshot() {
      const atNs = process.hrtime.bigint();
      const usageNs = new Map<string, number>();
      await Promise.all(
        found.map(async (f) => {
          const text = await readFile(f.path, 'utf8').catch(() => null);
          const ns = text === null ? null : parseCpuCounter(text, f.unit);
          if (ns !== null) usageNs.set(f.role, ns);
        }),
      );
      return { atNs, usageNs };
    },
    between: (from, to) => cpuBetween(from, to, limits),
  };
}

export function cpuBetween(from: CpuSnapshot, to: CpuSnapshot, limits: ReadonlyMap<string, number>): ContainerCpuFigure[] {
  const elapsedNs = Number(to.atNs - from.atNs);
  if (elapsedNs <= 0) return [];
  const out: ContainerCpuFigure[] = [];
  for (const [role, end] of to.usageNs) {
    const start = from.usageNs.get(role);
    if (start === undefined || end < start) continue; // restarted in between: no honest figure
    out.push({ role, usedCores: Math.round(((end - start) / elapsedNs) * 1000) / 1000, limitCores: limits.get(role) ?? 0 });
  }
  return out.sort((a, b) => a.role.localeCompare(b.role));
}
