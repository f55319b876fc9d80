import { describe, expect, it } from 'vitest';
import { COMPOSE_IMAGES, fixedPorts } from './compose/render-compose.ts';
import { replicaAndPrimary, serverAt, serversOfRecord } from './postgres-servers.ts';
import { topologyDefinition, type TopologyKind } from './registry.ts';

const plan = (kind: TopologyKind, params: Record<string, unknown>) =>
  topologyDefinition(kind).plan({ kind, ...params } as never, { images: COMPOSE_IMAGES, port: fixedPorts() });

describe('typed PostgreSQL servers', () => {
  it('give each server its direct URL, the edge in front of it and, for a replica, its primary', async () => {
    const p = await plan('replicas', { dbReplicas: 2 });
    const [primary, first] = p.postgres;
    expect(primary).toMatchObject({
      role: 'postgres',
      replica: false,
      url: p.endpoints.postgres,
      edge: { name: 'postgres', upstream: `127.0.0.1:${primary!.port}` },
    });
    expect(primary!.primaryRole).toBeUndefined();
    expect(first).toMatchObject({
      role: 'postgres-replica-1',
      replica: true,
      primaryRole: 'postgres',
      url: p.endpoints['postgres-replica-1'],
    });
    // The edge the service reads it through, as listed in the plan's proxies (not the replication edge).
    expect(p.proxies).toContainEqual(first!.edge);
    expect(first!.edge.name).toBe('postgres-replica-1');
  });

  it('find the servers of record, a server by its address and a replica with its primary', async () => {
    const replicas = (await plan('replicas', { dbReplicas: 2 })).postgres;
    expect(serversOfRecord(replicas).map((s) => s.role)).toEqual(['postgres']);
    expect(serverAt(replicas, replicas[2]!.edge.upstream)?.role).toBe('postgres-replica-2');
    expect(serverAt(replicas, replicas[0]!.edge.listen)).toBeUndefined();
    expect(replicaAndPrimary(replicas, 'postgres-replica-2')).toEqual({ replica: replicas[2], primary: replicas[0] });
    expect(replicaAndPrimary(replicas, 'postgres')).toBeUndefined();
    const shards = (await plan('sharded', { shards: 2 })).postgres;
    expect(serversOfRecord(shards).map((s) => s.role)).toEqual(['postgres-shard-0', 'postgres-shard-1']);
  });

  it('leave the far edge to the same database out (regions): one server, one edge', async () => {
    const p = await plan('regions', {});
    expect(p.postgres.map((s) => [s.role, s.edge.name])).toEqual([['postgres', 'postgres']]);
  });
});
