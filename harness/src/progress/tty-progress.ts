// Progress on a terminal: a few lines at the bottom, redrawn in place once a second; phase starts, events and log
// lines scroll above them. Each frame is one write (cursor up, rewrite, clear rest), so the block never flickers.
import { bar, clock, figures, fit as fitColumns, phaseTitle, terminalWidth } from './progress-format.ts';
import type { PhaseStart, Progress, ProgressStream, SecondSample } from './progress.ts';

const CSI = '\x1b[';

export interface TtyProgressOptions {
  stream: ProgressStream;
  /** Milliseconds, monotonic; injected for tests. */
  now?: () => number;
}

export function createTtyProgress(options: TtyProgressOptions): Progress {
  const { stream } = options;
  const now = options.now ?? (() => performance.now());
  let phase: { start: PhaseStart; startedAt: number } | null = null;
  let last: SecondSample | null = null;
  let drawn = 0;
  let done = false;

  const block = (): string[] => (phase ? liveBlock(phase.start, now() - phase.startedAt, last, stream.columns) : []);

  /** Replaces the block with `above` (lines that stay) followed by the block drawn afresh. */
  const frame = (above: readonly string[]): void => {
    if (done) {
      if (above.length > 0) stream.write(above.map((l) => `${l}\n`).join(''));
      return;
    }
    // Lines above may wrap (they scroll away); block lines must not, or the cursor-up count would be wrong.
    const lines = [...above, ...block().map((l) => fitColumns(l, stream.columns))];
    // Up to the block's first line (column 1), rewrite each line clearing its tail, then clear anything left below.
    const up = drawn > 0 ? `${CSI}${drawn}F` : '\r';
    stream.write(`${up}${lines.map((l) => `${l}${CSI}K\n`).join('')}${CSI}J`);
    drawn = lines.length - above.length;
  };

  return {
    phaseStarted(start) {
      phase = { start, startedAt: now() };
      last = null;
      frame([`==> ${phaseTitle(start)}`]);
    },
    second(sample) {
      last = sample;
      frame([]);
    },
    event(text) {
      frame([`    ⚡ ${text}`]);
    },
    log(line) {
      frame([line]);
    },
    finished() {
      if (done) return;
      if (drawn > 0) stream.write(`${CSI}${drawn}F${CSI}J`);
      drawn = 0;
      done = true;
    },
  };
}

/** The live lines, pure: title, progress bar with elapsed and remaining, and the last second's figures. */
export function liveBlock(start: PhaseStart, elapsedMs: number, last: SecondSample | null, columns: number | undefined): string[] {
  const elapsed = Math.min(Math.max(0, elapsedMs), start.durationMs);
  const fraction = start.durationMs > 0 ? elapsed / start.durationMs : 1;
  const barWidth = Math.max(10, Math.min(40, terminalWidth(columns) - 40));
  return [
    `▶ ${phaseTitle(start)}`,
    `  ${bar(fraction, barWidth)} ${clock(elapsed)} / ${clock(start.durationMs)} · ${clock(start.durationMs - elapsed)} left`,
    `  last second: ${last ? figures(last) : 'waiting for the first second…'}`,
  ];
}
