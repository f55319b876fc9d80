import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSteadyState } from './steady-state.ts';

let server: Server | undefined;
afterEach(() => server?.close());

async function serve(status: (elapsedMs: number) => number): Promise<string> {
  const started = performance.now();
  server = createServer((_req, res) => {
    res.statusCode = status(performance.now() - started);
    res.end('x');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const signal = new AbortController().signal;

describe('checkSteadyState', () => {
  it('passes at once for a healthy system, and waits for one that recovers within the deadline', async () => {
    const url = await serve((ms) => (ms < 600 ? 503 : 200));
    const result = await checkSteadyState([{ path: '/health' }], url, { deadlineMs: 5000, signal });
    expect(result.passed).toBe(true);
    expect(result.afterMs).toBeGreaterThanOrEqual(500);
    // Soon after it recovers, not at the deadline (each poll's timeout is the deadline's remainder, in fractional ms).
    expect(result.afterMs).toBeLessThan(3000);
    expect(result.checks[0]).toMatchObject({ name: 'GET /health', expected: 'HTTP 200', passed: true });
  });

  it('fails with what it last saw when the system stays broken or nothing listens', async () => {
    const url = await serve(() => 503);
    const broken = await checkSteadyState(
      [
        { path: '/health', name: 'health' },
        { path: '/tasks/1', expectStatus: 503 },
      ],
      url,
      { deadlineMs: 600, signal },
    );
    expect(broken.passed).toBe(false);
    expect(broken.checks.map((c) => [c.name, c.passed, c.observed.startsWith('HTTP 503')])).toEqual([
      ['health', false, true],
      ['GET /tasks/1', true, true],
    ]);
    server?.close();
    const closed = await checkSteadyState([{ path: '/health' }], url, { deadlineMs: 300, signal });
    expect(closed.checks[0]?.observed).toBe('ECONNREFUSED');
  });
});
