import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import { seededRandom } from '../driver/keys/zipf.ts';
import { fakeTaskApiPerTest, testClock, type FakeTaskApi, type FakeTaskApiOptions } from '../../test/fake-task-api.ts';
import { judgeRead, runReadAfterWriteProbe, type ReadAfterWriteOptions } from './read-after-write.ts';
import { summarizeReadAfterWrite } from './read-after-write-summary.ts';

const never = new AbortController().signal;
const startApi = fakeTaskApiPerTest();
let api: FakeTaskApi | undefined;

async function probe(server: FakeTaskApiOptions, options: Partial<ReadAfterWriteOptions>, signal = never) {
  api = await startApi(server);
  return runReadAfterWriteProbe(
    { baseUrl: api.url, durationMs: 500, ratePerSec: 40, userIds: { min: 1, max: 50 }, random: seededRandom(7), ...options },
    testClock(),
    signal,
  );
}

describe('judgeRead', () => {
  const created = { id: 50, createdAt: '2026-01-01T00:00:01.000Z' };
  const task = (id: number, createdAt: string) => ({ id, title: 'x', done: false, createdAt });
  it('is fresh when the list has the task, stale when it does not', () => {
    expect(judgeRead(created, { tasks: [task(50, created.createdAt), task(3, '2025-01-01T00:00:00.000Z')] })).toBe('fresh');
    expect(judgeRead(created, { tasks: [task(3, '2025-01-01T00:00:00.000Z')] })).toBe('stale');
    expect(judgeRead(created, { tasks: [] })).toBe('stale');
  });
  it('cannot tell when 20 newer tasks pushed it out of the list', () => {
    const newer = Array.from({ length: 20 }, (_, i) => task(100 + i, '2026-01-01T00:00:02.000Z'));
    expect(judgeRead(created, { tasks: newer })).toBe('displaced');
    const older = Array.from({ length: 20 }, (_, i) => task(10 + i, '2026-01-01T00:00:00.500Z'));
    expect(judgeRead(created, { tasks: older })).toBe('stale');
  });
  it('is undefined when the body is not a task list', () => {
    expect(judgeRead(created, { error: 'x' })).toBeUndefined();
    expect(judgeRead(created, undefined)).toBeUndefined();
  });
});

describe('runReadAfterWriteProbe (against a fake task-api on 127.0.0.1)', () => {
  it('writes then reads at the rate asked; a consistent service gives only fresh checks', async () => {
    const run = await probe({}, {});
    expect(run.checks).toHaveLength(20);
    expect(run).toMatchObject({ skippedAtMs: [], cut: 0, stoppedBy: 'duration' });
    expect(run.checks.every((c) => c.outcome === 'fresh' && c.writeStatus === 201 && c.readStatus === 200)).toBe(true);
    expect(run.checks[0]).toMatchObject({ writeInstance: 'fake-1', readInstance: 'fake-1', readSource: 'db' });
    expect(run.checks.map((c) => c.n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Write times follow the schedule (every 25 ms from the start), on the given clock: never early, and late only
    // by the event loop's hiccups (median well under the interval; a stall on a busy machine may delay a few).
    const lateness = run.checks.map((c, i) => c.atMs - i * 25);
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(-1);
    expect(lateness.sort((a, b) => a - b)[10]).toBeLessThan(100);
    expect(new Set(api!.titles()).size).toBe(20);
    expect(summarizeReadAfterWrite(run.checks).staleRate).toBe(0);
  });

  it('sees a lagging replica as stale reads, and fresh ones when it reads after the lag', async () => {
    const stale = await probe({ visibleAfterMs: 1000 }, {});
    expect(summarizeReadAfterWrite(stale.checks)).toMatchObject({ checks: 20, stale: 20, staleRate: 1 });
    const late = await probe({ visibleAfterMs: 150 }, { readDelayMs: 250 });
    expect(summarizeReadAfterWrite(late.checks)).toMatchObject({ checks: 20, fresh: 20, staleRate: 0 });
  });

  it('keeps its schedule when the service is slow, and skips (and counts) checks beyond maxInFlight', async () => {
    const run = await probe({ writeDelayMs: 300 }, { ratePerSec: 50, durationMs: 600, maxInFlight: 4 });
    expect(run.checks.length + run.skippedAtMs.length).toBe(30);
    expect(run.skippedAtMs.length).toBeGreaterThan(15);
    expect(api!.maxConcurrent).toBeLessThanOrEqual(4);
    expect(summarizeReadAfterWrite(run.checks, undefined, run.skippedAtMs).skipped).toBe(run.skippedAtMs.length);
  });

  it('stops at maxChecks', async () => {
    const run = await probe({}, { ratePerSec: 200, durationMs: 10_000, maxChecks: 7 });
    expect(run.checks).toHaveLength(7);
    expect(run.stoppedBy).toBe('max-count');
  });

  it('records failed writes with their status or error code', async () => {
    const run = await probe(
      { knownUsers: 25, writeFault: (n) => (n === 2 ? 'hang' : undefined) },
      { timeoutMs: 1000, userIds: { min: 1, max: 50 } },
    );
    const failed = run.checks.filter((c) => c.outcome === 'write-failed');
    expect(failed.some((c) => c.writeStatus === 404 && c.error === 'HTTP 404' && c.readMs === undefined)).toBe(true);
    expect(failed.find((c) => c.n === 2)).toMatchObject({ error: 'timeout' });
    expect(run.checks.filter((c) => c.outcome === 'fresh').every((c) => c.userId <= 25)).toBe(true);
  });

  it('on abort, returns the checks it recorded; checks still hanging after the grace are cut and counted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const started = performance.now();
    const run = await probe(
      { writeFault: (n) => (n > 3 ? 'hang' : undefined) },
      { durationMs: 60_000, abortGraceMs: 100 },
      controller.signal,
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(run.stoppedBy).toBe('signal');
    expect(run.checks.map((c) => c.outcome)).toEqual(['fresh', 'fresh', 'fresh']);
    expect(run.cut).toBeGreaterThanOrEqual(4);
  });

  it('refuses a base URL outside loopback, listing every bad option', async () => {
    const attempt = runReadAfterWriteProbe(
      { baseUrl: 'http://10.0.0.1:8080', durationMs: 0, ratePerSec: 5000, random: Math.random },
      testClock(),
      never,
    );
    await expect(attempt).rejects.toBeInstanceOf(BenchError);
    const error = (await attempt.catch((e: unknown) => e)) as BenchError;
    expect(error.code).toBe('bad-input');
    expect(error.issues.map((i) => i.path)).toEqual(['baseUrl', 'ratePerSec', 'durationMs']);
  });
});
