import { describe, expect, it } from 'vitest';
import { createRunId } from './run-id.ts';

describe('run ids', () => {
  it('formats the UTC start time and 6 hex digits', () => {
    const id = createRunId(new Date('2026-11-23T08:37:36.789Z'), '3f9a1c');
    expect(id).toBe('20261123T083736Z-3f9a1c');
  });

  it('uses a random suffix by default', () => {
    const now = new Date('2026-01-02T03:04:05Z');
    const a = createRunId(now);
    const b = createRunId(now);
    expect(a).toMatch(/^20260102T030405Z-[0-9a-f]{6}$/);
    expect(a).not.toBe(b);
  });

  it('sorts by start time as plain strings', () => {
    const times = ['2026-11-23T08:37:36Z', '2025-12-31T23:59:59Z', '2026-11-23T08:37:37Z', '2026-02-01T00:00:00Z'];
    const ids = times.map((t) => createRunId(new Date(t), 'ffffff'));
    const byString = [...ids].sort();
    const byTime = [...times].sort((x, y) => Date.parse(x) - Date.parse(y)).map((t) => createRunId(new Date(t), 'ffffff'));
    expect(byString).toEqual(byTime);
    expect(byString[0]).toBe('20251231T235959Z-ffffff');
  });

  it('refuses a suffix that is not 6 lowercase hex digits', () => {
    expect(() => createRunId(new Date(), 'xyz')).toThrow(RangeError);
    expect(() => createRunId(new Date(), '3F9A1C')).toThrow(RangeError);
  });
});
