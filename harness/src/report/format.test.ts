import { describe, expect, it } from 'vitest';
import {
  MISSING,
  droppedNote,
  droppedShare,
  formatErrors,
  formatMs,
  formatPercent,
  formatRate,
  formatSeconds,
  formatSpan,
} from './format.ts';

describe('report formatting', () => {
  it('shows milliseconds with about 3 significant digits', () => {
    expect([0.4123, 4.123, 41.23, 412.3, 4123.4, 0].map(formatMs)).toEqual(['0.412', '4.12', '41.2', '412', '4123', '0']);
    expect(formatMs(null)).toBe(MISSING);
  });

  it('shows rates as integers, with a decimal for a trickle', () => {
    expect([10_000.4, 2900.8, 3.25, 0].map(formatRate)).toEqual(['10000', '2901', '3.3', '0']);
    expect(formatRate(null)).toBe('—');
  });

  it('shows ratios as percentages', () => {
    expect([0, 0.0000005, 0.00092, 0.41, 1].map(formatPercent)).toEqual(['0', '<0.01', '0.09', '41.0', '100.0']);
    expect(formatPercent(null)).toBe('—');
  });

  it('says what the percentiles of a phase with drops leave out, and nothing without drops', () => {
    // The run: 18,699 sent, 1,301 dropped out of 20,000 due.
    expect(droppedNote({ requests: 18_699, dropped: 1301 })).toBe('excludes 1,301 dropped requests, 6.5%');
    expect(droppedShare({ requests: 18_699, dropped: 1301 })).toBe('1,301 of 20,000 due, 6.5%');
    expect(droppedNote({ requests: 99_999, dropped: 1 })).toBe('excludes 1 dropped request, <0.01%');
    expect(droppedNote({ requests: 880, dropped: 120 })).toBe('excludes 120 dropped requests, 12%');
    expect(droppedNote({ requests: 1, dropped: 999 })).toBe('excludes 999 dropped requests, 99%');
    expect(droppedNote({ requests: 0, dropped: 5 })).toBe('excludes 5 dropped requests, 100%');
    expect(droppedNote({ requests: 9_987, dropped: 13 })).toBe('excludes 13 dropped requests, 0.13%');
    expect(droppedNote({ requests: 100, dropped: 0 })).toBeNull();
    expect(droppedNote({ requests: 100 })).toBeNull();
    expect(droppedShare({ requests: 100 })).toBeNull();
  });

  it('lists errors compactly, server errors first, drops last', () => {
    expect(formatErrors({ dropped: 4, reset: 1, http5xx: 3 })).toBe('5xx:3 reset:1 dropped:4');
    expect(formatErrors({ reset: 1, http5xx: 3 })).toBe('5xx:3 reset:1');
    expect(formatErrors({ connrefused: 2, timeout: 0 })).toBe('refused:2');
    expect(formatErrors({})).toBe('-');
  });

  it('formats durations', () => {
    expect(formatSeconds(30_000)).toBe('30');
    expect(formatSeconds(12_540)).toBe('12.5');
    expect(formatSpan('2026-01-01T00:00:00Z', '2026-01-01T00:00:45.2Z')).toBe('45.2s');
    expect(formatSpan('2026-01-01T00:00:00Z', '2026-01-01T00:02:05Z')).toBe('2m 05s');
    expect(formatSpan('2026-01-01T00:00:00Z', '2026-01-01T01:02:00Z')).toBe('1h 02m');
    expect(formatSpan('garbage', '2026-01-01T00:00:00Z')).toBe('—');
  });
});
