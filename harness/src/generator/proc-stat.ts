// Per-CPU busy share from /proc/stat counters: cheap (one file read a second, no Docker calls) and it covers
// everything on the stack's CPUs, containers and whatever else the host runs there. Parsing and the share are pure.
import { readFileSync } from 'node:fs';

/** Per CPU: [busy, total] in clock ticks since boot. */
export type CpuTicks = Map<number, { busy: number; total: number }>;

/** Lines "cpuN user nice system idle iowait irq softirq steal ..."; busy is everything but idle and iowait. */
export function parseProcStat(text: string): CpuTicks {
  const ticks: CpuTicks = new Map();
  for (const line of text.split('\n')) {
    const m = /^cpu(\d+)\s+(.+)$/.exec(line);
    if (!m) continue;
    // guest and guest_nice are already inside user and nice.
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = m[2]!.trim().split(/\s+/).map(Number);
    const total = user + nice + system + idle + iowait + irq + softirq + steal;
    ticks.set(Number(m[1]), { busy: total - idle - iowait, total });
  }
  return ticks;
}

/** Busy share of `cpus` between two readings, in % of their combined time (100 = every one of them busy); null without ticks. */
export function busyPercent(before: CpuTicks, after: CpuTicks, cpus: readonly number[]): number | null {
  let busy = 0;
  let total = 0;
  for (const cpu of cpus) {
    const a = before.get(cpu);
    const b = after.get(cpu);
    if (!a || !b) continue;
    busy += b.busy - a.busy;
    total += b.total - a.total;
  }
  return total > 0 ? Math.round((busy / total) * 1000) / 10 : null;
}

export function readProcStat(): CpuTicks | null {
  try {
    return parseProcStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}
