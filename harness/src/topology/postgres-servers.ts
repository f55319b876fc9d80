// Lookups over a topology's typed PostgreSQL servers (plan.ts PostgresServer), so no caller finds a database by
// matching endpoint or role names. Pure.
import type { PostgresServer } from './plan.ts';

/** The servers holding disjoint data: the primary, or every shard. Not the replicas: they hold copies. */
export const serversOfRecord = (servers: readonly PostgresServer[]): PostgresServer[] => servers.filter((s) => !s.replica);

/** The server at `hostPort` (a Toxiproxy edge's upstream, e.g. after a failover repointed it), if it is one of them. */
export const serverAt = (servers: readonly PostgresServer[], hostPort: string): PostgresServer | undefined =>
  servers.find((s) => s.edge.upstream === hostPort);

/** A streaming replica by role and the primary it streams from; undefined when `role` is no replica. */
export function replicaAndPrimary(
  servers: readonly PostgresServer[],
  role: string,
): { replica: PostgresServer; primary: PostgresServer } | undefined {
  const replica = servers.find((s) => s.replica && s.role === role);
  const primary = replica && servers.find((s) => !s.replica && s.role === replica.primaryRole);
  return replica && primary ? { replica, primary } : undefined;
}
