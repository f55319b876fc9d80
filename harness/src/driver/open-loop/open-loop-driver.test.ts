// The open-model driver against a real node:http server on 127.0.0.1: queue and drop accounting, latency from
// the intended send time, abort. The server holds requests to make connections busy on purpose.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadPlan, ResponseSink } from '../driver.ts';
import { createOpenLoopDriver } from './open-loop-driver.ts';

interface Collected {
  responses: Array<{ sentAtMs: number; latencyUs: number; status: number }>;
  errors: Array<{ sentAtMs: number; latencyUs?: number; error: unknown }>;
  dropped: number[];
}

function collector(): Collected & { sink: ResponseSink } {
  const c: Collected = { responses: [], errors: [], dropped: [] };
  return {
    ...c,
    sink: {
      response: (s) => c.responses.push(s),
      error: (s) => c.errors.push(s),
      dropped: (s) => c.dropped.push(s.intendedAtMs),
    },
  };
}

/** Holds every GET until `holdMs` after the first one arrived, then answers at once. */
async function holdingServer(holdMs: number): Promise<{ url: string; server: Server; first: Promise<void> }> {
  let firstAt: number | null = null;
  let onFirst: () => void = () => {};
  const first = new Promise<void>((resolve) => (onFirst = resolve));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // The driver's preconnect HEADs open the connections; they are answered at once and start nothing.
    if (req.method === 'HEAD') return void res.end();
    if (firstAt === null) onFirst();
    firstAt ??= performance.now();
    const wait = firstAt + holdMs - performance.now();
    setTimeout(() => res.end('ok'), Math.max(0, wait));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, first };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

const plan = (baseUrl: string, extra: Partial<LoadPlan>): LoadPlan => ({
  baseUrl,
  request: { method: 'GET', path: '/items/{key}' },
  nextKey: () => 7,
  connections: 2,
  ratePerSec: 100,
  durationMs: 200,
  timeoutMs: 2000,
  ...extra,
});

describe.each(['main', 'worker'] as const)('open-loop driver (%s thread)', (thread) => {
  it('queues when every connection is busy, drops past maxQueue, and counts latency from the intended time', async () => {
    const { url, server } = await holdingServer(400);
    servers.push(server);
    const got = collector();
    const t0 = performance.now();
    const clock = { nowMs: () => performance.now() - t0 };
    // 100 req/s for 200 ms: 20 requests due at 0, 10, ..., 190 ms. Two go out, three wait, fifteen are dropped.
    const summary = await createOpenLoopDriver({ thread }).run(plan(url, { maxQueue: 3 }), got.sink, clock, new AbortController().signal);

    expect(summary).toMatchObject({ driver: 'open', sent: 5, dropped: 15, unfinished: 0 });
    expect(got.errors).toEqual([]);
    expect(got.responses).toHaveLength(5);
    expect(got.dropped).toHaveLength(15);
    const start = Math.min(...got.responses.map((r) => r.sentAtMs));
    // Samples carry the intended send times: the schedule's, not when a connection came free.
    const offsets = got.responses.map((r) => Math.round(r.sentAtMs - start)).sort((a, b) => a - b);
    expect(offsets).toEqual([0, 10, 20, 30, 40]);
    expect(got.dropped.map((d) => Math.round(d - start))).toEqual([50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190]);
    // The queued ones waited for the held ones: at least 400 ms minus their offset, from their intended time.
    for (const r of got.responses) expect(r.latencyUs / 1000).toBeGreaterThanOrEqual(400 - (r.sentAtMs - start) - 5);
  });

  it('by default drops nothing: requests wait for a free connection, measured from their intended time', async () => {
    const { url, server } = await holdingServer(400);
    servers.push(server);
    const got = collector();
    const t0 = performance.now();
    // 40 requests in 200 ms on 2 connections, without maxQueue: 38 wait (the old default line, 10 x connections,
    // dropped 18 of them), and all are answered once the server lets go.
    const summary = await createOpenLoopDriver({ thread }).run(
      plan(url, { ratePerSec: 200 }),
      got.sink,
      { nowMs: () => performance.now() - t0 },
      new AbortController().signal,
    );

    expect(summary).toMatchObject({ driver: 'open', sent: 40, dropped: 0, expired: 0, unfinished: 0 });
    expect(got.dropped).toEqual([]);
    expect(got.responses).toHaveLength(40);
    const start = Math.min(...got.responses.map((r) => r.sentAtMs));
    for (const r of got.responses) expect(r.latencyUs / 1000).toBeGreaterThanOrEqual(400 - (r.sentAtMs - start) - 5);
  });

  it('the timeout counts from the intended time: a request that waited past it is never sent and ends as a timeout', async () => {
    // One connection, each answer takes 150 ms, 100 req/s: request k waits ~140k ms for the connection. With a
    // 1 s timeout the first ~7 are answered in time, then the line's requests expire without being sent.
    const server = createServer((req, res) => void setTimeout(() => res.end('ok'), req.method === 'HEAD' ? 0 : 150));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const got = collector();
    const t0 = performance.now();
    const summary = await createOpenLoopDriver({ thread }).run(
      plan(url, { connections: 1, ratePerSec: 100, durationMs: 300, timeoutMs: 1000 }),
      got.sink,
      { nowMs: () => performance.now() - t0 },
      new AbortController().signal,
    );
    expect(summary.dropped).toBe(0);
    expect(got.responses.length + got.errors.length).toBe(30);
    expect(summary.expired).toBeGreaterThanOrEqual(15);
    expect(summary.sent + summary.expired!).toBe(30);
    // A late send gets what is left of the timeout, enforced by undici's timers (they fire up to ~1 s late): no
    // answer comes later than that from its intended time (without the expiry the last one would take ~4 s).
    expect(got.responses.length).toBeGreaterThanOrEqual(3);
    for (const r of got.responses) expect(r.latencyUs / 1000).toBeLessThan(2000);
    const codes = new Set(got.errors.map((e) => (e.error as { code?: string }).code));
    expect([...codes].every((c) => c === 'BENCH_QUEUE_TIMEOUT' || c === 'UND_ERR_HEADERS_TIMEOUT')).toBe(true);
    expect(got.errors.filter((e) => (e.error as { code?: string }).code === 'BENCH_QUEUE_TIMEOUT')).toHaveLength(summary.expired!);
    for (const e of got.errors) expect(e.latencyUs! / 1000).toBeGreaterThanOrEqual(999);
  });

  it('runs the whole schedule, however short the timeout (the drain bound counts from the last send)', async () => {
    const { url, server } = await holdingServer(0);
    servers.push(server);
    const got = collector();
    const t0 = performance.now();
    const summary = await createOpenLoopDriver({ thread }).run(
      plan(url, { connections: 4, maxQueue: 4, ratePerSec: 20, durationMs: 1500, timeoutMs: 100 }),
      got.sink,
      { nowMs: () => performance.now() - t0 },
      new AbortController().signal,
    );
    // 30 intended; on a busy host a few may be dropped or time out, but every one is accounted for.
    expect(summary.sent + summary.dropped! + summary.expired!).toBe(30);
    expect(summary.unfinished).toBe(0);
    expect(got.responses.length + got.errors.length).toBe(summary.sent + summary.expired!);
    expect(Math.max(...got.responses.map((r) => r.sentAtMs)) - Math.min(...got.responses.map((r) => r.sentAtMs))).toBeGreaterThan(1300);
  });

  it('reports refused connections as errors without a latency', async () => {
    const { url, server } = await holdingServer(0);
    await new Promise((resolve) => server.close(resolve));
    const got = collector();
    const t0 = performance.now();
    const summary = await createOpenLoopDriver({ thread }).run(
      plan(url, { connections: 4, durationMs: 100 }),
      got.sink,
      { nowMs: () => performance.now() - t0 },
      new AbortController().signal,
    );
    expect(summary.sent).toBe(10);
    expect(got.errors).toHaveLength(10);
    expect(got.errors.every((e) => e.latencyUs === undefined)).toBe(true);
    expect((got.errors[0]!.error as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('stops on abort: nothing new is sent, waiting requests are counted as unfinished, no teardown noise', async () => {
    const { url, server, first } = await holdingServer(5_000);
    servers.push(server);
    const got = collector();
    const t0 = performance.now();
    const abort = new AbortController();
    // The schedule starts when the loop is ready (a worker takes a moment to start): time the abort from the server.
    void first.then(() => setTimeout(() => abort.abort(), 150));
    const summary = await createOpenLoopDriver({ thread, abortGraceMs: 100 }).run(
      plan(url, { maxQueue: 100, durationMs: 10_000 }),
      got.sink,
      { nowMs: () => performance.now() - t0 },
      abort.signal,
    );
    const elapsedMs = performance.now() - t0;
    expect(elapsedMs).toBeLessThan(3000);
    expect(summary.sent).toBe(2);
    // 2 in flight + ~13 waiting when the abort came (more when the abort reaches a busy worker late).
    expect(summary.unfinished).toBeGreaterThanOrEqual(10);
    expect(summary.unfinished).toBeLessThanOrEqual(60);
    expect(got.responses).toEqual([]);
    expect(got.errors).toEqual([]);
    expect(got.dropped).toEqual([]);
  });

  it('follows a ramp (stages): 0 -> 80 req/s over 500 ms is 20 requests, denser at the end', async () => {
    const { url, server } = await holdingServer(0);
    servers.push(server);
    const got = collector();
    const t0 = performance.now();
    const summary = await createOpenLoopDriver({ thread }).run(
      plan(url, { ratePerSec: undefined, stages: [{ durationMs: 500, targetRatePerSec: 80 }], durationMs: 500, connections: 4 }),
      got.sink,
      { nowMs: () => performance.now() - t0 },
      new AbortController().signal,
    );
    expect(summary).toMatchObject({ sent: 20, dropped: 0 });
    const start = Math.min(...got.responses.map((r) => r.sentAtMs));
    const offsets = got.responses.map((r) => r.sentAtMs - start).sort((a, b) => a - b);
    // count(t) = 80 t^2 (t in s): request n at sqrt(n / 80) s.
    expect(offsets[5]).toBeCloseTo(Math.sqrt(5 / 80) * 1000, 0);
    expect(offsets[19]).toBeCloseTo(Math.sqrt(19 / 80) * 1000, 0);
  });

  it('refuses a plan with no rate', async () => {
    const run = createOpenLoopDriver({ thread }).run(
      plan('http://127.0.0.1:1', { ratePerSec: undefined }),
      collector().sink,
      { nowMs: () => 0 },
      new AbortController().signal,
    );
    await expect(Promise.resolve().then(() => run)).rejects.toThrow(/needs an arrival rate/);
  });
});
