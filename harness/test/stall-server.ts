// A tiny HTTP server for calibration, run as a child process (fork) so that freezing it (SIGSTOP) does not freeze
// the load generator: it answers at once, and tells its parent its port and when the first request arrived.
// The parent freezes it with SIGSTOP and thaws it with SIGCONT: a complete stall (every request held, nothing
// refused, no CPU burnt), like `docker pause`.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface StallServer {
  url: string;
  /** Resolves with performance.now() (parent's clock) when the server saw its first request. */
  firstRequest: Promise<number>;
  /** Freezes the server for `durationMs`; resolves with when it froze and thawed (performance.now()). */
  stall(durationMs: number): Promise<{ frozeAt: number; thawedAt: number }>;
  close(): Promise<void>;
}

type Message = { type: 'listening'; port: number } | { type: 'first' };

export interface StallServerOptions {
  /**
   * `http` (default): node:http. `raw`: fixed answers written straight to the socket (GET and HEAD only, no request
   * bodies), several times cheaper per request, so that after a freeze the backlog drains as fast as the generator
   * can take it and the measured tail is the generator's, not this server's (see frozen-server.int.test.ts).
   */
  mode?: 'http' | 'raw';
  /** `raw` only: answer every n-th request on a connection with `Connection: close` and close it (reconnect tests). */
  closeEvery?: number;
}

export async function startStallServer(options: StallServerOptions = {}): Promise<StallServer> {
  const args = [
    '--serve',
    ...(options.mode === 'raw' ? ['--raw'] : []),
    ...(options.closeEvery ? [`--close-every=${options.closeEvery}`] : []),
  ];
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let onFirst: (atMs: number) => void = () => {};
  const firstRequest = new Promise<number>((resolve) => (onFirst = resolve));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`stall server exited early (code ${code})`)));
    child.on('message', (message: Message) => {
      if (message.type === 'listening') resolve(message.port);
      else onFirst(performance.now());
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    firstRequest,
    stall(durationMs) {
      return new Promise((resolve) => {
        const frozeAt = performance.now();
        child.kill('SIGSTOP');
        setTimeout(() => {
          child.kill('SIGCONT');
          resolve({ frozeAt, thawedAt: performance.now() });
        }, durationMs);
      });
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGCONT');
        child.kill('SIGTERM');
      });
    },
  };
}

if (process.argv.includes('--serve')) {
  let first = true;
  const seen = (): void => {
    if (!first) return;
    first = false;
    process.send?.({ type: 'first' } satisfies Message);
  };
  const closeEvery = Number(process.argv.find((a) => a.startsWith('--close-every='))?.split('=')[1] ?? 0);
  const server = process.argv.includes('--raw') ? rawServer(seen, closeEvery) : createServer((_req, res) => (seen(), res.end('ok')));
  if (!process.argv.includes('--raw')) (server as ReturnType<typeof createServer>).keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port } satisfies Message);
  });
  process.on('disconnect', () => process.exit(0));
}

/** HTTP/1.1 keep-alive answers without an HTTP parser: each request head (up to its blank line) gets "ok". */
function rawServer(seen: () => void, closeEvery: number): ReturnType<typeof createTcpServer> {
  const headers = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nKeep-Alive: timeout=60\r\n\r\n';
  const ok = Buffer.from(`${headers}ok`, 'latin1');
  const headOk = Buffer.from(headers, 'latin1');
  const last = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok', 'latin1');
  return createTcpServer((socket) => {
    socket.setNoDelay(true);
    let answered = 0;
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let end = pending.indexOf('\r\n\r\n');
      while (end >= 0) {
        const isHead = pending.startsWith('HEAD ');
        pending = pending.slice(end + 4);
        seen();
        if (closeEvery > 0 && ++answered % closeEvery === 0) {
          socket.end(last);
          return;
        }
        socket.write(isHead ? headOk : ok);
        end = pending.indexOf('\r\n\r\n');
      }
    });
    socket.on('error', () => socket.destroy());
  });
}
