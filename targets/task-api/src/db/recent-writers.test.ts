import { describe, expect, it } from 'vitest';
import { RecentWriters } from './recent-writers.ts';

describe('RecentWriters', () => {
  it('remembers a writer for the window only', () => {
    const w = new RecentWriters(5000);
    w.note(7, 1000);
    expect(w.isRecent(7, 1000)).toBe(true);
    expect(w.isRecent(7, 5999)).toBe(true);
    expect(w.isRecent(7, 6000)).toBe(false);
    expect(w.isRecent(8, 1000)).toBe(false);
  });

  it('a new write extends the window', () => {
    const w = new RecentWriters(100);
    w.note(1, 0);
    w.note(1, 90);
    expect(w.isRecent(1, 150)).toBe(true);
  });

  it('prunes expired writers as new writes arrive, keeping memory bounded', () => {
    const w = new RecentWriters(10);
    for (let t = 0; t < 10_000; t++) w.note(t, t);
    expect(w.size).toBeLessThanOrEqual(11);
  });

  it('a zero window never routes to the primary', () => {
    const w = new RecentWriters(0);
    w.note(1, 10);
    expect(w.isRecent(1, 10)).toBe(false);
  });
});
