import { describe, expect, it } from 'vitest';
import { testClock } from '../../test/fake-task-api.ts';
import { sleep } from '../time/sleep.ts';
import { runFixedRate, type FixedRateOptions } from './fixed-rate.ts';

const base: FixedRateOptions = {
  ratePerSec: 50,
  durationMs: 500,
  maxCount: 1000,
  maxInFlight: 100,
  drainTimeoutMs: 2000,
  abortGraceMs: 200,
};
const never = new AbortController().signal;

describe('runFixedRate', () => {
  it('schedules every slot from the absolute start: slow tasks do not delay the next', async () => {
    const clock = testClock();
    const lateness: number[] = [];
    const outcome = await runFixedRate(base, clock, never, async ({ dueAtMs }) => {
      lateness.push(clock.nowMs() - dueAtMs);
      await sleep(200, never);
    });
    expect(outcome).toMatchObject({ started: 25, cut: 0, stoppedBy: 'duration', skippedAtMs: [] });
    // A schedule held up by the 200 ms tasks would fall 200 ms further behind each slot (seconds by the end);
    // the bounds leave room for a busy machine's event-loop stalls.
    expect(lateness.sort((a, b) => a - b)[12]).toBeLessThan(50);
    expect(lateness.at(-1)).toBeLessThan(400);
  });

  it('runs at most maxInFlight at once and counts the slots skipped meanwhile, with their due times', async () => {
    let running = 0;
    let most = 0;
    const outcome = await runFixedRate({ ...base, ratePerSec: 20, maxInFlight: 2 }, testClock(), never, async () => {
      most = Math.max(most, ++running);
      await sleep(300, never);
      running--;
    });
    expect(most).toBe(2);
    expect(outcome.started + outcome.skippedAtMs.length).toBe(10);
    expect(outcome.skippedAtMs.length).toBeGreaterThanOrEqual(5);
    // Slot n (0-based) is due at start + n * 50 ms (the start is within a millisecond of the clock's zero).
    for (const atMs of outcome.skippedAtMs) expect(Math.abs(atMs - 50 * Math.round(atMs / 50))).toBeLessThan(1);
  });

  it('stops at maxCount even with time left', async () => {
    const started = performance.now();
    const outcome = await runFixedRate({ ...base, ratePerSec: 1000, maxCount: 5, durationMs: 60_000 }, testClock(), never, async () => {});
    expect(outcome).toMatchObject({ started: 5, stoppedBy: 'max-count' });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('on abort, lets tasks in flight finish within the grace, then cuts the rest', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const finished: number[] = [];
    const started = performance.now();
    const outcome = await runFixedRate({ ...base, durationMs: 60_000 }, testClock(), controller.signal, async ({ n, cut }) => {
      // Odd slots finish quickly; even ones wait until they are cut.
      await sleep(n % 2 ? 20 : 60_000, cut);
      if (!cut.aborted) finished.push(n);
    });
    const tookMs = performance.now() - started;
    expect(outcome.stoppedBy).toBe('signal');
    expect(outcome.started).toBeGreaterThanOrEqual(4);
    expect(outcome.cut).toBe(Math.floor(outcome.started / 2));
    expect(finished.every((n) => n % 2 === 1)).toBe(true);
    expect(tookMs).toBeGreaterThanOrEqual(290);
    expect(tookMs).toBeLessThan(1000);
  });

  it('after the last slot, waits for tasks up to drainTimeoutMs, then cuts them', async () => {
    const started = performance.now();
    const outcome = await runFixedRate(
      { ...base, ratePerSec: 10, durationMs: 100, drainTimeoutMs: 150 },
      testClock(),
      never,
      async ({ cut }) => {
        await sleep(60_000, cut);
      },
    );
    expect(outcome).toMatchObject({ started: 1, cut: 1, stoppedBy: 'duration' });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
