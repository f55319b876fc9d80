import pg from 'pg';
import type { DbTargetStats } from '../metrics.ts';

export interface LagProbeTarget {
  url: string;
  stats: DbTargetStats;
}

// Time since the last replayed transaction. On a standby whose primary is idle this grows although
// nothing is missing: read it together with write traffic. NULL (-> null) on a primary or before any replay.
const LAG_SQL = `select (extract(epoch from (now() - pg_last_xact_replay_timestamp())) * 1000)::float8 as lag_ms`;

/**
 * Measures each replica's replay lag once per interval on its own connection (never per request, never
 * through the request pools, so it is not counted in dbQueries and cannot queue behind requests).
 */
export function startReplicationLagMonitor(targets: readonly LagProbeTarget[], intervalMs: number): { stop(): Promise<void> } {
  const probes = targets.map((t) => ({ ...t, client: undefined as pg.Client | undefined, busy: false }));
  const probe = async (p: (typeof probes)[number]): Promise<void> => {
    if (p.busy) return;
    p.busy = true;
    try {
      if (p.client === undefined) {
        const client = new pg.Client({
          connectionString: p.url,
          connectionTimeoutMillis: intervalMs,
          query_timeout: intervalMs,
          application_name: 'task-api lag probe',
        });
        client.on('error', () => {});
        p.client = client;
        await client.connect();
      }
      const result = await p.client.query<{ lag_ms: number | null }>(LAG_SQL);
      const lagMs = result.rows[0]?.lag_ms ?? null;
      p.stats.lagMs = lagMs === null ? null : Math.max(0, Math.round(lagMs));
    } catch {
      // Unreachable replica: lag unknown; reconnect on the next tick.
      p.stats.lagMs = null;
      const client = p.client;
      p.client = undefined;
      await client?.end().catch(() => {});
    } finally {
      p.busy = false;
    }
  };
  const timer = setInterval(() => {
    for (const p of probes) void probe(p);
  }, intervalMs);
  timer.unref();
  for (const p of probes) void probe(p);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.allSettled(probes.map((p) => p.client?.end()));
    },
  };
}
