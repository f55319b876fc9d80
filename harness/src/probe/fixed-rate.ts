// Runs a task at a fixed rate from an absolute start (k6's constant-arrival-rate): slot n is due at
// start + n / rate, so a slow task never delays the next one. At most `maxInFlight` tasks run at once; a slot
// that comes due while that many are in flight is skipped (its due time is kept), never queued, so a stalled
// server cannot pile up a backlog that would later land as a burst.
import { sleep } from '../time/sleep.ts';
import type { Clock } from '../driver/driver.ts';

export interface FixedRateOptions {
  ratePerSec: number;
  /** No slot is due at or after start + durationMs. */
  durationMs: number;
  /** No more than this many slots (started or skipped). */
  maxCount: number;
  maxInFlight: number;
  /** After the last slot, how long tasks in flight may still take before they are cut. */
  drainTimeoutMs: number;
  /** After the signal aborts, how long tasks in flight may still finish before they are cut. */
  abortGraceMs: number;
}

export interface FixedRateSlot {
  /** 1-based slot number. */
  n: number;
  /** When the slot was due, on the clock. */
  dueAtMs: number;
  /** Aborts when the task must stop at once (drain timeout or abort grace over). */
  cut: AbortSignal;
}

export type StopReason = 'duration' | 'max-count' | 'signal';

export interface FixedRateOutcome {
  started: number;
  /** Due times of slots skipped because `maxInFlight` tasks were running. */
  skippedAtMs: number[];
  /** Tasks still running when they were cut. */
  cut: number;
  stoppedBy: StopReason;
}

/** The reason a cut task's requests are aborted with (the HTTP client reports them as 'cut'). */
export const CUT_CODE = 'PROBE_CUT';

export async function runFixedRate(
  options: FixedRateOptions,
  clock: Clock,
  signal: AbortSignal,
  task: (slot: FixedRateSlot) => Promise<void>,
): Promise<FixedRateOutcome> {
  const intervalMs = 1000 / options.ratePerSec;
  const cutter = new AbortController();
  const running = new Set<Promise<void>>();
  const skippedAtMs: number[] = [];
  const startMs = clock.nowMs();
  // A wall-clock backstop in case the given clock stalls: the loop still ends on time.
  const wallDeadline = performance.now() + options.durationMs + 1000;
  let count = 0;
  let started = 0;
  let stoppedBy: StopReason = 'duration';
  for (;;) {
    if (signal.aborted) {
      stoppedBy = 'signal';
      break;
    }
    if (count >= options.maxCount) {
      stoppedBy = 'max-count';
      break;
    }
    const dueOffsetMs = count * intervalMs;
    if (dueOffsetMs >= options.durationMs || performance.now() >= wallDeadline) break;
    const waitMs = startMs + dueOffsetMs - clock.nowMs();
    if (waitMs > 0) {
      await sleep(Math.min(waitMs, wallDeadline - performance.now()), signal);
      continue;
    }
    const n = ++count;
    const dueAtMs = startMs + dueOffsetMs;
    if (running.size >= options.maxInFlight) {
      skippedAtMs.push(dueAtMs);
      continue;
    }
    started++;
    const done: Promise<void> = Promise.resolve()
      .then(() => task({ n, dueAtMs, cut: cutter.signal }))
      .catch(() => undefined)
      .finally(() => running.delete(done));
    running.add(done);
  }
  await settle(running, stoppedBy === 'signal' ? options.abortGraceMs : options.drainTimeoutMs, options.abortGraceMs, signal);
  const cut = running.size;
  if (cut > 0) {
    cutter.abort(Object.assign(new Error('probe stopped: request cut'), { code: CUT_CODE }));
    // Cut requests reject at once; the bound only guards against a task that ignores its cut signal.
    await settle(running, 1000, 0, undefined);
  }
  return { started, skippedAtMs, cut, stoppedBy };
}

/** Resolves when every task has settled, after `waitMs`, or `abortGraceMs` after the signal aborts. */
function settle(running: ReadonlySet<Promise<void>>, waitMs: number, abortGraceMs: number, signal: AbortSignal | undefined): Promise<void> {
  if (running.size === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let graceTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(finish, waitMs);
    const onAbort = (): void => {
      graceTimer ??= setTimeout(finish, abortGraceMs);
    };
    function finish(): void {
      clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    void Promise.allSettled(running).then(finish);
  });
}
