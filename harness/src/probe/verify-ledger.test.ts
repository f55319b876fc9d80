import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { verifyLedger, type TitlesQuery } from './verify-ledger.ts';

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
    const error = await verifyLedger([{ title: 'tag-1', outcome: 'acknowledged' }], {
      databaseUrls: [url],
      tag: 'tag',
      timeoutMs: 1200,
      retryDelayMs: 100,
    }).catch((e: unknown) => e);
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
    const foreign = await verifyLedger([{ title: 'other-1', outcome: 'acknowledged' }], {
      databaseUrls: ['postgres://postgres@127.0.0.1:1/postgres'],
      tag: 't',
    }).catch((e: unknown) => e);
    expect((foreign as BenchError).code).toBe('bad-input');
  });

  it('reads every database through its query, retrying one that is not back yet', async () => {
    const reads: string[] = [];
    const queryTitles: TitlesQuery = async ({ url, query, pattern }) => {
      reads.push(`${url} ${pattern}`);
      if (reads.length === 1) throw new Error('the database system is starting up');
      expect(query).toContain('from tasks');
      return url.endsWith(':2/postgres') ? ['t-2'] : ['t-1', 't-3'];
    };
    const databaseUrls = ['postgres://postgres@127.0.0.1:1/postgres', 'postgres://postgres@127.0.0.1:2/postgres'];
    const verdict = await verifyLedger(
      [
        { title: 't-1', outcome: 'acknowledged' },
        { title: 't-2', outcome: 'acknowledged' },
        { title: 't-4', outcome: 'acknowledged' },
      ],
      { databaseUrls, tag: 't', retryDelayMs: 10, queryTitles },
    );
    expect(reads).toEqual([`${databaseUrls[0]} t-%`, `${databaseUrls[0]} t-%`, `${databaseUrls[1]} t-%`]);
    expect(verdict).toMatchObject({ acknowledged: 3, acknowledgedPresent: 2, lost: 1, unlisted: 1 });
  });
});
