// One test per rung of the scaling ladder, each asserting the property that rung exists for.
// Every topology is started through the harness itself (real containers, loopback ports).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { shardFor } from '../../targets/task-api/src/sharding/shard-for.ts';
import { eventually, getJson, median, postJson, withTopology } from './topology-harness.ts';

interface Task {
  id: number;
  title: string;
}
interface TaskList {
  tasks: Task[];
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const small = { seedUsers: 400, seedTasks: 2000, serviceCpus: 0.5 };

describe('scaling ladder topologies', () => {
  it('single: a task written through the entry point is read back', async () => {
    await withTopology({ kind: 'single', ...small }, async (t) => {
      const created = await postJson<Task>(`${t.entryUrl}/tasks`, { userId: 7, title: 'single-rung' });
      expect(created.status).toBe(201);
      const read = await getJson<TaskList>(`${t.entryUrl}/tasks/7`);
      expect(read.body.tasks.map((x) => x.id)).toContain(created.body.id);
    });
  });

  it('lb: with one of three replicas killed, requests keep succeeding once the health check marks it down', async () => {
    const config = { kind: 'lb', replicas: 3, healthIntervalMs: 300, healthFall: 2, healthRise: 2, ...small } as const;
    await withTopology(config, async (t) => {
      const created = await postJson<Task>(`${t.entryUrl}/tasks`, { userId: 9, title: 'lb-rung' });
      expect((await getJson<TaskList>(`${t.entryUrl}/tasks/9`)).body.tasks.map((x) => x.id)).toContain(created.body.id);

      await t.containers.get('service-2')!.kill();
      // Marked down after `fall` failed checks: until then, some requests may fail.
      await eventually(
        async () => {
          for (let i = 0; i < 30; i++) if ((await fetch(`${t.entryUrl}/tasks/${1 + i}`)).status !== 200) return false;
          return true;
        },
        20_000,
        '30 consecutive successes after the kill',
      );
      const statuses: number[] = [];
      for (let i = 0; i < 150; i++) statuses.push((await fetch(`${t.entryUrl}/tasks/${1 + (i % 50)}`)).status);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    });
  });

  it('replicas: a write on the primary becomes readable on each replica', async () => {
    await withTopology({ kind: 'replicas', dbReplicas: 2, ...small }, async (t) => {
      const created = await postJson<Task>(`${t.entryUrl}/tasks`, { userId: 11, title: 'replicated' });
      expect(created.status).toBe(201);
      for (const role of ['postgres-replica-1', 'postgres-replica-2']) {
        const rows = await eventually(
          async () => {
            const found = await query<{ title: string }>(t.endpoints[role]!, 'select title from tasks where id = $1', [created.body.id]);
            return found.length ? found : undefined;
          },
          10_000,
          `the task on ${role}`,
        );
        expect(rows[0]!.title).toBe('replicated');
        const recovery = await query<{ standby: boolean }>(t.endpoints[role]!, 'select pg_is_in_recovery() as standby');
        expect(recovery[0]!.standby).toBe(true);
      }
    });
  });

  it('sharded: each user’s tasks are on the shard its id maps to and on no other', async () => {
    const shards = 4;
    await withTopology({ kind: 'sharded', shards, ...small }, async (t) => {
      const users = Array.from({ length: 24 }, (_, i) => i + 1);
      for (const userId of users) expect((await postJson(`${t.entryUrl}/tasks`, { userId, title: `sharded-${userId}` })).status).toBe(201);
      for (let shard = 0; shard < shards; shard++) {
        const url = t.endpoints[`postgres-shard-${shard}`]!;
        const rows = await query<{ user_id: number }>(url, "select user_id from tasks where title like 'sharded-%' order by user_id");
        expect(rows.map((r) => r.user_id)).toEqual(users.filter((u) => shardFor(u, shards, 'modulo') === shard));
        const foreign = await query<{ n: string }>(url, 'select count(*) as n from users where id % $1 <> $2', [shards, shard]);
        expect(Number(foreign[0]!.n)).toBe(0);
      }
    });
  });

  it('regions: requests entering region B pay the added latency to the database; region A’s do not', async () => {
    const latencyMs = 40;
    await withTopology({ kind: 'regions', interRegionLatencyMs: latencyMs, interRegionJitterMs: 0, replicas: 1, ...small }, async (t) => {
      const entryB = t.endpoints['entry (region b)']!;
      const timed = async (entry: string): Promise<number[]> => {
        const ms: number[] = [];
        // Writes always reach the database (no cache in between); the first ones open pool connections.
        for (let i = 0; i < 13; i++) ms.push((await postJson(`${entry}/tasks`, { userId: 5, title: 'far' })).ms);
        return ms.slice(3);
      };
      const a = median(await timed(t.entryUrl));
      const b = median(await timed(entryB));
      // A write is at least one round trip to the database: latency each way.
      expect(b).toBeGreaterThanOrEqual(2 * latencyMs);
      expect(a).toBeLessThan(latencyMs);
    });
  });

  it('queue: a posted task is consumed by the worker, and the backlog returns to zero', async () => {
    await withTopology({ kind: 'queue', workers: 1, ...small }, async (t) => {
      for (let i = 0; i < 5; i++) expect((await postJson(`${t.entryUrl}/tasks`, { userId: 3, title: `queued-${i}` })).status).toBe(201);
      const metrics = await eventually(
        async () => {
          const m = (await getJson<{ eventsConsumed: number; backlog: number }>(`${t.workerUrls[0]}/metrics?format=json`)).body;
          return m.eventsConsumed >= 5 && m.backlog === 0 ? m : undefined;
        },
        20_000,
        'the worker to consume 5 events',
      );
      expect(metrics.backlog).toBe(0);
      const counts = await query<{ count: number }>(t.endpoints.postgres!, 'select count from user_task_counts where user_id = 3');
      expect(Number(counts[0]?.count)).toBeGreaterThanOrEqual(5);
    });
  });
});
