import { describe, expect, it } from 'vitest';
import { pollDelayMs, waitUntil } from './wait-until.ts';

describe('pollDelayMs', () => {
  it('doubles from the first pause up to the interval', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => pollDelayMs(a, 200))).toEqual([20, 40, 80, 160, 200, 200, 200]);
  });

  it('never exceeds a short interval, and stays finite for huge attempt numbers', () => {
    expect(pollDelayMs(0, 10)).toBe(10);
    expect(pollDelayMs(10_000, 250)).toBe(250);
  });
});

describe('waitUntil', () => {
  it('keeps probing until the probe passes', async () => {
    let calls = 0;
    const outcome = await waitUntil({ describe: 'x', timeoutMs: 5_000, probe: async () => ++calls >= 4 });
    expect(outcome.ok).toBe(true);
    expect(calls).toBe(4);
  });

  it('stops at once when the thing waited on is dead', async () => {
    const outcome = await waitUntil({ describe: 'x', timeoutMs: 5_000, probe: async () => false, deadReason: async () => 'exited' });
    expect(outcome).toMatchObject({ ok: false, reason: 'exited' });
  });
});
