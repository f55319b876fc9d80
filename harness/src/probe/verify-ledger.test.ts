import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { verifyLedger } from './verify-ledger.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('verifyLedger', () => {
  it('retries an unreachable database until its deadline, then says which one and how to fix it', async () => {
    const url = `postgres://postgres:secret@127.0.0.1:${await closedPort()}/postgres`;
    const started = performance.now();
    const error = await verifyLedger([{ title: 'tag-1', outcome: 'acknowledged' }], { databaseUrls: [url], tag: 'tag', timeoutMs: 1200, retryDelayMs: 100 }).catch((e: unknown) => e);
    const tookMs = performance.now() - started;
    expect(error).toBeInstanceOf(BenchError);
    expect((error as BenchError).code).toBe('infrastructure');
    expect((error as BenchError).message).toContain('postgres:***@127.0.0.1');
    expect((error as BenchError).message).not.toContain('secret');
    expect(tookMs).toBeGreaterThanOrEqual(1100);
    expect(tookMs).toBeLessThan(3000);
  });

  it('refuses databases outside loopback, an empty list and entries without the tag, before connecting', async () => {
    const bad = await verifyLedger([], { databaseUrls: ['postgres://db.example.com/postgres'], tag: '' }).catch((e: unknown) => e);
    expect((bad as BenchError).issues.map((i) => i.path)).toEqual(['databaseUrls[0]', 'tag']);
    const none = await verifyLedger([], { databaseUrls: [], tag: 't' }).catch((e: unknown) => e);
    expect((none as BenchError).issues.map((i) => i.path)).toEqual(['databaseUrls']);
    const foreign = await verifyLedger([{ title: 'other-1', outcome: 'acknowledged' }], { databaseUrls: ['postgres://postgres@127.0.0.1:1/postgres'], tag: 't' }).catch((e: unknown) => e);
    expect((foreign as BenchError).code).toBe('bad-input');
  });
});
