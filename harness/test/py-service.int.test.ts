// A Python service bench did not write as the system under test: py-notes (targets/examples/py-notes), stdlib
// http.server with psycopg2, its image FROM scratch on a Debian rootfs made by mmdebstrap (no registry), run
// through `bench run` at half length. The playbook's directions must hold for it as for the Node and Go services.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExample, expectDeadServerDirections, failedIn, imageUser, phaseOf, runExample } from './example-runs.ts';

const EXAMPLE = 'targets/examples/py-notes';

describe('bring your own service: py-notes (Python)', () => {
  beforeAll(() => {
    console.log(`py-notes build.sh: ${buildExample(EXAMPLE)} ms`);
  });

  it('slow-db: its p50 follows the 200 ms added on its database edge, once (one round trip per query), and comes back', async () => {
    const result = await runExample(`${EXAMPLE}/experiments/slow-db.ts`, 0.5);
    const [baseline, slow, recovery] = ['baseline', 'slow', 'recovery'].map((p) => phaseOf(result, 'default', p));
    console.log(`py-notes slow-db p50 ms: ${baseline!.latencyMs.p50} -> ${slow!.latencyMs.p50} -> ${recovery!.latencyMs.p50}`);
    expect(imageUser(result.topology!.service!.image)).toBe('nobody');
    // Every GET answered 200: the notes were seeded by the example's seed.sql in its own database.
    expect(baseline!.requests).toBeGreaterThan(100);
    expect(failedIn(baseline!)).toBe(0);
    expect(baseline!.latencyMs.p50).toBeLessThan(50);
    // One round trip per read (psycopg2 interpolates the parameter and sends one simple query; autocommit, so no
    // BEGIN before it): +200 ms +-20 once, within the pools, so no queue. Two round trips would read ~400.
    expect(slow!.latencyMs.p50).toBeGreaterThanOrEqual(180);
    expect(slow!.latencyMs.p50).toBeLessThan(300);
    expect(failedIn(slow!)).toBe(0);
    expect(recovery!.latencyMs.p50).toBeLessThan(50);
    // PostgreSQL's own count, from pg_stat_statements: one SELECT per request, plus HAProxy's checks of /health
    // (a SELECT 1 each: two replicas once a second). Recovery, not baseline: a variant's first second counts more.
    const statements = recovery!.dependencies!.postgres!.postgres!.statementsPerSec!.mean;
    console.log(`py-notes slow-db recovery: ${statements} statements/s at ${recovery!.rps} req/s`);
    expect(statements).toBeGreaterThan(recovery!.rps * 0.9);
    expect(statements).toBeLessThan(recovery!.rps * 1.2);
    expect(baseline!.containers!['service-1']!.cpuOfLimit).toBeDefined();
    // Another service has no reference counters: no figures rather than zeros.
    expect(baseline!.server.dbQueriesPerSec).toBeNull();
  });

  it('dead-server: killing a replica fails requests until HAProxy marks it down; faster checks end it sooner', async () => {
    const result = await runExample(`${EXAMPLE}/experiments/dead-server.ts`, 0.5);
    console.log(`py-notes dead-server: ${JSON.stringify(expectDeadServerDirections(result))}`);
  });
});
