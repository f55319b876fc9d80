// Read-after-write checks as figures, optionally for one window of the run clock (a phase). Pure: no I/O.
import type { ReadAfterWriteFigures } from '../results/run-result.ts';

export type ReadAfterWriteOutcome =
  /** The read listed the task just created. */
  | 'fresh'
  /** The write was acknowledged (201) but the read did not list it: the read saw an older state. */
  | 'stale'
  /**
   * Not listed, but the read's 20 latest tasks are all newer than ours (other writes to the same user pushed it
   * out of the window), so the check cannot tell. Only happens when other load writes to the same users.
   */
  | 'displaced'
  | 'write-failed'
  | 'read-failed';

export interface ReadAfterWriteCheck {
  /** 1-based check number (its slot in the schedule). */
  n: number;
  userId: number;
  /** When the write was sent, on the harness clock (ms since load start). */
  atMs: number;
  outcome: ReadAfterWriteOutcome;
  /** Write round trip, ms. */
  writeMs: number;
  /** Read round trip, ms (absent when the write failed). */
  readMs?: number;
  writeStatus?: number;
  readStatus?: number;
  /** Transport failure code ('timeout', 'ECONNRESET', ...) or what was wrong with the response. */
  error?: string;
  taskId?: number;
  /** Which service instance took the write and which answered the read (`X-Instance`). */
  writeInstance?: string;
  readInstance?: string;
  /** The read's `source`: 'cache' or 'db'. */
  readSource?: string;
}

export interface TimeWindow {
  /** Included. */
  startMs: number;
  /** Excluded. */
  endMs: number;
}

/** The figures run.json keeps per phase (the contract lives in results/run-result.ts). */
export type ReadAfterWriteSummary = ReadAfterWriteFigures;

const inWindow = (atMs: number, window: TimeWindow | undefined): boolean =>
  window === undefined || (atMs >= window.startMs && atMs < window.endMs);

export function summarizeReadAfterWrite(
  checks: readonly ReadAfterWriteCheck[],
  window?: TimeWindow,
  skippedAtMs: readonly number[] = [],
): ReadAfterWriteSummary {
  const summary: ReadAfterWriteSummary = {
    checks: 0,
    fresh: 0,
    stale: 0,
    staleRate: null,
    displaced: 0,
    writeFailed: 0,
    readFailed: 0,
    staleCrossInstance: 0,
    skipped: skippedAtMs.filter((atMs) => inWindow(atMs, window)).length,
  };
  for (const check of checks) {
    if (!inWindow(check.atMs, window)) continue;
    summary.checks++;
    switch (check.outcome) {
      case 'fresh':
        summary.fresh++;
        break;
      case 'stale':
        summary.stale++;
        if (check.writeInstance !== undefined && check.readInstance !== undefined && check.writeInstance !== check.readInstance) {
          summary.staleCrossInstance++;
        }
        break;
      case 'displaced':
        summary.displaced++;
        break;
      case 'write-failed':
        summary.writeFailed++;
        break;
      case 'read-failed':
        summary.readFailed++;
        break;
    }
  }
  const judged = summary.fresh + summary.stale;
  summary.staleRate = judged === 0 ? null : summary.stale / judged;
  return summary;
}
