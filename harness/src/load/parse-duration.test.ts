import { describe, expect, it } from 'vitest';
import { parseDurationMs } from './parse-duration.ts';

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5s', 1500],
    ['1m', 60_000],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    [' 5s ', 5000],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', '10', 's', '10 s', '-5s', '5x', '1m 30s', '5sec', '1e3ms'])('refuses %j', (text) => {
    expect(parseDurationMs(text)).toBeNull();
  });
});
