import { describe, expect, it } from 'vitest';
import { IntendedLine } from './intended-line.ts';

describe('IntendedLine', () => {
  it('is first in first out across growth and wrap-around, and grows only as it fills', () => {
    const line = new IntendedLine(1_000_000);
    expect(line.capacity).toBe(1024);
    // Wrap the ring first (head in the middle), then fill past its capacity so it grows mid-ring.
    for (let i = 0; i < 600; i++) line.push(i);
    for (let i = 0; i < 600; i++) expect(line.shift()).toBe(i);
    for (let i = 0; i < 5000; i++) expect(line.push(1000 + i)).toBe(true);
    expect(line.length).toBe(5000);
    expect(line.capacity).toBe(8192);
    for (let i = 0; i < 5000; i++) expect(line.shift()).toBe(1000 + i);
    expect(line.length).toBe(0);
    expect(line.shift()).toBeNaN();
  });

  it('refuses pushes past its limit, whatever its capacity', () => {
    const line = new IntendedLine(3);
    expect([1, 2, 3, 4].map((v) => line.push(v))).toEqual([true, true, true, false]);
    expect(line.capacity).toBe(3);
    expect(line.shift()).toBe(1);
    expect(line.push(5)).toBe(true);
    expect([line.shift(), line.shift(), line.shift()]).toEqual([2, 3, 5]);
    const none = new IntendedLine(0);
    expect(none.push(1)).toBe(false);
    expect(none.length).toBe(0);
  });

  it('clear() says how many it held', () => {
    const line = new IntendedLine(10);
    for (let i = 0; i < 7; i++) line.push(i);
    expect(line.clear()).toBe(7);
    expect(line.length).toBe(0);
    expect(line.push(42)).toBe(true);
    expect(line.shift()).toBe(42);
  });
});
