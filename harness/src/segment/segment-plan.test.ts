import { describe, expect, it } from 'vitest';
import type { BenchError } from '../errors/bench-error.ts';
import { PLAN_FORMAT, layoutOf, planId, validatePlan } from './segment-plan.ts';
import { parseStartAt } from './start-time.ts';

const good = {
  format: PLAN_FORMAT,
  driver: 'open',
  url: 'http://127.0.0.1:8080/x',
  method: 'GET',
  headers: { b: '2', a: '1' },
  ratePerSec: 1000,
  durationMs: 10_000,
  timeoutMs: 10_000,
  connections: 64,
  sequence: '0,1/2,1',
  allowRemote: false,
};

const errorOf = (f: () => unknown): BenchError => {
  try {
    f();
  } catch (error) {
    return error as BenchError;
  }
  throw new Error('did not throw');
};

describe('segment plans', () => {
  it("split connections with the requests' striping: exact, every one used", () => {
    expect(layoutOf(good).connections).toEqual([32, 32]);
    expect(layoutOf({ sequence: '0,1/3,1', connections: 64 }).connections).toEqual([21, 43]);
    expect(layoutOf({ sequence: '0,1/4,1/2,3/4,1', connections: 6 }).connections).toEqual([2, 2, 1, 1]);
  });

  it('an id that ignores key order and changes with any field', () => {
    const reordered = JSON.parse(JSON.stringify({ ...good, headers: { a: '1', b: '2' } }));
    expect(planId(validatePlan(reordered, 'p'))).toBe(planId(validatePlan(good, 'p')));
    expect(planId(validatePlan({ ...good, ratePerSec: 1001 }, 'p'))).not.toBe(planId(validatePlan(good, 'p')));
    expect(planId(validatePlan({ ...good, headers: { a: '2', b: '2' } }, 'p'))).not.toBe(planId(validatePlan(good, 'p')));
  });

  it('names every problem with its file and field (exit 2)', () => {
    const e = errorOf(() => validatePlan({ ...good, url: 'ftp://x', ratePerSec: -1, sequence: '0,1/2', connections: 1.5 }, 'plan.json'));
    expect(e.exitCode).toBe(2);
    expect(e.issues.map((i) => `${i.file}:${i.path}`)).toEqual([
      'plan.json:url',
      'plan.json:ratePerSec',
      'plan.json:connections',
      'plan.json:sequence',
    ]);
    expect(errorOf(() => validatePlan({ ...good, connections: 1 }, 'p')).message).toContain('segment 2 of 2 without a connection');
  });

  it('start times: now is a second ahead, the past and far future are refused', () => {
    const now = 1_700_000_000_000;
    expect(parseStartAt('now', now)).toEqual({ kind: 'at', epochMs: now + 1000 });
    expect(parseStartAt(String(now + 5000), now)).toEqual({ kind: 'at', epochMs: now + 5000 });
    expect(parseStartAt(new Date(now + 60_000).toISOString(), now)).toEqual({ kind: 'at', epochMs: now + 60_000 });
    expect(parseStartAt('barrier', now)).toEqual({ kind: 'barrier' });
    expect(errorOf(() => parseStartAt(String(now - 5000), now)).message).toContain('passed 5.0 s ago');
    expect(errorOf(() => parseStartAt('soon', now)).exitCode).toBe(2);
  });
});
