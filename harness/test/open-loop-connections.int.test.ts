// The open driver's connections, with bench load's defaults (64 connections), through runLoad against node:http
// on 127.0.0.1: all opened before the schedule starts and kept for the run; one the server closes is replaced,
// and the time to reconnect counts in the latency of the request that waited for it.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Driver } from '../src/driver/driver.ts';
import { openLoopDriver } from '../src/driver/open-loop/open-loop-driver.ts';
import { DEFAULTS } from '../src/load/load-options.ts';
import { runLoad } from '../src/load/load-run.ts';

interface Watched {
  url: string;
  server: Server;
  /** performance.now() of every connection the server accepted, and of its end when the client closed it. */
  sockets: Array<{ openedAt: number; endedAt: number | null }>;
  gets: number[];
}

/** `handle` answers each GET (HEADs, the preconnect's, get an empty 200); every socket is watched. */
async function watchedServer(handle: (res: ServerResponse) => void): Promise<Watched> {
  const watched: Watched = { url: '', server: createServer(), sockets: [], gets: [] };
  const { server } = watched;
  // No Keep-Alive hint and no idle timeout on the server's side: how long idle connections live is the client's call.
  server.keepAliveTimeout = 0;
  server.on('connection', (socket: Socket) => {
    const entry: { openedAt: number; endedAt: number | null } = { openedAt: performance.now(), endedAt: null };
    watched.sockets.push(entry);
    socket.once('end', () => (entry.endedAt = performance.now()));
  });
  server.on('request', (req, res) => {
    if (req.method === 'HEAD') return void res.end();
    watched.gets.push(performance.now());
    handle(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  watched.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return watched;
}

/**
 * HTTP/1.1 by hand (GET and HEAD, no bodies): every 10th GET is answered with `Connection: close` and the socket
 * ended; a connection accepted after the first GET is not read for `acceptDelayMs` (pauseOnConnect), so to the
 * client a reconnect takes that long, the way a slow accept does.
 */
async function closingServer(acceptDelayMs: number): Promise<{ url: string; server: NetServer; opened: () => number }> {
  let gets = 0;
  let opened = 0;
  const server = createNetServer({ pauseOnConnect: true }, (socket) => {
    opened++;
    socket.on('error', () => socket.destroy());
    setTimeout(() => socket.resume(), gets > 0 ? acceptDelayMs : 0);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
        const head = pending.startsWith('HEAD ');
        pending = pending.slice(end + 4);
        if (head) {
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n');
          continue;
        }
        gets++;
        const close = gets % 10 === 0;
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 2\r\n${close ? 'Connection: close\r\n' : ''}\r\nok`);
        if (close) return void socket.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server, opened: () => opened };
}

const servers: Array<Server | NetServer> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    if ('closeAllConnections' in s) s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

function collectLatencies(latenciesMs: number[]): Driver {
  return {
    name: 'open',
    run: (plan, sink, clock, signal) =>
      openLoopDriver.run(plan, { ...sink, response: (s) => (latenciesMs.push(s.latencyUs / 1000), sink.response(s)) }, clock, signal),
  };
}

describe('open driver connections (bench load defaults)', () => {
  it("opens every connection before the schedule starts and keeps the idle ones longer than undici's 4 s default", async () => {
    const w = await watchedServer((res) => res.end('ok'));
    servers.push(w.server);
    // 50 req/s answered at once: the pool serves them on its first connection or two, the other ~60 sit idle for
    // the whole 6 s run. With undici's default keepAliveTimeout (4 s) they were closed 4 s in.
    const run = await runLoad({
      url: w.url,
      driver: openLoopDriver,
      method: 'GET',
      connections: DEFAULTS.connectionsOpen,
      ratePerSec: 50,
      durationMs: 6000,
      timeoutMs: DEFAULTS.timeoutMs,
    });
    const lastGet = Math.max(...w.gets);
    expect(run.summary).toMatchObject({ requests: 300, dropped: 0, errorRate: 0 });
    expect(w.sockets.filter((s) => s.openedAt < w.gets[0]!)).toHaveLength(DEFAULTS.connectionsOpen);
    expect(w.sockets).toHaveLength(DEFAULTS.connectionsOpen);
    expect(
      w.sockets.filter((s) => s.endedAt !== null && s.endedAt < lastGet),
      'connections the client closed during the run',
    ).toEqual([]);
  });

  it('replaces a connection the server closes, and the reconnect counts in the latency of the request that waited', async () => {
    const ACCEPT_DELAY_MS = 40;
    const { url, server, opened } = await closingServer(ACCEPT_DELAY_MS);
    servers.push(server);
    const latenciesMs: number[] = [];
    const run = await runLoad({
      url,
      driver: collectLatencies(latenciesMs),
      method: 'GET',
      connections: DEFAULTS.connectionsOpen,
      ratePerSec: 200,
      durationMs: 2000,
      timeoutMs: DEFAULTS.timeoutMs,
    });
    const reopened = opened() - DEFAULTS.connectionsOpen;
    const slow = latenciesMs.filter((ms) => ms >= ACCEPT_DELAY_MS - 1).length;
    console.log(
      `400 requests, 40 closed by the server, ${reopened} connections reopened, ${slow} requests >= ${ACCEPT_DELAY_MS} ms, p50 ${run.summary.latencyMs.p50} ms`,
    );
    expect(run.summary).toMatchObject({ requests: 400, dropped: 0, errorRate: 0, errors: {} });
    // Each close is followed by a reconnect for the next request on that connection. The open loop hands out the
    // connection free the longest (every connection carries traffic), so a connection is next used ~64 requests
    // later: the closes among the last 64 of the 400 (about 6) may never need their reconnect.
    expect(reopened).toBeGreaterThanOrEqual(40 - Math.ceil(DEFAULTS.connectionsOpen / 10) - 1);
    expect(reopened).toBeLessThanOrEqual(40);
    // ... and that request's latency includes it: one slow request per reconnect (a busy host may add a few).
    expect(slow).toBeGreaterThanOrEqual(reopened);
    expect(slow).toBeLessThanOrEqual(reopened + 8);
    expect(run.summary.latencyMs.p50).toBeLessThan(ACCEPT_DELAY_MS / 2);
  });
});
