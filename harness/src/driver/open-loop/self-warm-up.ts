// Before the first open-model run at a high rate in a process, the loop runs once for 0.4 s against a canned HTTP
// server inside this process, so the generator's own code (the loop, the client, Node's socket layer, the response
// parser) is compiled before the first request the user asked for. Nothing reaches the target.
// Why: at 30,000 req/s a cold generator answered its first 50 ms at p50 3-10 ms, and ~350 ms in V8's optimising
// compiler took the one CPU the generator is pinned to for 15-21 ms, in every run (docs/generator-benchmark.md):
// together about the first 1% of a 12 s run, so the whole run's p99 was the generator's start-up, not the server.
import { createServer, type Socket } from 'node:net';
import { buildSchedule } from '../schedule/schedule-spec.ts';
import { runOpenLoop, type OpenLoopEvents } from './open-loop-engine.ts';

/** Below this a cold generator keeps up (a cold request costs ~0.1 ms): no warm-up. */
export const SELF_WARM_UP_MIN_RATE = 5_000;
const WARM_RATE = 20_000;
const WARM_MS = 400;
const CONNECTIONS = 16;
/** The whole warm-up, server included, ends by then whatever happens. */
const BOUND_MS = 5_000;
const RESPONSE = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', 'latin1');

let warmed: Promise<void> | null = null;

/** Runs the warm-up once per process; later calls wait for the same one. Never fails the run. */
export function warmUpOnce(): Promise<void> {
  warmed ??= warmUp().catch(() => undefined);
  return warmed;
}

async function warmUp(): Promise<void> {
  const server = await cannedServer();
  const signal = AbortSignal.timeout(BOUND_MS);
  const quiet: OpenLoopEvents = { response() {}, error() {}, dropped() {}, started() {}, schedulerSecond() {} };
  try {
    await runOpenLoop(
      {
        baseUrl: `http://127.0.0.1:${server.port}`,
        request: { method: 'GET', path: '/warm-up/{key}' },
        nextKey: () => 0,
        connections: CONNECTIONS,
        maxQueue: WARM_RATE,
        timeoutMs: 1000,
        schedule: buildSchedule({ ratePerSec: WARM_RATE, durationMs: WARM_MS }),
        abortGraceMs: 0,
        preconnect: false,
      },
      quiet,
      () => performance.now(),
      signal,
    );
  } finally {
    await server.close();
  }
}

/** Answers every request head it sees with a fixed 200 (the warm-up sends GETs without a body). Loopback only. */
function cannedServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      const text = pending + chunk.toString('latin1');
      let heads = 0;
      let consumed = 0;
      for (let at = text.indexOf('\r\n\r\n'); at !== -1; at = text.indexOf('\r\n\r\n', consumed)) {
        heads++;
        consumed = at + 4;
      }
      pending = text.length - consumed > 65_536 ? '' : text.slice(consumed);
      if (heads > 0) socket.write(heads === 1 ? RESPONSE : Buffer.concat(Array.from({ length: heads }, () => RESPONSE)));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
