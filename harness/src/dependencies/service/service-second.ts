// One second of the service's own figures from two readings per replica: counters as rates, gauges as values,
// per replica and summed over the replicas (`all`). Pure.
import type { ServiceMetrics } from '../../topology/service/service-config.ts';
import type { ServiceReading } from './service-metrics-reader.ts';

export const ALL_REPLICAS = 'all';

/**
 * `all` sums the replicas that answered both readings, and says how many did (`replicas`): a killed replica's
 * counters leave the sum rather than counting as zero. A counter that went down (a restart) gives no rate.
 */
export function serviceSecond(
  map: ServiceMetrics,
  from: ReadonlyMap<string, ServiceReading>,
  to: ReadonlyMap<string, ServiceReading>,
  elapsedMs: number,
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  if (elapsedMs <= 0) return out;
  const counters = Object.keys(map.counters ?? {});
  const gauges = Object.keys(map.gauges ?? {});
  const all: Record<string, number> = {};
  let replicas = 0;
  for (const [role, now] of to) {
    const before = from.get(role);
    if (!before) continue;
    replicas++;
    const figures: Record<string, number> = {};
    for (const name of counters) {
      const a = before[name];
      const b = now[name];
      if (a === undefined || b === undefined || b < a) continue;
      figures[name] = Math.round(((b - a) / elapsedMs) * 1000 * 10) / 10;
    }
    for (const name of gauges) if (now[name] !== undefined) figures[name] = now[name];
    for (const [name, value] of Object.entries(figures)) all[name] = Math.round(((all[name] ?? 0) + value) * 10) / 10;
    out[role] = figures;
  }
  if (replicas > 0) out[ALL_REPLICAS] = { ...all, replicas };
  return out;
}
