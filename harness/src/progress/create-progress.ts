// Picks the progress view: live on a terminal, plain lines in CI or a pipe, phase starts and events only with --quiet.
import type { Logger } from '../log/logger.ts';
import type { TimelineSecond } from '../recorder/timeline.ts';
import { createPlainProgress } from './plain-progress.ts';
import type { Progress, ProgressStream, SecondSample } from './progress.ts';
import { createTtyProgress } from './tty-progress.ts';

export interface CreateProgressOptions {
  /** process.stderr by default: progress is not the run's output (stdout holds the summary table). */
  stream?: ProgressStream;
  quiet?: boolean;
  /** Plain view: milliseconds between lines (5000). */
  intervalMs?: number;
  now?: () => number;
  /** process.env by default; TERM=dumb gets the plain view even on a terminal. */
  env?: Readonly<Record<string, string | undefined>>;
}

export function createProgress(options: CreateProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const live = stream.isTTY === true && !options.quiet && env.TERM !== 'dumb';
  const now = options.now ? { now: options.now } : {};
  if (live) return createTtyProgress({ stream, ...now });
  return createPlainProgress({
    stream,
    quiet: options.quiet ?? false,
    ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
    ...now,
  });
}

/**
 * The sample for progress.second(): the last completed second of the recorder's timeline at `nowMs` (ms since the
 * variant's load started), or null before the first second has completed.
 */
export function lastCompletedSecond(seconds: readonly TimelineSecond[], nowMs: number): SecondSample | null {
  const current = Math.floor(nowMs / 1000);
  for (let i = seconds.length - 1; i >= 0; i--) {
    const s = seconds[i]!;
    if (s.second < current) return { rps: s.requests, p99Ms: s.p99Ms, errors: { ...s.errors }, second: s.second };
  }
  return null;
}

/** A Logger whose lines go through the progress view, so they print above the live block instead of through it. */
export function progressLogger(progress: Progress, options: { verbose?: boolean } = {}): Logger {
  return {
    step: (m) => progress.log(`==> ${m}`),
    info: (m) => progress.log(`    ${m}`),
    warn: (m) => progress.log(`warn: ${m}`),
    debug: (m) => {
      if (options.verbose) progress.log(`debug: ${m}`);
    },
  };
}
