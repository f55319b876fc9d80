// The open-model driver passes each response's Server-Timing value to the sink (main thread and worker alike),
// against a real node:http server on 127.0.0.1; the recorder turns it into a breakdown.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunRecorder } from '../../recorder/phase-recorder.ts';
import type { LoadPlan } from '../driver.ts';
import { createOpenLoopDriver } from './open-loop-driver.ts';

/** Key 1: a "miss" (db, 30 ms, two header lines); key 2: a "hit" (cache); key 3: no header; key 4: a 503 with one. */
async function timingServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.method === 'HEAD') return void res.end();
    const key = req.url?.split('/').at(-1);
    if (key === '1') {
      res.setHeader('Server-Timing', ['cache;dur=0.5', 'db;dur=30;desc="primary"']);
      setTimeout(() => res.end('miss'), 30);
    } else if (key === '2') {
      res.setHeader('Server-Timing', 'cache;dur=0.5');
      res.end('hit');
    } else if (key === '3') {
      res.end('plain');
    } else {
      res.statusCode = 503;
      res.setHeader('Server-Timing', 'cache;dur=0.3, db;dur=0.01');
      res.end('circuit open');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

describe.each(['main', 'worker'] as const)('open-loop driver Server-Timing (%s thread)', (thread) => {
  it("hands the sink each response's raw Server-Timing value (repeated lines joined), none when absent", async () => {
    const { url, server } = await timingServer();
    servers.push(server);
    let n = 0;
    const keys = [1, 2, 3, 4];
    const samples: Array<{ status: number; serverTiming?: string | undefined; latencyUs: number; sentAtMs: number }> = [];
    const recorder = createRunRecorder({ phases: [{ name: 'all', startMs: -1e9, endMs: 1e12 }], countsDropped: true });
    const plan: LoadPlan = {
      baseUrl: url,
      request: { method: 'GET', path: '/tasks/{key}' },
      nextKey: () => keys[n++ % keys.length]!,
      connections: 8,
      ratePerSec: 200,
      durationMs: 400,
      timeoutMs: 2000,
    };
    const summary = await createOpenLoopDriver({ thread }).run(
      plan,
      {
        response: (s) => {
          samples.push(s);
          recorder.recordResponse(s);
        },
        error: (s) => recorder.recordError(s),
      },
      { nowMs: () => performance.now() },
      new AbortController().signal,
    );
    expect(summary.sent).toBe(80);
    expect(samples).toHaveLength(80);
    const byTiming = new Map<string | undefined, number>();
    for (const s of samples) byTiming.set(s.serverTiming, (byTiming.get(s.serverTiming) ?? 0) + 1);
    expect(Object.fromEntries(byTiming)).toEqual({
      'cache;dur=0.5, db;dur=30;desc="primary"': 20,
      'cache;dur=0.5': 20,
      undefined: 20,
      'cache;dur=0.3, db;dur=0.01': 20,
    });
    expect(samples.filter((s) => s.status === 503).every((s) => s.serverTiming === 'cache;dur=0.3, db;dur=0.01')).toBe(true);

    const figures = recorder.phaseSummary('all', 400).serverTiming!;
    expect(figures.components.db!.count).toBe(40);
    expect(figures.components.cache!.count).toBe(60);
    // The slowest 1% of the 60 timed responses are misses: ~30 ms of db each, the rest is network and the server.
    const slow = figures.breakdown!.slowest1pct;
    expect(slow.requests).toBe(1);
    expect(slow.componentsMs.db).toBe(30);
    expect(slow.componentsMs.other).toBeCloseTo(slow.totalMs - 30.5, 2);
  });
});
