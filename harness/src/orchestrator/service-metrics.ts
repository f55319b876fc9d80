// Reads the service replicas' counters (GET /metrics?format=json) and turns two snapshots into phase figures.
import type { ServerFigures } from '../results/run-result.ts';
import { isLoopbackUrl } from '../runtime/loopback.ts';

export interface CounterSnapshot {
  dbQueries: number;
  cacheHits: number;
  cacheMisses: number;
  /** Replicas that did not answer (a killed replica, say): their counters are missing from the sums. */
  unreachable: number;
}

export async function scrapeCounters(serviceUrls: readonly string[], timeoutMs = 2000): Promise<CounterSnapshot> {
  const results = await Promise.all(
    serviceUrls.map(async (base) => {
      const url = `${base}/metrics?format=json`;
      if (!isLoopbackUrl(url)) throw new Error(`refusing to scrape ${url}: only loopback addresses are probed`);
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) return null;
        return (await response.json()) as Partial<Record<'dbQueries' | 'cacheHits' | 'cacheMisses', number>>;
      } catch {
        return null;
      }
    }),
  );
  const snapshot: CounterSnapshot = { dbQueries: 0, cacheHits: 0, cacheMisses: 0, unreachable: 0 };
  for (const r of results) {
    if (!r) {
      snapshot.unreachable++;
      continue;
    }
    snapshot.dbQueries += r.dbQueries ?? 0;
    snapshot.cacheHits += r.cacheHits ?? 0;
    snapshot.cacheMisses += r.cacheMisses ?? 0;
  }
  return snapshot;
}

/** Phase figures from the counters at its start and end. Pure. */
export function serverFigures(before: CounterSnapshot | null, after: CounterSnapshot | null, durationMs: number): ServerFigures {
  if (!before || !after || durationMs <= 0) return { dbQueriesPerSec: null, cacheHitRatio: null };
  // A counter that went down means a replica restarted: the delta is meaningless, so report none.
  const dbQueries = after.dbQueries - before.dbQueries;
  const cacheHits = after.cacheHits - before.cacheHits;
  const cacheMisses = after.cacheMisses - before.cacheMisses;
  if (dbQueries < 0 || cacheHits < 0 || cacheMisses < 0) return { dbQueriesPerSec: null, cacheHitRatio: null };
  const lookups = cacheHits + cacheMisses;
  return {
    dbQueriesPerSec: round(dbQueries / (durationMs / 1000), 1),
    cacheHitRatio: lookups > 0 ? round(cacheHits / lookups, 4) : null,
    dbQueries,
    cacheHits,
    cacheMisses,
  };
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
