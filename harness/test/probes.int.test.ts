// The probes against real topologies started through the harness: the write ledger against a real PostgreSQL
// (with a short database outage), and read-after-write against streaming replicas with a lagging replication edge.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/driver/keys/zipf.ts';
import { applyFault } from '../src/fault/registry.ts';
import { databasesOfRecord } from '../src/orchestrator/variant-probes.ts';
import { runReadAfterWriteProbe, type ReadAfterWriteOptions } from '../src/probe/read-after-write.ts';
import { summarizeReadAfterWrite } from '../src/probe/read-after-write-summary.ts';
import { verifyLedger } from '../src/probe/verify-ledger.ts';
import { runWriteLedger } from '../src/probe/write-ledger.ts';
import type { StartedTopology } from '../src/topology/topology.ts';
import { testClock } from './fake-task-api.ts';
import { withTopology } from './topology-harness.ts';

const never = new AbortController().signal;
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// Replication runs through Toxiproxy (`replication-N`, replica -> primary); WAL flows back downstream.
const REPLICATION_LAG_MS = 300;
const lagReplication = (t: StartedTopology): Promise<void> =>
  t.toxiproxy.addToxic('replication-1', {
    name: 'probe-lag',
    type: 'latency',
    stream: 'downstream',
    attributes: { latency: REPLICATION_LAG_MS, jitter: 0 },
  });

async function rawProbe(baseUrl: string, options: Partial<ReadAfterWriteOptions>) {
  const run = await runReadAfterWriteProbe(
    { baseUrl, ratePerSec: 20, durationMs: 3000, random: seededRandom(5), ...options },
    testClock(),
    never,
  );
  return { run, summary: summarizeReadAfterWrite(run.checks, undefined, run.skippedAtMs) };
}

describe('probes against real topologies', () => {
  it('single: the write ledger loses no acknowledged write, through a 700 ms database outage', async () => {
    await withTopology({ kind: 'single', seedUsers: 400, seedTasks: 400 }, async (t) => {
      const tag = `ledger-single-${Date.now()}`;
      // The service -> PostgreSQL edge goes down for 700 ms in the middle: writes then fail (5xx, unknown).
      const outage = (async () => {
        await delay(1200);
        await t.toxiproxy.setEnabled('postgres', false);
        await delay(700);
        await t.toxiproxy.setEnabled('postgres', true);
      })();
      // Users 401..440 do not exist: their writes get 404, i.e. rejected.
      const ledger = await runWriteLedger(
        { baseUrl: t.entryUrl, tag, ratePerSec: 40, durationMs: 3000, userIds: { min: 1, max: 440 }, random: seededRandom(11) },
        testClock(),
        never,
      );
      await outage;
      // The database itself, not its Toxiproxy edge.
      const databaseUrls = await databasesOfRecord(t);
      expect(databaseUrls).toEqual([t.endpoints.postgres]);
      // The database is frozen when verification starts and back 2 s later: the bounded retry rides it out.
      const postgres = t.containers.get('postgres')!;
      await postgres.pause();
      const thaw = delay(2000).then(() => postgres.unpause());
      const verifyStarted = performance.now();
      const verdict = await verifyLedger(ledger.entries, { databaseUrls, tag, connectTimeoutMs: 1000 });
      const verifyMs = Math.round(performance.now() - verifyStarted);
      await thaw;
      console.log(
        'ledger (single, 3 s at 40/s, 700 ms outage):',
        JSON.stringify({ ...verdict, skipped: ledger.skippedAtMs.length, verifyMs }),
      );
      expect(verifyMs).toBeGreaterThanOrEqual(2000);
      expect(verdict.writes).toBe(ledger.entries.length);
      expect(verdict.acknowledged).toBeGreaterThan(0);
      expect(verdict.lost).toBe(0);
      expect(verdict.acknowledgedPresent).toBe(verdict.acknowledged);
      expect(verdict.rejected).toBeGreaterThan(0);
      expect(verdict.rejectedPresent).toBe(0);
      expect(verdict.unknown).toBeGreaterThan(0);
      expect(verdict).toMatchObject({ duplicates: 0, unlisted: 0 });
    });
  });

  it('replicas: after a replica failover, writes land on the promoted replica and the ledger checks that one', async () => {
    await withTopology({ kind: 'replicas', dbReplicas: 1, seedUsers: 400, seedTasks: 400 }, async (t) => {
      const tag = `ledger-failover-${Date.now()}`;
      const failoverAtMs = 1500;
      const clock = testClock();
      const failover = delay(failoverAtMs).then(() => applyFault({ kind: 'replica-failover' }, { topology: t, random: seededRandom(1) }));
      const ledger = await runWriteLedger(
        { baseUrl: t.entryUrl, tag, ratePerSec: 40, durationMs: 4000, userIds: { min: 1, max: 400 }, random: seededRandom(12) },
        clock,
        never,
      );
      expect((await failover).description).toContain('promoted postgres-replica-1');
      const databaseUrls = await databasesOfRecord(t);
      expect(databaseUrls).toEqual([t.endpoints['postgres-replica-1']]);
      // Sent a second after the failover: the service's connections have moved to the promoted replica.
      const later = ledger.entries.filter((e) => e.atMs > failoverAtMs + 1000);
      const verdict = await verifyLedger(later, { databaseUrls, tag, connectTimeoutMs: 2000 });
      const onOldPrimary = await verifyLedger(later, { databaseUrls: [t.endpoints.postgres!], tag, connectTimeoutMs: 2000 });
      const whole = await verifyLedger(ledger.entries, { databaseUrls, tag, connectTimeoutMs: 2000 });
      console.log(
        'ledger across a failover (4 s at 40/s, failover at 1.5 s):',
        JSON.stringify({ whole, later: verdict, laterOnOldPrimary: onOldPrimary.acknowledgedPresent }),
      );
      expect(verdict.acknowledged).toBeGreaterThan(20);
      expect(verdict.lost).toBe(0);
      // The old primary never saw them: a ledger checked there would call every one of them lost.
      expect(onOldPrimary.acknowledgedPresent).toBe(0);
      // Written before the failover and replicated: on the promoted replica too.
      expect(whole.acknowledgedPresent).toBeGreaterThan(verdict.acknowledged);
    });
  });

  it('replicas, READ_ROUTING=replicas: reads right after a write miss it once replication lags', async () => {
    await withTopology({ kind: 'replicas', dbReplicas: 1, readRouting: 'replicas', seedUsers: 10_000, seedTasks: 10_000 }, async (t) => {
      const before = await rawProbe(t.entryUrl, { durationMs: 2000 });
      await lagReplication(t);
      const lagging = await rawProbe(t.entryUrl, { userIds: { min: 5001, max: 10_000 } });
      console.log(
        'read-after-write, READ_ROUTING=replicas:',
        JSON.stringify({ noToxic: before.summary, replicationLag300ms: lagging.summary }),
      );
      expect(lagging.summary.checks).toBeGreaterThan(40);
      expect(lagging.summary.stale).toBeGreaterThan(0);
      expect(lagging.summary.writeFailed + lagging.summary.readFailed).toBe(0);
    });
  });

  it('replicas, READ_ROUTING=read-your-writes: no stale read on one instance; behind the balancer, only across instances', async () => {
    await withTopology(
      { kind: 'replicas', replicas: 2, dbReplicas: 1, readRouting: 'read-your-writes', seedUsers: 10_000, seedTasks: 10_000 },
      async (t) => {
        await lagReplication(t);
        // Each probe has its own users: a user who wrote in the last RYW_WINDOW_MS (5 s) on an instance reads from
        // the primary there, whoever wrote, so reused users would blur the figures.
        // Straight to one instance: it remembers every write it took, so every read goes to the primary.
        const direct = await rawProbe(t.serviceUrls[0]!, { userIds: { min: 1, max: 3000 } });
        // Through HAProxy (round robin): a read may land on the instance that did not take the write.
        const balanced = await rawProbe(t.entryUrl, { userIds: { min: 3001, max: 6000 } });
        // The same beside other traffic (as under an experiment's main load): round robin then lands reads at random.
        const [mixed] = await Promise.all([
          rawProbe(t.entryUrl, { userIds: { min: 6001, max: 9000 } }),
          runWriteLedger(
            {
              baseUrl: t.entryUrl,
              tag: `background-${Date.now()}`,
              ratePerSec: 30,
              durationMs: 3000,
              userIds: { min: 9001, max: 10_000 },
              random: seededRandom(9),
            },
            testClock(),
            never,
          ),
        ]);
        const readElsewhere = (r: typeof balanced): number => r.run.checks.filter((c) => c.writeInstance !== c.readInstance).length;
        console.log(
          'read-after-write, READ_ROUTING=read-your-writes, replication +300 ms:',
          JSON.stringify({
            oneInstance: direct.summary,
            balanced: { ...balanced.summary, readOnAnotherInstance: readElsewhere(balanced) },
            balancedWithOtherTraffic: { ...mixed.summary, readOnAnotherInstance: readElsewhere(mixed) },
          }),
        );
        expect(direct.summary.checks).toBeGreaterThan(40);
        expect(direct.summary.fresh).toBe(direct.summary.checks);
        expect(direct.summary.stale).toBe(0);
        expect(balanced.summary.writeFailed + balanced.summary.readFailed).toBe(0);
        // Every stale read through the balancer was answered by the other instance.
        expect(balanced.summary.staleCrossInstance).toBe(balanced.summary.stale);
        expect(mixed.summary.staleCrossInstance).toBe(mixed.summary.stale);
      },
    );
  });
});
