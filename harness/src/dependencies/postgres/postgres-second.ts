// One second of a PostgreSQL server from two readings of its counters. Pure.
import type { PostgresCounters } from './postgres-stats.ts';

export interface PostgresSecond {
  /** Statements per second from pg_stat_statements, the reader's own left out; absent without the extension. */
  statementsPerSec?: number;
  /** Transactions per second (commits and rollbacks), the reader's own left out. */
  transactionsPerSec: number;
  rowsReadPerSec: number;
  rowsWrittenPerSec: number;
  /** Share of buffer reads served from shared buffers this second; absent when nothing was read. */
  cacheHitRatio?: number;
  connections: number;
  active: number;
  lockWaits: number;
  replicationLagBytes?: number;
  replicationLagSec?: number;
}

/**
 * `readerTransactions`: what the reader itself committed between the readings (its queries are transactions too).
 * Counters that went down (a restarted server) give no figure for that second.
 */
export function postgresSecond(
  from: PostgresCounters,
  to: PostgresCounters,
  elapsedMs: number,
  readerTransactions: number,
): PostgresSecond | null {
  if (elapsedMs <= 0 || to.transactions < from.transactions || to.rowsRead < from.rowsRead) return null;
  const perSec = (a: number, b: number): number => Math.round(((b - a) / elapsedMs) * 1000 * 10) / 10;
  const hits = to.blocksHit - from.blocksHit;
  const reads = to.blocksRead - from.blocksRead;
  const out: PostgresSecond = {
    transactionsPerSec: Math.max(0, perSec(from.transactions + readerTransactions, to.transactions)),
    rowsReadPerSec: perSec(from.rowsRead, to.rowsRead),
    rowsWrittenPerSec: perSec(from.rowsWritten, to.rowsWritten),
    connections: to.connections,
    active: to.active,
    lockWaits: to.lockWaits,
  };
  if (from.statements !== undefined && to.statements !== undefined && to.statements >= from.statements)
    out.statementsPerSec = perSec(from.statements, to.statements);
  if (hits + reads > 0) out.cacheHitRatio = Math.round((hits / (hits + reads)) * 10_000) / 10_000;
  if (to.replicationLagBytes !== undefined) out.replicationLagBytes = to.replicationLagBytes;
  if (to.replicationLagSec !== undefined) out.replicationLagSec = to.replicationLagSec;
  return out;
}
