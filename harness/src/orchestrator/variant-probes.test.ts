import { describe, expect, it } from 'vitest';
import { plannedTopology } from '../../test/fixtures/planned-topology.ts';
import { applyFault } from '../fault/registry.ts';
import type { LedgerEntry } from '../probe/write-ledger.ts';
import { databasesOfRecord, probePhaseFigures } from './variant-probes.ts';

const entry = (n: number, atMs: number, outcome: LedgerEntry['outcome']): LedgerEntry => ({
  n,
  title: `t-${n}`,
  userId: 1,
  atMs,
  outcome,
  latencyMs: 1,
});

describe('probePhaseFigures', () => {
  const ledger = {
    tag: 't',
    skippedAtMs: [1200],
    stoppedBy: 'signal' as const,
    entries: [
      entry(1, 100, 'acknowledged'),
      entry(2, 1500, 'acknowledged'),
      entry(3, 1600, 'unknown'),
      entry(4, 1700, 'unknown'),
      entry(5, 2500, 'rejected'),
    ],
  };

  it('splits the ledger by send time and counts lost, unknown-present and duplicate writes per phase', () => {
    const outputs = { ledger, ledgerTitles: ['t-1', 't-3', 't-3', 't-5'] };
    expect(probePhaseFigures(outputs, { startMs: 0, endMs: 1000 }).writes).toEqual({
      sent: 1,
      acknowledged: 1,
      lost: 0,
      rejected: 0,
      unknown: 0,
      unknownPresent: 0,
      duplicates: 0,
      skipped: 0,
      verified: true,
    });
    expect(probePhaseFigures(outputs, { startMs: 1000, endMs: 2000 }).writes).toEqual({
      sent: 3,
      acknowledged: 1,
      lost: 1,
      rejected: 0,
      unknown: 2,
      unknownPresent: 1,
      duplicates: 1,
      skipped: 1,
      verified: true,
    });
    expect(probePhaseFigures(outputs, { startMs: 2000, endMs: 3000 }).writes).toMatchObject({ rejected: 1, lost: 0 });
  });

  it('does not claim a write was lost when the database could not be read', () => {
    const writes = probePhaseFigures({ ledger, ledgerTitles: null }, { startMs: 1000, endMs: 2000 }).writes!;
    expect(writes.verified).toBe(false);
    expect(writes.lost).toBe(0);
  });

  it('summarises read-after-write checks of the window only', () => {
    const check = (n: number, atMs: number, outcome: 'fresh' | 'stale') => ({ n, userId: 1, atMs, outcome, writeMs: 1, readMs: 1 });
    const readAfterWrite = {
      checks: [check(1, 10, 'fresh'), check(2, 20, 'stale'), check(3, 1200, 'stale')],
      skippedAtMs: [30],
      cut: 0,
      stoppedBy: 'signal' as const,
    };
    expect(probePhaseFigures({ readAfterWrite }, { startMs: 0, endMs: 1000 }).readAfterWrite).toMatchObject({
      checks: 2,
      stale: 1,
      staleRate: 0.5,
      skipped: 1,
    });
  });
});

describe('databasesOfRecord', () => {
  it('reads the primary directly, never a replica or a Toxiproxy port, from the typed servers', async () => {
    const { topology } = await plannedTopology('replicas', { dbReplicas: 2 });
    expect(await databasesOfRecord(topology)).toEqual([topology.endpoints.postgres]);
  });

  it('reads every shard, in order', async () => {
    const { topology } = await plannedTopology('sharded', { shards: 3 });
    expect(await databasesOfRecord(topology)).toEqual([0, 1, 2].map((i) => topology.endpoints[`postgres-shard-${i}`]));
  });

  it('after a replica failover, reads the promoted replica the write edge now points at', async () => {
    const { topology, log } = await plannedTopology('replicas', { dbReplicas: 2 });
    const replica = topology.postgres.find((s) => s.role === 'postgres-replica-2')!;
    const applied = await applyFault({ kind: 'replica-failover', replica: 'postgres-replica:2' }, { topology, random: () => 0 });
    expect(applied.description).toContain('promoted postgres-replica-2');
    expect(log).toEqual([
      `exec postgres-replica-2: psql -h 127.0.0.1 -p ${replica.port} -U postgres -qAtc select pg_promote(true, 30)`,
      `upstream postgres -> 127.0.0.1:${replica.port}`,
    ]);
    expect(await databasesOfRecord(topology)).toEqual([replica.url]);
    expect(replica.url).toBe(topology.endpoints['postgres-replica-2']);
  });

  it('keeps a database whose edge points somewhere unknown', async () => {
    const { topology } = await plannedTopology('single');
    await topology.toxiproxy.setUpstream('postgres', '127.0.0.1:1');
    expect(await databasesOfRecord(topology)).toEqual([topology.endpoints.postgres]);
  });
});
