import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { seededRandom } from '../driver/keys/zipf.ts';
import { fakeTaskApiPerTest, testClock } from '../../test/fake-task-api.ts';
import { compareLedger } from './ledger-verdict.ts';
import { classifyWrite, fillWrite, runWriteLedger } from './write-ledger.ts';

const never = new AbortController().signal;
const startApi = fakeTaskApiPerTest();

describe('classifyWrite', () => {
  const answer = (status: number, body: unknown = {}) => ({ ok: true as const, status, body, ms: 1 });
  const failure = (code: string, notSent = false) => ({ ok: false as const, code, notSent, ms: 1 });
  it('2xx is acknowledged (with the task id when the body has one)', () => {
    expect(classifyWrite(answer(201, { id: 42 }))).toEqual({ outcome: 'acknowledged', status: 201, taskId: 42 });
    expect(classifyWrite(answer(201, undefined))).toEqual({ outcome: 'acknowledged', status: 201 });
  });
  it('4xx and requests that never left are rejected', () => {
    expect(classifyWrite(answer(404))).toEqual({ outcome: 'rejected', status: 404 });
    expect(classifyWrite(answer(400))).toEqual({ outcome: 'rejected', status: 400 });
    expect(classifyWrite(failure('ECONNREFUSED', true))).toEqual({ outcome: 'rejected', error: 'ECONNREFUSED' });
  });
  it('5xx, timeouts, resets and cut requests are unknown', () => {
    expect(classifyWrite(answer(503))).toEqual({ outcome: 'unknown', status: 503 });
    expect(classifyWrite(answer(504))).toEqual({ outcome: 'unknown', status: 504 });
    for (const code of ['timeout', 'UND_ERR_SOCKET', 'ECONNRESET', 'cut'])
      expect(classifyWrite(failure(code))).toEqual({ outcome: 'unknown', error: code });
  });
});

describe('runWriteLedger (against a fake task-api on 127.0.0.1)', () => {
  it('notes every write with its title, outcome and time; the verdict matches what the service committed', async () => {
    const api = await startApi({
      knownUsers: 40,
      commitBeforeFault: true,
      // Every 5th write commits then answers 503; every 7th commits then resets; the 3rd hangs after committing.
      writeFault: (n) => (n === 3 ? 'hang' : n % 5 === 0 ? 503 : n % 7 === 0 ? 'reset' : undefined),
    });
    const ledger = await runWriteLedger(
      {
        baseUrl: api.url,
        tag: 'ledger-test',
        ratePerSec: 50,
        durationMs: 800,
        timeoutMs: 1000,
        userIds: { min: 1, max: 50 },
        random: seededRandom(3),
      },
      testClock(),
      never,
    );
    expect(ledger.entries).toHaveLength(40);
    expect(ledger.entries.map((e) => e.title).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `ledger-test-${i + 1}`).sort());
    expect(ledger.entries.find((e) => e.n === 3)).toMatchObject({ outcome: 'unknown', error: 'timeout' });
    expect(ledger.entries.find((e) => e.n === 5)).toMatchObject({ outcome: 'unknown', status: 503 });
    expect(ledger.entries.find((e) => e.n === 7)).toMatchObject({ outcome: 'unknown' });
    expect(ledger.entries.filter((e) => e.outcome === 'rejected').every((e) => e.status === 404 && e.userId > 40)).toBe(true);
    expect(ledger.entries.filter((e) => e.outcome === 'acknowledged').every((e) => typeof e.taskId === 'number')).toBe(true);
    const verdict = compareLedger(ledger.entries, api.titles());
    expect(verdict).toMatchObject({ writes: 40, lost: 0, rejectedPresent: 0, duplicates: 0, unlisted: 0 });
    expect(verdict.acknowledged).toBeGreaterThan(15);
    expect(verdict.rejected).toBeGreaterThan(0);
    expect(verdict.unknownPresent).toBeGreaterThan(0);
    expect(verdict.unknown).toBe(verdict.unknownPresent + verdict.unknownAbsent);
  });

  it('notes writes to a port nobody listens on as rejected (nothing was sent)', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const ledger = await runWriteLedger(
      { baseUrl: `http://127.0.0.1:${port}`, tag: 't', ratePerSec: 20, durationMs: 200, random: seededRandom(1) },
      testClock(),
      never,
    );
    expect(ledger.entries).toHaveLength(4);
    expect(ledger.entries.every((e) => e.outcome === 'rejected' && e.error === 'ECONNREFUSED')).toBe(true);
  });

  it('on abort, returns every write sent; writes cut after the grace are unknown', async () => {
    const api = await startApi({ commitBeforeFault: true, writeFault: (n) => (n > 2 ? 'hang' : undefined) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const ledger = await runWriteLedger(
      { baseUrl: api.url, tag: 'abort', ratePerSec: 20, durationMs: 60_000, abortGraceMs: 100, random: seededRandom(1) },
      testClock(),
      controller.signal,
    );
    expect(ledger.stoppedBy).toBe('signal');
    expect(ledger.entries.slice(0, 2).map((e) => e.outcome)).toEqual(['acknowledged', 'acknowledged']);
    expect(ledger.entries.slice(2).every((e) => e.outcome === 'unknown' && e.error === 'cut')).toBe(true);
    expect(ledger.entries.length).toBeGreaterThanOrEqual(4);
    expect(compareLedger(ledger.entries, api.titles())).toMatchObject({ lost: 0, unknownAbsent: 0 });
  });

  it('stops at maxWrites and refuses a bad tag or a remote URL', async () => {
    const api = await startApi();
    const ledger = await runWriteLedger(
      { baseUrl: api.url, tag: 'max', ratePerSec: 500, durationMs: 10_000, maxWrites: 6, random: seededRandom(1) },
      testClock(),
      never,
    );
    expect(ledger.entries).toHaveLength(6);
    expect(ledger.stoppedBy).toBe('max-count');
    const bad = await runWriteLedger(
      { baseUrl: 'http://example.com', tag: '', durationMs: 100, random: Math.random },
      testClock(),
      never,
    ).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(BenchError);
    expect((bad as BenchError).issues.map((i) => i.path)).toEqual(['baseUrl', 'tag']);
  });
});

describe('fillWrite', () => {
  it("puts the title and the user where the experiment's write names them, JSON by default when it has a body", () => {
    expect(fillWrite({ path: '/notes/{user}', body: '{"text":"{title}","again":"{title}"}' }, 'ledger-x-7', 42)).toEqual({
      method: 'POST',
      path: '/notes/42',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"ledger-x-7","again":"ledger-x-7"}',
    });
    expect(fillWrite({ method: 'PUT', path: '/notes/{title}', headers: { 'x-a': 'b' } }, 't-1', 1)).toEqual({
      method: 'PUT',
      path: '/notes/t-1',
      headers: { 'x-a': 'b' },
      body: null,
    });
  });
});
