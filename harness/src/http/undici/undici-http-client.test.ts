// The client against an in-process server on loopback: answers, failures as values with stable codes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../http-client.ts';
import { okText } from '../http-client.ts';
import { createHttpClient } from './undici-http-client.ts';

const servers: Server[] = [];
const clients: HttpClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const client = (options?: Parameters<typeof createHttpClient>[0]): HttpClient => {
  const c = createHttpClient(options);
  clients.push(c);
  return c;
};

describe('createHttpClient (undici)', () => {
  it('sends method, path with query, headers and body; returns status, headers and text', async () => {
    const base = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () =>
        res.writeHead(201, { 'x-instance': 'service-1' }).end(`${req.method} ${req.url} ${req.headers['content-type']} ${body}`),
      );
    });
    const result = await client().request({
      method: 'POST',
      url: `${base}/stats;csv?x=1`,
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
      timeoutMs: 2000,
    });
    expect(result).toMatchObject({ ok: true, status: 201, text: 'POST /stats;csv?x=1 application/json {"a":1}' });
    expect(result.ok && result.headers['x-instance']).toBe('service-1');
    expect(okText(result)).toBe('POST /stats;csv?x=1 application/json {"a":1}');
    expect(okText({ ok: true, status: 503, headers: {}, text: 'down' })).toBeNull();
  });

  it('fails as values: refused (not sent), timed out, cut by the caller', async () => {
    const closed = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await client().request({ url: closed, timeoutMs: 1000 })).toEqual({ ok: false, code: 'ECONNREFUSED', notSent: true });

    const silent = await serve(() => undefined);
    const started = performance.now();
    // A deadline's remainder, not a whole number of ms (Node's timers refuse those).
    expect(await client().request({ url: silent, timeoutMs: 150.7 })).toEqual({ ok: false, code: 'timeout', notSent: false });
    expect(performance.now() - started).toBeLessThan(1500);

    const cutter = new AbortController();
    setTimeout(() => cutter.abort(Object.assign(new Error('probe stopped'), { code: 'PROBE_CUT' })), 50);
    expect(await client().request({ url: silent, timeoutMs: 5000, signal: cutter.signal })).toEqual({
      ok: false,
      code: 'cut',
      notSent: false,
    });
  });

  it('keeps the status when only the body broke off', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.destroy(), 20);
    });
    const result = await client().request({ url: base, timeoutMs: 2000 });
    expect(result).toMatchObject({ ok: true, status: 200, text: null });
    expect(result.ok && result.bodyError).toMatch(/^UND_ERR_|^E[A-Z]+$/);
    expect(okText(result)).toBeNull();
  });

  it('refuses any address outside loopback', async () => {
    await expect(client().request({ url: 'http://example.com/', timeoutMs: 100 })).rejects.toThrow(/only loopback/);
  });
});
