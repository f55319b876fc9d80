import pg from 'pg';
import { shardFor, type ShardRouting } from './sharding/shard-for.ts';

// Arbitrary constant shared by every replica: whoever holds it creates and seeds, the others wait.
const SCHEMA_LOCK_KEY = 7_346_115_001;

// Tables first, the foreign key and secondary index after seeding: bulk-loading into bare tables
// and then building the index and validating the key once is about 2.5x faster than row by row.
// Both steps are idempotent, so the final schema is the same whether or not this start seeded.
export const SCHEMA_TABLES_SQL = `
create table if not exists users (
  id int primary key,
  name text not null,
  created_at timestamptz
);
create table if not exists tasks (
  id bigserial primary key,
  user_id int not null,
  title text not null,
  done boolean not null default false,
  created_at timestamptz not null default now()
);
`;

export const SCHEMA_CONSTRAINTS_SQL = `
create index if not exists tasks_user_id_created_at_idx on tasks (user_id, created_at desc);
do $$
begin
  if not exists (select 1 from pg_constraint where conname = 'tasks_user_id_fkey' and conrelid = 'tasks'::regclass) then
    alter table tasks add constraint tasks_user_id_fkey foreign key (user_id) references users (id);
  end if;
end
$$;
`;

// Set-based inserts: one statement per table, no round trip per row.
export const SEED_USERS_SQL = `
insert into users (id, name, created_at)
select g, 'user ' || g, now() - make_interval(secs => g)
from generate_series(1, $1::int) as g`;

// Tasks go round-robin over users; created_at descends with g so each user's latest tasks are distinct.
export const SEED_TASKS_SQL = `
insert into tasks (user_id, title, done, created_at)
select 1 + (g - 1) % $1::int, 'task ' || g, g % 3 = 0, now() - make_interval(secs => $2::int - g)
from generate_series(1, $2::int) as g`;

// Sharded seeding: the ids of this shard's users are computed here (shardFor is not expressible in SQL
// for jump hash), then each user gets exactly the tasks the unsharded seed would give it: task g belongs
// to user 1 + (g - 1) % users, i.e. user u owns g = u, u + users, u + 2 * users, ...
export const SEED_SHARD_USERS_SQL = `
insert into users (id, name, created_at)
select g, 'user ' || g, now() - make_interval(secs => g)
from unnest($1::int[]) as g`;

export const SEED_SHARD_TASKS_SQL = `
insert into tasks (id, user_id, title, done, created_at)
select g, u.id, 'task ' || g, g % 3 = 0, now() - make_interval(secs => $2::int - g)
from users as u
cross join lateral generate_series(u.id, $2::int, $1::int) as g`;

// Records which slot of which layout a shard was seeded for, so a changed DATABASE_SHARD_URLS order,
// count or SHARD_ROUTING is refused at startup instead of silently routing users to shards without their data.
export const SHARD_INFO_SQL = `
create table if not exists shard_info (
  singleton boolean primary key default true check (singleton),
  shard_index int not null,
  shard_count int not null,
  routing text not null,
  seed_users int not null
)`;

export interface ShardSeed {
  index: number;
  count: number;
  routing: ShardRouting;
}

const SHARD_ID_CHUNK = 50_000;

export interface SeedResult {
  seeded: boolean;
  users: number;
  tasks: number;
  durationMs: number;
}

export async function ensureSchema(databaseUrl: string, seed: { users: number; tasks: number }, shard?: ShardSeed): Promise<SeedResult> {
  // A dedicated session without the request statement_timeout: seeding and lock waits may take a while.
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    // Session-level lock; released explicitly, and by PostgreSQL if this process dies.
    // Each shard is its own database and takes its own lock (the key also differs, in case two share a server).
    const lockKey = SCHEMA_LOCK_KEY + (shard?.index ?? 0);
    await client.query('select pg_advisory_lock($1)', [lockKey]);
    try {
      const startMs = performance.now();
      await client.query(SCHEMA_TABLES_SQL);
      if (shard !== undefined) await client.query(SHARD_INFO_SQL);
      // A shard counts as seeded by its shard_info row: a shard may legitimately own no users.
      const existing = await client.query<{ present: boolean }>(
        shard === undefined ? 'select exists (select 1 from users) as present' : 'select exists (select 1 from shard_info) as present',
      );
      const seeded = existing.rows[0]?.present !== true;
      if (shard !== undefined) await checkShardInfo(client, shard, !seeded);
      let users = seed.users;
      let tasks = seed.tasks;
      if (seeded) {
        await client.query('begin');
        try {
          if (shard === undefined) {
            await client.query(SEED_USERS_SQL, [seed.users]);
            if (seed.tasks > 0) await client.query(SEED_TASKS_SQL, [seed.users, seed.tasks]);
          } else {
            ({ users, tasks } = await seedShard(client, seed, shard));
          }
          await client.query('commit');
        } catch (err) {
          await client.query('rollback').catch(() => {});
          throw err;
        }
      }
      await client.query(SCHEMA_CONSTRAINTS_SQL);
      if (seeded) {
        // Fresh statistics so the planner uses the (user_id, created_at) index from the first request.
        await client.query('analyze users');
        await client.query('analyze tasks');
      }
      const durationMs = performance.now() - startMs;
      return seeded ? { seeded, users, tasks, durationMs } : { seeded, users: 0, tasks: 0, durationMs };
    } finally {
      await client.query('select pg_advisory_unlock($1)', [lockKey]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

async function seedShard(
  client: pg.Client,
  seed: { users: number; tasks: number },
  shard: ShardSeed,
): Promise<{ users: number; tasks: number }> {
  let users = 0;
  let chunk: number[] = [];
  for (let id = 1; id <= seed.users; id++) {
    if (shardFor(id, shard.count, shard.routing) !== shard.index) continue;
    chunk.push(id);
    if (chunk.length === SHARD_ID_CHUNK) {
      await client.query(SEED_SHARD_USERS_SQL, [chunk]);
      users += chunk.length;
      chunk = [];
    }
  }
  if (chunk.length > 0) await client.query(SEED_SHARD_USERS_SQL, [chunk]);
  users += chunk.length;
  let tasks = 0;
  if (seed.tasks > 0) tasks = (await client.query(SEED_SHARD_TASKS_SQL, [seed.users, seed.tasks])).rowCount ?? 0;
  // Task ids stay unique across shards: seeded ones are the global g, new ones are
  // seedTasks + 1 + index + k * count, a residue class of its own per shard.
  await client.query(`alter sequence tasks_id_seq increment by ${shard.count} restart with ${seed.tasks + 1 + shard.index}`);
  await client.query('insert into shard_info (shard_index, shard_count, routing, seed_users) values ($1, $2, $3, $4)', [
    shard.index,
    shard.count,
    shard.routing,
    seed.users,
  ]);
  return { users, tasks };
}

async function checkShardInfo(client: pg.Client, shard: ShardSeed, hasInfo: boolean): Promise<void> {
  const expected = `shard ${shard.index} of ${shard.count} (${shard.routing})`;
  if (!hasInfo) {
    const users = await client.query<{ present: boolean }>('select exists (select 1 from users) as present');
    if (users.rows[0]?.present === true) {
      throw new Error(
        `this database already holds unsharded data, not ${expected}; drop its users/tasks tables or point DATABASE_SHARD_URLS at empty databases`,
      );
    }
    return;
  }
  const info = await client.query<{ shard_index: number; shard_count: number; routing: string }>(
    'select shard_index, shard_count, routing from shard_info',
  );
  const row = info.rows[0];
  if (row === undefined) return;
  if (row.shard_index !== shard.index || row.shard_count !== shard.count || row.routing !== shard.routing) {
    throw new Error(
      `this database was seeded as shard ${row.shard_index} of ${row.shard_count} (${row.routing}), not ${expected}; ` +
        'keep DATABASE_SHARD_URLS order and SHARD_ROUTING, or drop the tables to reseed',
    );
  }
}

/** Waits until a read replica has replayed the schema and seed (the index is created after seeding). */
export async function waitForReplicaSchema(url: string, deadlineMs: number): Promise<void> {
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => {});
    try {
      await client.connect();
      const result = await client.query<{ ready: boolean }>(
        "select to_regclass('public.tasks_user_id_created_at_idx') is not null as ready",
      );
      if (result.rows[0]?.ready === true) return;
    } catch {
      // Not reachable yet: retried until the deadline.
    } finally {
      await client.end().catch(() => {});
    }
    if (Date.now() >= deadlineMs) throw new Error(`replica ${redactDbUrl(url)} has not replayed the schema by the deadline`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function redactDbUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'database';
  }
}
