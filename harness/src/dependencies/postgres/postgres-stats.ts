// PostgreSQL's own counters, read once a second from each server over its direct port (not through Toxiproxy,
// so a fault on the service's edge does not reach the reader). The only file in dependencies/ that imports pg.
// The reader logs in as bench_monitor (pg_monitor rights, created with the topology), so its own statements
// can be told apart from the service's in pg_stat_statements.
import pg from 'pg';

/** Raw counters of one server at one moment; cumulative ones are differenced by postgres-second.ts. */
export interface PostgresCounters {
  /** Statements executed by everyone but the reader (pg_stat_statements); absent without the extension. */
  statements?: number;
  transactions: number;
  rowsRead: number;
  rowsWritten: number;
  blocksHit: number;
  blocksRead: number;
  /** Client connections, those running a statement, and those waiting for a lock, now. */
  connections: number;
  active: number;
  lockWaits: number;
  /** Primary: the furthest replica's replay lag, in bytes and seconds; a replica: how far behind its replay is. */
  replicationLagBytes?: number;
  replicationLagSec?: number;
}

export const MONITOR_ROLE = 'bench_monitor';

/** Run on every primary once it is up (replicas copy it): the extension and the reader's role. */
export const MONITOR_SETUP_SQL =
  `CREATE EXTENSION IF NOT EXISTS pg_stat_statements; ` +
  `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${MONITOR_ROLE}') THEN CREATE ROLE ${MONITOR_ROLE} LOGIN IN ROLE pg_monitor; END IF; END $$;`;

// One statement, so a sample is one round trip and one transaction.
const COUNTERS_SQL = `
SELECT
  (SELECT coalesce(sum(xact_commit + xact_rollback), 0) FROM pg_stat_database) AS transactions,
  (SELECT coalesce(sum(tup_returned), 0) FROM pg_stat_database) AS rows_read,
  (SELECT coalesce(sum(tup_inserted + tup_updated + tup_deleted), 0) FROM pg_stat_database) AS rows_written,
  (SELECT coalesce(sum(blks_hit), 0) FROM pg_stat_database) AS blocks_hit,
  (SELECT coalesce(sum(blks_read), 0) FROM pg_stat_database) AS blocks_read,
  (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND usename <> current_user) AS connections,
  (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND usename <> current_user AND state = 'active') AS active,
  (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND wait_event_type = 'Lock') AS lock_waits,
  CASE WHEN pg_is_in_recovery()
    THEN coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)
    ELSE (SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), 0) FROM pg_stat_replication) END AS lag_bytes,
  CASE WHEN pg_is_in_recovery()
    THEN CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0) END
    ELSE (SELECT coalesce(max(extract(epoch FROM replay_lag)), 0) FROM pg_stat_replication) END AS lag_sec`;

const STATEMENTS_SQL = `SELECT coalesce(sum(calls), 0) AS statements FROM pg_stat_statements WHERE userid <> (SELECT oid FROM pg_roles WHERE rolname = current_user)`;

export interface PostgresStatsReader {
  /** On a primary, once: the extension and the reader's role (replicas get them by replication). */
  setup(): Promise<void>;
  read(): Promise<PostgresCounters | null>;
  close(): Promise<void>;
}

/** A reader for one server; read() answers null while the server cannot be reached (killed, paused, restarting). */
export function createPostgresStatsReader(port: number, options: { timeoutMs?: number } = {}): PostgresStatsReader {
  const timeoutMs = options.timeoutMs ?? 800;
  let client: pg.Client | undefined;
  let statementsAvailable = true;
  const connect = async (): Promise<pg.Client> => {
    if (client) return client;
    const c = new pg.Client({
      host: '127.0.0.1',
      port,
      user: MONITOR_ROLE,
      database: 'postgres',
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      application_name: 'bench-sampler',
    });
    c.on('error', () => undefined); // a dropped connection shows as a failed read, and the next read reconnects
    await c.connect();
    client = c;
    return c;
  };
  const drop = async (): Promise<void> => {
    const c = client;
    client = undefined;
    await c?.end().catch(() => undefined);
  };
  return {
    async setup() {
      const admin = new pg.Client({
        host: '127.0.0.1',
        port,
        user: 'postgres',
        database: 'postgres',
        connectionTimeoutMillis: 5_000,
        application_name: 'bench-sampler',
      });
      admin.on('error', () => undefined);
      try {
        await admin.connect();
        await admin.query(MONITOR_SETUP_SQL);
      } catch {
        // Without the extension (another image, no preload) the reader falls back to transactions; without the
        // role it reads nothing, and the figures are absent rather than wrong.
      } finally {
        await admin.end().catch(() => undefined);
      }
    },
    async read() {
      try {
        const c = await connect();
        const row = (await c.query(COUNTERS_SQL)).rows[0] as Record<string, string | number>;
        const counters: PostgresCounters = {
          transactions: Number(row.transactions),
          rowsRead: Number(row.rows_read),
          rowsWritten: Number(row.rows_written),
          blocksHit: Number(row.blocks_hit),
          blocksRead: Number(row.blocks_read),
          connections: Number(row.connections),
          active: Number(row.active),
          lockWaits: Number(row.lock_waits),
          replicationLagBytes: Number(row.lag_bytes),
          replicationLagSec: Math.round(Number(row.lag_sec) * 1000) / 1000,
        };
        if (statementsAvailable) {
          try {
            counters.statements = Number((await c.query(STATEMENTS_SQL)).rows[0].statements);
          } catch {
            statementsAvailable = false; // not preloaded on this server: transactions stand in
          }
        }
        return counters;
      } catch {
        await drop();
        return null;
      }
    },
    close: drop,
  };
}
