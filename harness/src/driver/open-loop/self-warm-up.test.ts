// The self-warm-up compiles the loop against a server inside the process: the target sees only what was asked for.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createOpenLoopDriver } from './open-loop-driver.ts';
import { SELF_WARM_UP_MIN_RATE, warmUpOnce } from './self-warm-up.ts';

describe('self warm-up', () => {
  it('runs once per process and completes on its own', async () => {
    const first = warmUpOnce();
    expect(warmUpOnce()).toBe(first);
    await expect(first).resolves.toBeUndefined();
  });

  it('sends the target nothing beyond the schedule and the preconnect HEADs', async () => {
    const seen = { get: 0, head: 0 };
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'HEAD') seen.head++;
      else seen.get++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const driver = createOpenLoopDriver();
      const durationMs = 200;
      const summary = await driver.run(
        {
          baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          request: { method: 'GET', path: '/' },
          nextKey: () => 0,
          connections: 8,
          ratePerSec: SELF_WARM_UP_MIN_RATE,
          durationMs,
          timeoutMs: 5000,
        },
        { response: () => undefined, error: () => undefined },
        { nowMs: () => performance.now() },
        new AbortController().signal,
      );
      expect(summary.sent).toBe((SELF_WARM_UP_MIN_RATE * durationMs) / 1000);
      expect(seen).toEqual({ get: summary.sent, head: 8 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
