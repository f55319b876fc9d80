import { describe, expect, it } from 'vitest';
import { createProgress, lastCompletedSecond, progressLogger } from './create-progress.ts';
import { createPlainProgress } from './plain-progress.ts';
import type { PhaseStart } from './progress.ts';

const BASELINE: PhaseStart = { variant: 'default', phase: 'baseline', index: 0, count: 2, durationMs: 12_000 };

function capture(isTTY = false) {
  let out = '';
  return { stream: { isTTY, write: (t: string) => (out += t) }, text: () => out };
}

describe('plain progress', () => {
  it('prints phase starts, events, and one line per interval summarising its seconds', () => {
    const { stream, text } = capture();
    let now = 0;
    const progress = createPlainProgress({ stream, intervalMs: 5000, now: () => now });
    progress.phaseStarted(BASELINE);
    const p99s = [4, 9, 5, 3, 2, 7, 8];
    p99s.forEach((p99, i) => {
      now += 1000;
      progress.second({
        rps: 100 + i * 10,
        p99Ms: p99,
        errors: i === 2 ? { http5xx: 2, reset: 1 } : {},
        ...(i === 3 ? { dropped: 4 } : {}),
      });
      if (i === 1) progress.event('pause redis');
    });
    progress.finished();
    expect(text()).toBe(
      [
        '==> default · phase 1/2 baseline · 12 s',
        '    ⚡ pause redis',
        // Seconds 1-5: rate averaged (120), p99 of the worst second, errors and drops summed.
        '    default/baseline 5 s / 12 s: 120 req/s · worst p99 9.00 ms · errors 3 (5xx:2 reset:1) · dropped 4',
        '',
      ].join('\n'),
    );
  });

  it('restarts the interval at each phase and prints only phase starts and events when quiet', () => {
    const { stream, text } = capture();
    let now = 0;
    const progress = createPlainProgress({ stream, quiet: true, intervalMs: 1000, now: () => now });
    progress.phaseStarted(BASELINE);
    for (let i = 0; i < 3; i++) {
      now += 1000;
      progress.second({ rps: 1, p99Ms: null, errors: {} });
    }
    progress.event('kill app-1');
    progress.phaseStarted({ ...BASELINE, phase: 'kill', index: 1 });
    expect(text()).toBe('==> default · phase 1/2 baseline · 12 s\n    ⚡ kill app-1\n==> default · phase 2/2 kill · 12 s\n');
  });
});

describe('createProgress', () => {
  const drive = (options: Parameters<typeof createProgress>[0]): string => {
    const progress = createProgress(options);
    progress.phaseStarted(BASELINE);
    progress.second({ rps: 1, p99Ms: 1, errors: {} });
    progress.finished();
    return '';
  };

  it('is live on a terminal and plain otherwise, with --quiet or TERM=dumb', () => {
    const tty = capture(true);
    drive({ stream: tty.stream, env: {} });
    expect(tty.text()).toContain('\x1b[');
    for (const options of [{ env: {} }, { quiet: true, env: {} }, { env: { TERM: 'dumb' } }]) {
      const out = capture(!(options.quiet === undefined && options.env.TERM === undefined));
      drive({ stream: out.stream, ...options });
      expect(out.text()).not.toContain('\x1b[');
      expect(out.text()).toContain('==> default · phase 1/2 baseline');
    }
  });

  it('takes the last completed second from the recorder timeline', () => {
    const seconds = [
      { second: 0, requests: 10, errors: {}, p50Ms: 1, p99Ms: 2 },
      { second: 1, requests: 20, errors: { reset: 1 }, p50Ms: 1, p99Ms: 3 },
      { second: 2, requests: 5, errors: {}, p50Ms: 1, p99Ms: 9 },
    ];
    expect(lastCompletedSecond(seconds, 2500)).toEqual({ rps: 20, p99Ms: 3, errors: { reset: 1 }, second: 1 });
    expect(lastCompletedSecond(seconds, 3000)).toEqual({ rps: 5, p99Ms: 9, errors: {}, second: 2 });
    expect(lastCompletedSecond(seconds, 900)).toBeNull();
  });

  it('routes logger lines through the progress view with the console logger prefixes', () => {
    const { stream, text } = capture();
    const logger = progressLogger(createPlainProgress({ stream }), { verbose: false });
    logger.step('phase flush');
    logger.info('detail');
    logger.warn('careful');
    logger.debug('hidden');
    expect(text()).toBe('==> phase flush\n    detail\nwarn: careful\n');
  });
});
