// A stand-in for task-api's two task routes on 127.0.0.1, for testing the probes' client logic (schedule, bounds,
// outcomes, abort) without Docker. It can lag (a write becomes visible only later), fail writes, hang or reset.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { Clock } from '../src/driver/driver.ts';

/** A clock like the harness's load clock: ms since it was made. */
export const testClock = (t0 = performance.now()): Clock => ({ nowMs: () => performance.now() - t0 });

/** Starts fake services for a test file; every one is closed after each test. */
export function fakeTaskApiPerTest(): (options?: FakeTaskApiOptions) => Promise<FakeTaskApi> {
  const started: FakeTaskApi[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((api) => api.close()));
  });
  return async (options) => {
    const api = await startFakeTaskApi(options);
    started.push(api);
    return api;
  };
}

export type WriteFault = 'hang' | 'reset' | number;

export interface FakeTaskApiOptions {
  /** Users 1..knownUsers exist; a write for another user gets 404 (default 10000). */
  knownUsers?: number;
  /** How long the service takes to answer a write / a read, ms (default 0). */
  writeDelayMs?: number;
  readDelayMs?: number;
  /** A write shows up in reads only this long after it committed: a lagging replica (default 0). */
  visibleAfterMs?: number;
  /**
   * By the number the probe put at the end of the title (`...-<n>`; requests on several connections may arrive
   * out of order, so not by arrival): answer with this status, never answer, or reset the connection.
   */
  writeFault?: (n: number) => WriteFault | undefined;
  /** With a fault, the row is committed anyway (the failure came after the INSERT). */
  commitBeforeFault?: boolean;
}

export interface FakeTaskApi {
  url: string;
  /** Titles of every committed task. */
  titles(): string[];
  /** Requests seen, by route. */
  readonly counts: { writes: number; reads: number };
  /** The most requests in progress at once. */
  readonly maxConcurrent: number;
  close(): Promise<void>;
}

interface Row {
  id: number;
  userId: number;
  title: string;
  createdAt: string;
  visibleAtMs: number;
}

export async function startFakeTaskApi(options: FakeTaskApiOptions = {}): Promise<FakeTaskApi> {
  const knownUsers = options.knownUsers ?? 10_000;
  const rows: Row[] = [];
  const counts = { writes: 0, reads: 0 };
  let nextId = 1000;
  let concurrent = 0;
  let maxConcurrent = 0;
  const later = (ms: number | undefined, fn: () => void): void => {
    if (ms) setTimeout(fn, ms);
    else fn();
  };
  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-instance': 'fake-1' });
    res.end(JSON.stringify(body));
  };

  const write = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    counts.writes++;
    const { userId, title } = JSON.parse(body) as { userId: number; title: string };
    const fault = options.writeFault?.(Number(/-(\d+)$/.exec(title)?.[1]));
    const commit = (): Row => {
      const row = {
        id: nextId++,
        userId,
        title,
        createdAt: new Date().toISOString(),
        visibleAtMs: performance.now() + (options.visibleAfterMs ?? 0),
      };
      rows.push(row);
      return row;
    };
    if (fault !== undefined) {
      if (options.commitBeforeFault && userId <= knownUsers) commit();
      if (fault === 'hang') return;
      if (fault === 'reset') return void req.socket.destroy();
      return later(options.writeDelayMs, () => json(res, fault, { error: 'fault' }));
    }
    if (userId > knownUsers) return later(options.writeDelayMs, () => json(res, 404, { error: `user ${userId} not found` }));
    const row = commit();
    later(options.writeDelayMs, () => json(res, 201, { id: row.id, userId, title, done: false, createdAt: row.createdAt }));
  };

  const read = (res: ServerResponse, userId: number): void => {
    counts.reads++;
    const now = performance.now();
    const tasks = rows
      .filter((r) => r.userId === userId && r.visibleAtMs <= now)
      .reverse()
      .slice(0, 20)
      .map((r) => ({ id: r.id, title: r.title, done: false, createdAt: r.createdAt }));
    later(options.readDelayMs, () => json(res, 200, { userId, tasks, source: 'db' }));
  };

  const server = createServer((req, res) => {
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    res.on('close', () => concurrent--);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/tasks') return write(req, res, body);
      const match = req.method === 'GET' ? /^\/tasks\/(\d+)$/.exec(req.url ?? '') : null;
      if (match) return read(res, Number(match[1]));
      json(res, 404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    titles: () => rows.map((r) => r.title),
    counts,
    get maxConcurrent() {
      return maxConcurrent;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
