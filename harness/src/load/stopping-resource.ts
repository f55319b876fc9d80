// Which resource stopped a capacity search, from the per-container CPU figures of its failing steps. Pure.
// The container group nearest its CPU limit, if near enough; "generator" when the generator check flagged the
// step; otherwise "none found", with the busiest group named so a reader sees how far off it was.
import type { CapacityStepFigures } from '../results/run-result.ts';

/** A group at or above this share of its CPU limit is taken to be the limit: under a CFS quota of a fraction of a core,
 * throttling pushes p99 past 100 ms at 75-85% average use (measured: lb failed with PostgreSQL at 83% of 0.12). */
export const NEAR_LIMIT_SHARE = 0.7;

interface GroupLoad {
  label: string;
  count: number;
  /** The busiest member's used / limit. */
  share: number;
}

/** service-1, service-2 -> service; postgres-shard-0 -> postgres-shard; names a reader knows. */
export function roleGroup(role: string): string {
  return role.replace(/-\d+$/, '');
}

const LABELS: Record<string, [one: string, many: string]> = {
  service: ['the service', 'service replicas'],
  worker: ['the queue worker', 'queue workers'],
  postgres: ['the PostgreSQL primary', 'PostgreSQL primaries'],
  'postgres-replica': ['the read replica', 'read replicas'],
  'postgres-shard': ['the shard', 'shards'],
  redis: ['Redis', 'Redis'],
  queue: ['the queue broker', 'queue brokers'],
  haproxy: ['HAProxy', 'HAProxy'],
  toxiproxy: ['Toxiproxy', 'Toxiproxy'],
};

function groupLoads(cpu: ReadonlyArray<{ role: string; usedCores: number; limitCores: number }>): GroupLoad[] {
  const groups = new Map<string, { count: number; share: number }>();
  for (const c of cpu) {
    if (c.limitCores <= 0) continue; // unlimited: no limit to be near
    const g = roleGroup(c.role);
    const prev = groups.get(g) ?? { count: 0, share: 0 };
    groups.set(g, { count: prev.count + 1, share: Math.max(prev.share, c.usedCores / c.limitCores) });
  }
  return [...groups.entries()]
    .map(([g, v]) => ({ label: (LABELS[g] ?? [g, g])[v.count > 1 ? 1 : 0], count: v.count, share: v.share }))
    .sort((a, b) => b.share - a.share);
}

/** Mean cores per role over steps (roles missing in a step are averaged over the steps that have them). */
export function meanCpu(steps: readonly CapacityStepFigures[]): Array<{ role: string; usedCores: number; limitCores: number }> {
  const sums = new Map<string, { used: number; n: number; limit: number }>();
  for (const s of steps) {
    for (const c of s.cpu ?? []) {
      const prev = sums.get(c.role) ?? { used: 0, n: 0, limit: c.limitCores };
      sums.set(c.role, { used: prev.used + c.usedCores, n: prev.n + 1, limit: c.limitCores });
    }
  }
  return [...sums.entries()].map(([role, v]) => ({ role, usedCores: v.used / v.n, limitCores: v.limit }));
}

const pct = (share: number): string => `${Math.round(share * 100)}%`;

const GENERATOR = 'generator (saturated: the figures past it are its own, not the service)';

/**
 * From the steps at `rate` (the first failing rate, or the knee when nothing failed); "generator" when the search
 * stopped because the generator saturated. null when there is nothing to judge.
 */
export function stoppingResource(result: { steps: readonly CapacityStepFigures[]; stoppedBy: string }, rate: number | null): string | null {
  if (result.stoppedBy === 'generator-saturated') return GENERATOR;
  if (rate === null) return null;
  const atRate = result.steps.filter((s) => s.ratePerSec === rate);
  if (atRate.length === 0) return null;
  if (atRate.some((s) => s.generatorSaturated && !s.failsDespiteGenerator)) return GENERATOR;
  // Queue workers run off the request path: flat out whenever there is a backlog, which does not stop the
  // service meeting its SLO. They are named after the request path's limit, not as it.
  const all = groupLoads(meanCpu(atRate));
  const loads = all.filter((g) => !g.label.includes('queue worker'));
  const worker = all.find((g) => g.label.includes('queue worker') && g.share >= NEAR_LIMIT_SHARE);
  const suffix = worker
    ? `; ${worker.label} at ${pct(worker.share)} of ${worker.count > 1 ? 'their' : 'its'} CPU limit (the backlog grows)`
    : '';
  const top = loads[0];
  if (!top) return 'none found (no CPU-limited container with CPU figures)';
  const theirs = top.count > 1 ? 'their' : 'its';
  const limitWord = top.count > 1 ? `(busiest of ${top.count}) ` : '';
  if (top.share >= NEAR_LIMIT_SHARE) return `${top.label} ${limitWord}at ${pct(top.share)} of ${theirs} CPU limit${suffix}`;
  return `none found (busiest: ${top.label} ${limitWord}at ${pct(top.share)} of ${theirs} CPU limit)${suffix}`;
}
