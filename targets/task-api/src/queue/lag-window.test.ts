import { describe, expect, it } from 'vitest';
import { LagWindow } from './lag-window.ts';

describe('LagWindow', () => {
  it('summarises one interval at a time', () => {
    const w = new LagWindow();
    expect(w.roll()).toEqual({ p50: null, max: null, count: 0 });
    for (const ms of [40, 10, 30, 20]) w.add(ms);
    expect(w.roll()).toEqual({ p50: 20, max: 40, count: 4 });
    w.add(7);
    expect(w.roll()).toEqual({ p50: 7, max: 7, count: 1 });
    expect(w.roll().count).toBe(0);
  });
});
