// Progress for logs (CI, a pipe, --quiet): plain lines, no cursor movement. One line per interval summarises the
// seconds since the last one: rate averaged over them, the worst second's p99 (percentiles are never averaged),
// errors and drops summed. Quiet prints only phase starts and events.
import type { ErrorCounts } from '../results/run-result.ts';
import { clock, figures, phaseTitle } from './progress-format.ts';
import type { PhaseStart, Progress, ProgressStream, SecondSample } from './progress.ts';

export const DEFAULT_INTERVAL_MS = 5000;

export interface PlainProgressOptions {
  stream: ProgressStream;
  quiet?: boolean;
  intervalMs?: number;
  now?: () => number;
}

interface Interval {
  seconds: number;
  requests: number;
  worstP99: number | null;
  errors: ErrorCounts;
  dropped: number;
}

const emptyInterval = (): Interval => ({ seconds: 0, requests: 0, worstP99: null, errors: {}, dropped: 0 });

export function createPlainProgress(options: PlainProgressOptions): Progress {
  const { stream, quiet = false } = options;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const now = options.now ?? (() => performance.now());
  const line = (text: string): void => void stream.write(`${text}\n`);
  let phase: { start: PhaseStart; startedAt: number } | null = null;
  let lastLineAt = 0;
  let interval = emptyInterval();

  return {
    phaseStarted(start) {
      phase = { start, startedAt: now() };
      lastLineAt = phase.startedAt;
      interval = emptyInterval();
      line(`==> ${phaseTitle(start)}`);
    },
    second(sample) {
      if (quiet || !phase) return;
      interval = accumulate(interval, sample);
      const at = now();
      if (at - lastLineAt < intervalMs) return;
      lastLineAt = at;
      line(`    ${intervalLine(phase.start, at - phase.startedAt, interval)}`);
      interval = emptyInterval();
    },
    event(text) {
      line(`    ⚡ ${text}`);
    },
    log(text) {
      line(text);
    },
    finished() {},
  };
}

function accumulate(interval: Interval, sample: SecondSample): Interval {
  const errors: ErrorCounts = { ...interval.errors };
  for (const [cls, n] of Object.entries(sample.errors) as Array<[keyof ErrorCounts, number | undefined]>)
    errors[cls] = (errors[cls] ?? 0) + (n ?? 0);
  return {
    seconds: interval.seconds + 1,
    requests: interval.requests + sample.rps,
    worstP99: sample.p99Ms === null ? interval.worstP99 : Math.max(interval.worstP99 ?? 0, sample.p99Ms),
    errors,
    dropped: interval.dropped + (sample.dropped ?? 0),
  };
}

/** `no-coalescing/flush 10 s / 15 s: 2901 req/s · worst p99 873 ms · errors 40 (5xx:37 reset:3)` */
export function intervalLine(start: PhaseStart, elapsedMs: number, interval: Interval): string {
  const elapsed = Math.min(Math.max(0, elapsedMs), start.durationMs);
  const sample: SecondSample = {
    rps: interval.seconds > 0 ? interval.requests / interval.seconds : 0,
    p99Ms: interval.worstP99,
    errors: interval.errors,
    dropped: interval.dropped,
  };
  return `${start.variant}/${start.phase} ${clock(elapsed)} / ${clock(start.durationMs)}: ${figures(sample, 'worst p99')}`;
}
