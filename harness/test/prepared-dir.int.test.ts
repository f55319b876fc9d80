// The PostgreSQL data directory prepared once and put into later containers (runtime preparedDir): a cluster
// from the copy is as fresh as one from initdb, and a bad copy falls back to initdb instead of failing the run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log/logger.ts';
import { createRunId } from '../src/results/run-id.ts';
import { createDockerRuntime } from '../src/runtime/docker/docker-runtime.ts';
import type { ImageSet } from '../src/runtime/images.ts';
import { ensureReady } from '../src/setup/setup.ts';
import { startTopology } from '../src/topology/start.ts';
import type { StartedTopology } from '../src/topology/topology.ts';

const seed = { seedUsers: 200, seedTasks: 1000 };
let images: ImageSet;
let cacheDir: string;
const savedCacheDir = process.env.BENCH_CACHE_DIR;

beforeAll(async () => {
  ({ images } = await ensureReady(silentLogger));
  // A cache of its own: the test replaces the kept copy with broken ones.
  cacheDir = mkdtempSync(join(tmpdir(), 'bench-prepared-'));
  process.env.BENCH_CACHE_DIR = cacheDir;
});
afterAll(() => {
  if (savedCacheDir === undefined) delete process.env.BENCH_CACHE_DIR;
  else process.env.BENCH_CACHE_DIR = savedCacheDir;
});

async function withSingle<T>(body: (t: StartedTopology) => Promise<T>): Promise<T> {
  const runtime = createDockerRuntime({ runId: `test-${createRunId(new Date())}`, logger: silentLogger });
  try {
    return await body(await startTopology({ kind: 'single', ...seed }, { runtime, images, logger: silentLogger }));
  } finally {
    await runtime.removeAll();
  }
}

async function count(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** Did this postgres container run initdb itself (its log file exists only then)? */
async function ranInitdb(t: StartedTopology): Promise<boolean> {
  return (await t.containers.get('postgres')!.exec(['test', '-e', '/tmp/initdb.log'])).exitCode === 0;
}

const keptCopies = (): string[] => {
  const dir = join(cacheDir, 'prepared-dirs');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.tar'))
    .map((e) => join(dir, e.name));
};

// The official image initializes its data directory in its entrypoint: no copy is kept there.
describe('prepared PostgreSQL data directory (local images)', () => {
  it('the first cluster runs initdb and is kept; the next starts from the copy with only its own seeded rows', async (ctx) => {
    if (images.flavor !== 'local') ctx.skip();
    await withSingle(async (t) => {
      expect(await ranInitdb(t)).toBe(true);
      const created = await fetch(`${t.entryUrl}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 3, title: 'leak?' }),
      });
      expect(created.status).toBe(201);
      expect(await count(t.endpoints.postgres!, 'tasks')).toBe(seed.seedTasks + 1);
    });
    expect(keptCopies()).toHaveLength(1);
    await withSingle(async (t) => {
      expect(await ranInitdb(t)).toBe(false);
      // Seeded by this topology's task-api, nothing from the previous one.
      expect(await count(t.endpoints.postgres!, 'users')).toBe(seed.seedUsers);
      expect(await count(t.endpoints.postgres!, 'tasks')).toBe(seed.seedTasks);
    });
  });

  it('a kept copy that is not a tar, or not a cluster, is dropped and the container runs initdb instead', async (ctx) => {
    if (images.flavor !== 'local') ctx.skip();
    const [file] = keptCopies();
    expect(file).toBeDefined();
    // The image's postgres user, as the good copy records it (e.g. `drwx------ 102/104 0 ... pgtemplate/`).
    const owner = /^\S+\s+(\d+)\/(\d+)/.exec(execFileSync('tar', ['--numeric-owner', '-tvf', file!], { encoding: 'utf8' }))!;
    writeFileSync(file!, 'not a tar archive');
    await withSingle(async (t) => {
      expect(await ranInitdb(t)).toBe(true);
      expect(await count(t.endpoints.postgres!, 'users')).toBe(seed.seedUsers);
    });
    // A well-formed archive of a broken cluster: only PG_VERSION, owned by the image's postgres user.
    const scratch = mkdtempSync(join(tmpdir(), 'bench-broken-'));
    mkdirSync(join(scratch, 'pgtemplate'), { mode: 0o700 });
    writeFileSync(join(scratch, 'pgtemplate', 'PG_VERSION'), '15\n');
    execFileSync('tar', ['-cf', file!, `--owner=${owner[1]}`, `--group=${owner[2]}`, '-C', scratch, 'pgtemplate']);
    await withSingle(async (t) => {
      expect(await ranInitdb(t)).toBe(true);
      expect(await count(t.endpoints.postgres!, 'tasks')).toBe(seed.seedTasks);
    });
    // Replaced by a good copy again.
    expect(statSync(keptCopies()[0]!).size).toBeGreaterThan(1_000_000);
  });
});
