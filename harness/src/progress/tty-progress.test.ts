import { describe, expect, it } from 'vitest';
import { FakeTerminal } from '../../test/fixtures/fake-terminal.ts';
import type { PhaseStart } from './progress.ts';
import { createTtyProgress, liveBlock } from './tty-progress.ts';

const FLUSH: PhaseStart = {
  variant: 'no-coalescing',
  phase: 'flush',
  index: 1,
  count: 4,
  durationMs: 15_000,
  variantIndex: 0,
  variantCount: 2,
};

function setup(columns = 100) {
  const terminal = new FakeTerminal();
  const writes: string[] = [];
  let nowMs = 0;
  const stream = {
    isTTY: true,
    columns,
    write(text: string) {
      writes.push(text);
      terminal.write(text);
      return true;
    },
  };
  const progress = createTtyProgress({ stream, now: () => nowMs });
  return { terminal, writes, progress, tick: (ms: number) => (nowMs += ms) };
}

describe('TTY progress', () => {
  it('draws the phase, a progress bar with elapsed and remaining time, and the last second', () => {
    expect(liveBlock(FLUSH, 6000, { rps: 2901, p99Ms: 873.2, errors: { http5xx: 37, reset: 3 } }, 80)).toEqual([
      '▶ no-coalescing (1/2) · phase 2/4 flush · 15 s',
      `  [${'█'.repeat(16)}${'░'.repeat(24)}] 6 s / 15 s · 9 s left`,
      '  last second: 2901 req/s · p99 873 ms · errors 40 (5xx:37 reset:3)',
    ]);
    expect(liveBlock(FLUSH, 99_000, null, 50)[1]).toBe('  [██████████] 15 s / 15 s · 0 s left');
    expect(liveBlock(FLUSH, 0, null, 80)[2]).toBe('  last second: waiting for the first second…');
  });

  it('redraws the block in place: one write per second, only the latest figures on screen', () => {
    const { terminal, writes, progress, tick } = setup();
    progress.phaseStarted(FLUSH);
    for (let s = 1; s <= 5; s++) {
      tick(1000);
      const before = writes.length;
      progress.second({ rps: 1000 * s, p99Ms: s, errors: {} });
      expect(writes.length - before).toBe(1);
    }
    expect(terminal.screen()).toEqual([
      '==> no-coalescing (1/2) · phase 2/4 flush · 15 s',
      '▶ no-coalescing (1/2) · phase 2/4 flush · 15 s',
      `  [${'█'.repeat(13)}${'░'.repeat(27)}] 5 s / 15 s · 10 s left`,
      '  last second: 5000 req/s · p99 5.00 ms · errors 0',
    ]);
    expect(terminal.unknown).toEqual([]);
  });

  it('prints events and log lines above the block, which stays at the bottom', () => {
    const { terminal, progress, tick } = setup();
    progress.phaseStarted(FLUSH);
    tick(1000);
    progress.second({ rps: 10, p99Ms: 1, errors: {} });
    progress.event('cache flush (FLUSHALL on redis)');
    progress.log('    a log line that is much longer than the terminal is wide, which may wrap since it scrolls away anyway........');
    tick(1000);
    progress.second({ rps: 20, p99Ms: 2, errors: { timeout: 1 } });
    const screen = terminal.screen();
    expect(screen.slice(0, 3)).toEqual([
      '==> no-coalescing (1/2) · phase 2/4 flush · 15 s',
      '    ⚡ cache flush (FLUSHALL on redis)',
      '    a log line that is much longer than the terminal is wide, which may wrap since it scrolls away anyway........',
    ]);
    expect(screen.at(-1)).toBe('  last second: 20 req/s · p99 2.00 ms · errors 1 (timeout:1)');
    expect(screen).toHaveLength(6);
  });

  it('starts a new block at each phase and clears it when finished', () => {
    const { terminal, progress, tick } = setup();
    progress.phaseStarted(FLUSH);
    tick(15_000);
    progress.second({ rps: 10, p99Ms: 1, errors: {} });
    progress.phaseStarted({ ...FLUSH, phase: 'recovery', index: 2 });
    progress.finished();
    progress.event('late event');
    expect(terminal.screen()).toEqual([
      '==> no-coalescing (1/2) · phase 2/4 flush · 15 s',
      '==> no-coalescing (1/2) · phase 3/4 recovery · 15 s',
      '    ⚡ late event',
    ]);
  });

  it('never lets a block line wrap on a narrow terminal', () => {
    const { terminal, progress, tick } = setup(40);
    progress.phaseStarted({ ...FLUSH, variant: 'a-very-long-variant-name-that-goes-on' });
    tick(1000);
    progress.second({ rps: 123456, p99Ms: 12345.6, errors: { http5xx: 1000, reset: 2000, timeout: 3000 } });
    for (const line of terminal.screen().slice(1)) expect([...line].length).toBeLessThanOrEqual(39);
    expect(terminal.screen()[1]!.endsWith('…')).toBe(true);
  });
});
