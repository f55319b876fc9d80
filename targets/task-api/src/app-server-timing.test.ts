// Server-Timing on GET /tasks/:userId and POST /tasks, successes and failures alike, through the real request
// handler on 127.0.0.1: a breaker's rejection must show ~0 db time, a database timeout the time it waited.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequestHandler } from './app.ts';
import type { TaskCache } from './cache/cache.ts';
import { createCoalesceCache } from './cache/coalesce.ts';
import { countingCounters, fakeStore } from './cache/fake-store.test-helper.ts';
import { createOffCache } from './cache/off.ts';
import { CircuitOpenError, DbError } from './db.ts';
import type { Db } from './db/router.ts';
import { Metrics } from './metrics.ts';

type Query = () => Promise<pg.QueryResult>;

const rows = (row: Record<string, string>): pg.QueryResult => ({ rows: [row] }) as unknown as pg.QueryResult;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function fakeDb(query: { read: Query; write?: Query }): Db {
  return {
    read: () => query.read(),
    write: () => (query.write ?? query.read)(),
    primary: undefined,
    replicas: [],
    shards: [],
    waitingCount: () => 0,
    close: async () => {},
  };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

async function serve(db: Db, cache: TaskCache): Promise<string> {
  const handler = createRequestHandler({
    instanceId: 'test',
    role: 'api',
    metrics: new Metrics(0),
    db,
    cache,
    publisher: undefined,
    sideEffectRounds: 0,
    maxInFlight: undefined,
    lifecycle: 'ready',
    log: () => {},
  });
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `cache;dur=0.12, db;dur=3.40` -> { cache: 0.12, db: 3.4 }. */
function timingOf(response: Response): Record<string, number> {
  const header = response.headers.get('server-timing');
  expect(header, `status ${response.status} without Server-Timing`).not.toBeNull();
  return Object.fromEntries(
    header!.split(', ').map((part) => {
      const [name, dur] = part.split(';dur=');
      return [name!, Number(dur)];
    }),
  );
}

const coalesce = (): TaskCache => createCoalesceCache({ store: fakeStore(), ttlSec: 60, counters: countingCounters() });

describe('Server-Timing on the task routes', () => {
  it('a miss reports cache and db, the hit after it cache only', async () => {
    const url = await serve(fakeDb({ read: async () => (await sleep(20), rows({ tasks: '[]' })) }), coalesce());
    const miss = await fetch(`${url}/tasks/7`);
    expect(miss.status).toBe(200);
    const missTiming = timingOf(miss);
    expect(Object.keys(missTiming)).toEqual(['cache', 'db']);
    expect(missTiming.db).toBeGreaterThanOrEqual(19);
    const hit = await fetch(`${url}/tasks/7`);
    expect(Object.keys(timingOf(hit))).toEqual(['cache']);
  });

  it('a breaker rejection is a 503 with ~0 db time; a database timeout a 504 with the time it waited', async () => {
    const rejecting = await serve(fakeDb({ read: async () => Promise.reject(new CircuitOpenError('primary')) }), coalesce());
    const rejected = await fetch(`${rejecting}/tasks/7`);
    expect(rejected.status).toBe(503);
    expect(await rejected.json()).toEqual({ error: 'circuit open' });
    const fast = timingOf(rejected);
    expect(Object.keys(fast)).toEqual(['cache', 'db']);
    expect(fast.db).toBeLessThan(5);

    const hanging = await serve(
      fakeDb({ read: async () => (await sleep(60), Promise.reject(new DbError(new Error('cancelled'), 'timeout'))) }),
      coalesce(),
    );
    const timedOut = await fetch(`${hanging}/tasks/7`);
    expect(timedOut.status).toBe(504);
    expect(timingOf(timedOut).db).toBeGreaterThanOrEqual(55);
  });

  it("with the cache off a failure reports db only; a request that waited on another one's failed load counts the wait as db", async () => {
    const down = async (): Promise<pg.QueryResult> => (
      await sleep(40), Promise.reject(new DbError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })))
    );
    const off = await serve(fakeDb({ read: down }), createOffCache());
    const failed = await fetch(`${off}/tasks/7`);
    expect(failed.status).toBe(503);
    expect(Object.keys(timingOf(failed))).toEqual(['db']);

    // Coalescing: the second request shares the first one's load, so its loader never runs.
    const shared = await serve(fakeDb({ read: down }), coalesce());
    const both = await Promise.all([fetch(`${shared}/tasks/9`), fetch(`${shared}/tasks/9`)]);
    expect(both.map((r) => r.status)).toEqual([503, 503]);
    for (const response of both) expect(timingOf(response).db).toBeGreaterThanOrEqual(30);
  });

  it('a failed write reports its db time', async () => {
    const url = await serve(
      fakeDb({ read: async () => rows({ tasks: '[]' }), write: async () => Promise.reject(new CircuitOpenError('primary')) }),
      coalesce(),
    );
    const response = await fetch(`${url}/tasks`, {
      method: 'POST',
      body: JSON.stringify({ userId: 7, title: 'x' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(503);
    expect(Object.keys(timingOf(response))).toEqual(['db']);
  });
});
