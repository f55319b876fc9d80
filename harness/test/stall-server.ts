// A tiny HTTP server for calibration, run as a child process (fork) so that freezing it (SIGSTOP) does not freeze
// the load generator: it answers at once, and tells its parent its port and when the first request arrived.
// The parent freezes it with SIGSTOP and thaws it with SIGCONT: a complete stall (every request held, nothing
// refused, no CPU burnt), like `docker pause`.
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

export async function startStallServer(): Promise<StallServer> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
  const server = createServer((_req, res) => {
    if (first) {
      first = false;
      process.send?.({ type: 'first' } satisfies Message);
    }
    res.end('ok');
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port } satisfies Message);
  });
  process.on('disconnect', () => process.exit(0));
}
