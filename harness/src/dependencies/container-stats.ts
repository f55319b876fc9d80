// Every container's CPU, CPU throttling and memory from the kernel's cgroup files: a few file reads per container
// per sample, no Docker API call (Docker's stats endpoint blocks 1-2 s per call). cgroup v1 (cgroupfs or systemd
// driver) and v2 are tried once per container; a file not found leaves that figure out.
import { readFile } from 'node:fs/promises';
import type { StartedContainer } from '../runtime/runtime.ts';

/** Raw counters of one container at one moment. */
export interface ContainerCounters {
  cpuNs?: number;
  periods?: number;
  throttledPeriods?: number;
  throttledNs?: number;
  memoryBytes?: number;
  /** The CFS quota and period: the CPU limit as it is now (a cpu fault changes it). quotaUs -1: none. */
  quotaUs?: number;
  periodUs?: number;
}

export interface ContainerSecond {
  /** Cores used over the second. */
  cpuCores?: number;
  /** cpuCores over the container's limit, when it has one. */
  cpuOfLimit?: number;
  /** Share of the CFS periods in which the container was throttled (ran out of quota). */
  throttledShare?: number;
  memoryMb?: number;
}

type Kind = 'cpu' | 'throttle' | 'memory' | 'quota' | 'period';

/** Files that may hold each counter, in the order tried (v1 cgroupfs, v1 systemd, v2 systemd, v2 cgroupfs). */
export function cgroupFiles(id: string, kind: Kind, root = '/sys/fs/cgroup'): string[] {
  const v1 = (controller: string, file: string): string[] => [
    `${root}/${controller}/docker/${id}/${file}`,
    `${root}/${controller}/system.slice/docker-${id}.scope/${file}`,
  ];
  const v2 = (file: string): string[] => [`${root}/system.slice/docker-${id}.scope/${file}`, `${root}/docker/${id}/${file}`];
  if (kind === 'cpu') return [...v1('cpuacct', 'cpuacct.usage'), ...v1('cpu,cpuacct', 'cpuacct.usage'), ...v2('cpu.stat')];
  if (kind === 'throttle') return [...v1('cpu', 'cpu.stat'), ...v1('cpu,cpuacct', 'cpu.stat'), ...v2('cpu.stat')];
  if (kind === 'quota') return [...v1('cpu', 'cpu.cfs_quota_us'), ...v1('cpu,cpuacct', 'cpu.cfs_quota_us'), ...v2('cpu.max')];
  if (kind === 'period') return [...v1('cpu', 'cpu.cfs_period_us'), ...v1('cpu,cpuacct', 'cpu.cfs_period_us'), ...v2('cpu.max')];
  return [...v1('memory', 'memory.usage_in_bytes'), ...v2('memory.current')];
}

/** One counter file's text as counters; pure. */
export function parseCgroupFile(path: string, text: string): ContainerCounters {
  const field = (name: string): number | undefined => {
    const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  if (path.endsWith('cpuacct.usage')) return number(text, (n) => ({ cpuNs: n }));
  if (path.endsWith('memory.usage_in_bytes') || path.endsWith('memory.current')) return number(text, (n) => ({ memoryBytes: n }));
  if (path.endsWith('cpu.cfs_quota_us')) return number(text, (n) => ({ quotaUs: n }));
  if (path.endsWith('cpu.cfs_period_us')) return number(text, (n) => ({ periodUs: n }));
  if (path.endsWith('cpu.max')) {
    const [quota, period] = text.trim().split(/\s+/);
    return period ? { quotaUs: quota === 'max' ? -1 : Number(quota), periodUs: Number(period) } : {};
  }
  const out: ContainerCounters = {};
  const usageUs = field('usage_usec');
  if (usageUs !== undefined) out.cpuNs = usageUs * 1000;
  const periods = field('nr_periods');
  const throttled = field('nr_throttled');
  if (periods !== undefined) out.periods = periods;
  if (throttled !== undefined) out.throttledPeriods = throttled;
  const throttledNs = field('throttled_time') ?? (field('throttled_usec') !== undefined ? field('throttled_usec')! * 1000 : undefined);
  if (throttledNs !== undefined) out.throttledNs = throttledNs;
  return out;
}

function number(text: string, make: (n: number) => ContainerCounters): ContainerCounters {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) ? make(n) : {};
}

/** A second's figures from two readings `elapsedNs` apart; a counter that went down (a restart) gives none. Pure. */
export function containerSecond(from: ContainerCounters, to: ContainerCounters, elapsedNs: number): ContainerSecond {
  const out: ContainerSecond = {};
  const limitCores = to.quotaUs !== undefined && to.quotaUs > 0 && to.periodUs ? to.quotaUs / to.periodUs : 0;
  const delta = (a: number | undefined, b: number | undefined): number | undefined =>
    a !== undefined && b !== undefined && b >= a ? b - a : undefined;
  const cpu = delta(from.cpuNs, to.cpuNs);
  if (cpu !== undefined && elapsedNs > 0) {
    out.cpuCores = round(cpu / elapsedNs, 3);
    if (limitCores > 0) out.cpuOfLimit = round(cpu / elapsedNs / limitCores, 3);
  }
  const periods = delta(from.periods, to.periods);
  const throttled = delta(from.throttledPeriods, to.throttledPeriods);
  if (periods !== undefined && throttled !== undefined && periods > 0) out.throttledShare = round(throttled / periods, 3);
  if (to.memoryBytes !== undefined) out.memoryMb = round(to.memoryBytes / 1024 / 1024, 1);
  return out;
}

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

export interface ContainerStatsReader {
  /** Every container's counters now. */
  read(): Promise<Map<string, ContainerCounters>>;
}

export async function createContainerStatsReader(containers: Iterable<StartedContainer>): Promise<ContainerStatsReader> {
  const files: Array<{ role: string; paths: string[] }> = [];
  for (const c of containers) {
    const paths: string[] = [];
    for (const kind of ['cpu', 'throttle', 'memory', 'quota', 'period'] as const) {
      for (const path of cgroupFiles(c.id, kind)) {
        const text = await readFile(path, 'utf8').catch(() => null);
        if (text !== null && Object.keys(parseCgroupFile(path, text)).length > 0) {
          if (!paths.includes(path)) paths.push(path);
          break;
        }
      }
    }
    files.push({ role: c.role, paths });
  }
  return {
    async read() {
      const out = new Map<string, ContainerCounters>();
      await Promise.all(
        files.map(async ({ role, paths }) => {
          const parts = await Promise.all(
            paths.map(async (p) => parseCgroupFile(p, (await readFile(p, 'utf8').catch(() => '')) as string)),
          );
          out.set(role, Object.assign({}, ...parts) as ContainerCounters);
        }),
      );
      return out;
    },
  };
}
