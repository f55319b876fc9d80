import { describe, expect, it } from 'vitest';
import { formatCpuList, parseCpuList } from './cpu-list.ts';

describe('parseCpuList', () => {
  it('reads single CPUs, ranges and lists, sorted and deduplicated', () => {
    expect(parseCpuList('1')).toEqual({ ok: true, cpus: [1] });
    expect(parseCpuList('2-3')).toEqual({ ok: true, cpus: [2, 3] });
    expect(parseCpuList(' 3,0-1,1 ')).toEqual({ ok: true, cpus: [0, 1, 3] });
  });

  it('refuses empty lists, words, reversed ranges and absurd CPUs', () => {
    expect(parseCpuList('')).toMatchObject({ ok: false, error: 'is empty' });
    expect(parseCpuList('x')).toMatchObject({ ok: false, error: expect.stringContaining('"x" is not a CPU number') });
    expect(parseCpuList('1,')).toMatchObject({ ok: false });
    expect(parseCpuList('-1')).toMatchObject({ ok: false });
    expect(parseCpuList('3-1')).toMatchObject({ ok: false, error: expect.stringContaining('ends before it starts') });
    expect(parseCpuList('0-99999999')).toMatchObject({ ok: false, error: expect.stringContaining('above') });
  });
});

describe('formatCpuList', () => {
  it('collapses runs into ranges', () => {
    expect(formatCpuList([0])).toBe('0');
    expect(formatCpuList([3, 0, 1, 2, 5, 7, 8])).toBe('0-3,5,7-8');
    expect(formatCpuList([])).toBe('');
  });

  it('round-trips with parseCpuList', () => {
    const parsed = parseCpuList('0-2,4,6-7');
    expect(parsed.ok && formatCpuList(parsed.cpus)).toBe('0-2,4,6-7');
  });
});
