// bench's HTTP/1.1 client (harness/src/driver/http1/) against real servers on loopback: the stall server (a child
// process, frozen with SIGSTOP), and small node:net servers for what no well-behaved server does on purpose (an
// idle close, a malformed answer). Semantics only, no timing claims.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { http1ClosedDriver } from '../src/driver/closed-loop/http1-closed-driver.ts';
import { Http1Connection, type ConnectionListener } from '../src/driver/http1/http1-connection.ts';
import { HTTP_PARSE_CODE } from '../src/driver/http1/http1-errors.ts';
import { openLoopDriver } from '../src/driver/open-loop/open-loop-driver.ts';
import { QUEUE_TIMEOUT_CODE } from '../src/driver/open-loop/open-loop-engine.ts';
import { runLoad } from '../src/load/load-run.ts';
import { allocatePort } from '../src/runtime/ports.ts';
import { startStallServer, type StallServer } from './stall-server.ts';

let stall: StallServer | null = null;
let tcp: Server | null = null;
afterEach(async () => {
  await stall?.close();
  stall = null;
  await new Promise<void>((resolve) => (tcp ? tcp.close(() => resolve()) : resolve()));
  tcp = null;
});

/** Sends one request on `connection` and waits for its outcome. */
function exchange(connection: Http1Connection): Promise<Outcome> {
  return new Promise((resolve) => {
    waiting = resolve;
    connection.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1', false);
  });
}
type Outcome = { status: number } | { error: { code?: string; message: string } };
let waiting: (outcome: Outcome) => void = () => {};
const listener: ConnectionListener = {
  onConnectionResponse: (_c, status) => waiting({ status }),
  onConnectionError: (_c, error) => waiting({ error: error as { code?: string; message: string } }),
};

async function rawTcp(onSocket: (socket: Socket) => void): Promise<number> {
  tcp = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    onSocket(socket);
  });
  await new Promise<void>((resolve) => tcp!.listen(0, '127.0.0.1', resolve));
  return (tcp.address() as AddressInfo).port;
}

describe('bench HTTP/1.1 client', () => {
  it('reopens a connection the server closed with Connection: close, for the next request on it', async () => {
    stall = await startStallServer({ mode: 'raw', closeEvery: 3 });
    const port = Number(new URL(stall.url).port);
    const connection = new Http1Connection(0, { host: '127.0.0.1', port }, listener);
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 10; i++) outcomes.push(await exchange(connection));
    connection.close();
    expect(outcomes).toEqual(Array.from({ length: 10 }, () => ({ status: 200 })));
    // Requests 1-3 on the first socket, 4-6, 7-9, 10: four sockets.
    expect(connection.opens).toBe(4);
  });

  it('reopens a connection the server closed while it was idle', async () => {
    const port = await rawTcp((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        setTimeout(() => socket.end(), 50); // an idle timeout, like nginx's keepalive_timeout
      });
    });
    const connection = new Http1Connection(0, { host: '127.0.0.1', port }, listener);
    expect(await exchange(connection)).toEqual({ status: 200 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connection.open).toBe(false);
    expect(await exchange(connection)).toEqual({ status: 200 });
    expect(connection.opens).toBe(2);
    connection.close();
  });

  it('open model: every request answered when the server closes connections all along', async () => {
    stall = await startStallServer({ mode: 'raw', closeEvery: 5 });
    const { summary, driverSummary } = await runLoad({
      url: `${stall.url}/`,
      driver: openLoopDriver,
      method: 'GET',
      connections: 8,
      ratePerSec: 400,
      durationMs: 1500,
      timeoutMs: 2000,
    });
    expect(summary.errors).toEqual({});
    expect(summary.requests).toBe(600);
    expect(driverSummary.unfinished).toBe(0);
  });

  it('open model: a frozen server gives timeouts, each measured from its intended time, then answers again', async () => {
    stall = await startStallServer({ mode: 'raw' });
    const errors: unknown[] = [];
    let answeredAfterThaw = 0;
    let thawedAtMs = Number.POSITIVE_INFINITY;
    const t0 = performance.now();
    const clock = { nowMs: () => performance.now() - t0 };
    const run = openLoopDriver.run(
      {
        baseUrl: stall.url,
        request: { method: 'GET', path: '/' },
        nextKey: () => 0,
        connections: 8,
        ratePerSec: 200,
        durationMs: 3000,
        timeoutMs: 400,
      },
      {
        response: ({ sentAtMs }) => void (sentAtMs > thawedAtMs && answeredAfterThaw++),
        error: ({ error, latencyUs }) => void errors.push({ code: (error as { code?: string }).code, latencyUs }),
      },
      clock,
      new AbortController().signal,
    );
    await new Promise((resolve) => setTimeout(resolve, 700));
    const { thawedAt } = await stall.stall(1200);
    thawedAtMs = thawedAt - t0;
    const summary = await run;
    const codes = new Set(errors.map((e) => (e as { code: string }).code));
    // Sent and never answered within 400 ms: undici's code. A request that waited for a connection past 400 ms is
    // never sent (BENCH_QUEUE_TIMEOUT), but here one usually leaves just before: a connection frees exactly when the
    // request on it reaches its deadline (intended time + timeout), and the line's oldest takes it with what is left.
    expect(codes.has('UND_ERR_HEADERS_TIMEOUT')).toBe(true);
    expect([...codes].filter((c) => c !== 'UND_ERR_HEADERS_TIMEOUT' && c !== QUEUE_TIMEOUT_CODE)).toEqual([]);
    expect(summary.expired).toBe(errors.filter((e) => (e as { code: string }).code === QUEUE_TIMEOUT_CODE).length);
    // Every timeout is measured (from its intended time: at least the timeout).
    for (const e of errors) expect((e as { latencyUs: number }).latencyUs).toBeGreaterThanOrEqual(400_000);
    expect(answeredAfterThaw).toBeGreaterThan(0);
    expect(summary.dropped).toBe(0);
    expect(summary.unfinished).toBe(0);
  });

  it('classifies a refused connection (no latency) and a malformed answer', async () => {
    const closedPort = await allocatePort();
    const refused = await runLoad({
      url: `http://127.0.0.1:${closedPort}/`,
      driver: openLoopDriver,
      method: 'GET',
      connections: 4,
      ratePerSec: 50,
      durationMs: 400,
      timeoutMs: 1000,
    });
    expect(refused.summary.errors).toEqual({ connrefused: refused.summary.requests });
    expect(refused.histogram.count).toBe(0);

    const port = await rawTcp((socket) => socket.on('data', () => socket.write('HTTP/1.1 abc nonsense\r\n\r\n')));
    const connection = new Http1Connection(0, { host: '127.0.0.1', port }, listener);
    const outcome = await exchange(connection);
    connection.close();
    expect(outcome).toMatchObject({ error: { code: HTTP_PARSE_CODE } });
    const malformed = await runLoad({
      url: `http://127.0.0.1:${port}/`,
      driver: openLoopDriver,
      method: 'GET',
      connections: 2,
      ratePerSec: 20,
      durationMs: 300,
      timeoutMs: 1000,
    });
    expect(Object.keys(malformed.summary.errors)).toEqual(['other']);
  });

  it('closed loop: as fast as the server answers, with reconnects, nothing failed', async () => {
    stall = await startStallServer({ mode: 'raw', closeEvery: 7 });
    const { summary, driverSummary } = await runLoad({
      url: `${stall.url}/`,
      driver: http1ClosedDriver,
      method: 'GET',
      connections: 4,
      durationMs: 500,
      timeoutMs: 1000,
    });
    expect(summary.errors).toEqual({});
    expect(summary.requests).toBeGreaterThan(100);
    expect(driverSummary.unfinished).toBe(0);
  });
});
