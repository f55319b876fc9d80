// Reads the reference service replicas' counters from their Prometheus text (GET /metrics, through the same map
// the dependency sampler reads every second) and turns two snapshots into phase figures.
import { parsePrometheusText, parseSelector, selectSum, type Sample } from '../dependencies/service/prometheus-text.ts';
import { okText } from '../http/http-client.ts';
import { createHttpClient } from '../http/undici/undici-http-client.ts';
import type { ServerFigures } from '../results/run-result.ts';
import { isLoopbackUrl } from '../runtime/loopback.ts';
import { TASK_API_METRICS } from '../topology/roles/task-api.ts';

const COUNTERS = ['dbQueries', 'cacheHits', 'cacheMisses', 'retries', 'breakerRejected', 'rejected'] as const;
type Counter = (typeof COUNTERS)[number];

export type CounterSnapshot = Record<Counter, number> & {
  dbQueriesByTarget: Record<string, number>;
  /** Replicas that did not answer (a killed replica, say): their counters are missing from the sums. */
  unreachable: number;
};

export const emptySnapshot = (): CounterSnapshot => ({
  dbQueries: 0,
  cacheHits: 0,
  cacheMisses: 0,
  retries: 0,
  breakerRejected: 0,
  rejected: 0,
  dbQueriesByTarget: {},
  unreachable: 0,
});

type MetricsJson = Partial<Record<Counter, number>> & { dbQueriesByTarget?: Record<string, number> };

/** Each phase-edge counter is the total behind one of the reference map's per-second figures. */
const FIGURE_OF: Readonly<Record<Counter, string>> = {
  dbQueries: 'dbQueriesPerSec',
  cacheHits: 'cacheHitsPerSec',
  cacheMisses: 'cacheMissesPerSec',
  retries: 'retriesPerSec',
  breakerRejected: 'breakerRejectedPerSec',
  rejected: 'rejectedPerSec',
};
const BY_TARGET = 'taskapi_db_queries_by_target_total';

/** The reference service's counters in its Prometheus text. Pure. */
export function referenceCounters(samples: readonly Sample[]): MetricsJson {
  const out: MetricsJson = {};
  for (const counter of COUNTERS) {
    const selector = parseSelector(TASK_API_METRICS.counters?.[FIGURE_OF[counter]] ?? '');
    const value = selector ? selectSum(samples, selector) : undefined;
    if (value !== undefined) out[counter] = value;
  }
  const byTarget = samples.filter((s) => s.name === BY_TARGET && s.labels.target !== undefined);
  if (byTarget.length) out.dbQueriesByTarget = Object.fromEntries(byTarget.map((s) => [s.labels.target!, s.value]));
  return out;
}

/** null when there is nothing to scrape (a service without the reference's counters): no figures, not zeros. */
export async function scrapeCounters(serviceUrls: readonly string[], timeoutMs = 2000): Promise<CounterSnapshot | null> {
  if (serviceUrls.length === 0) return null;
  const urls = serviceUrls.map((base) => `${base}${TASK_API_METRICS.path}`);
  for (const url of urls) if (!isLoopbackUrl(url)) throw new Error(`refusing to scrape ${url}: only loopback addresses are probed`);
  // Twice a phase: a client for the one scrape, closed with it.
  const http = createHttpClient();
  try {
    const results = await Promise.all(
      urls.map(async (url) => {
        const text = okText(await http.request({ url, timeoutMs, headers: { accept: 'text/plain' } }));
        return text === null ? null : referenceCounters(parsePrometheusText(text));
      }),
    );
    return sumSnapshots(results);
  } finally {
    await http.close();
  }
}

/** Sums replicas' counters; null entries are replicas that did not answer. Pure. */
export function sumSnapshots(replicas: ReadonlyArray<MetricsJson | null>): CounterSnapshot {
  const snapshot = emptySnapshot();
  for (const r of replicas) {
    if (!r) {
      snapshot.unreachable++;
      continue;
    }
    for (const key of COUNTERS) snapshot[key] += r[key] ?? 0;
    for (const [target, n] of Object.entries(r.dbQueriesByTarget ?? {}))
      snapshot.dbQueriesByTarget[target] = (snapshot.dbQueriesByTarget[target] ?? 0) + n;
  }
  return snapshot;
}

/** Phase figures from the counters at its start and end, and the client's request count. Pure. */
export function serverFigures(
  before: CounterSnapshot | null,
  after: CounterSnapshot | null,
  durationMs: number,
  requests = 0,
): ServerFigures {
  const none: ServerFigures = { dbQueriesPerSec: null, cacheHitRatio: null };
  // A replica that was unreachable at either edge (killed, paused) makes the sums incomparable.
  if (!before || !after || durationMs <= 0 || before.unreachable !== after.unreachable) return none;
  const delta = Object.fromEntries(COUNTERS.map((k) => [k, after[k] - before[k]])) as Record<Counter, number>;
  // A counter that went down means a replica restarted: the delta is meaningless, so report none.
  if (Object.values(delta).some((d) => d < 0)) return none;
  const lookups = delta.cacheHits + delta.cacheMisses;
  const byTarget = Object.fromEntries(Object.entries(after.dbQueriesByTarget).map(([t, n]) => [t, n - (before.dbQueriesByTarget[t] ?? 0)]));
  return {
    dbQueriesPerSec: round(delta.dbQueries / (durationMs / 1000), 1),
    cacheHitRatio: lookups > 0 ? round(delta.cacheHits / lookups, 4) : null,
    dbQueries: delta.dbQueries,
    cacheHits: delta.cacheHits,
    cacheMisses: delta.cacheMisses,
    dbQueriesPerRequest: requests > 0 ? round(delta.dbQueries / requests, 3) : null,
    retries: delta.retries,
    breakerRejected: delta.breakerRejected,
    rejected: delta.rejected,
    ...(Object.keys(byTarget).length ? { dbQueriesByTarget: byTarget } : {}),
  };
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
