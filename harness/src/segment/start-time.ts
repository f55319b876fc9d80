// When a segment starts: a time every generator of the run agrees on, given once, then mapped by each generator
// onto its own monotonic clock. Forms: "now" (in START_LEAD_MS, time to connect), an ISO 8601 time, or ms since
// the epoch; "barrier" means a parent process announces it (bench load --generators).
import { badInput } from '../errors/bench-error.ts';

/** Lead before the first request: children connect their pools (preconnect) inside it. */
export const START_LEAD_MS = 1000;
const MAX_AHEAD_MS = 24 * 3_600_000;
/** A start this far past is refused: the generator would begin with a burst of late requests. */
const MAX_PAST_MS = 1000;

export type StartAt = { kind: 'barrier' } | { kind: 'at'; epochMs: number };

export function parseStartAt(text: string, nowEpochMs: number): StartAt {
  if (text === 'barrier') return { kind: 'barrier' };
  const epochMs = text === 'now' ? nowEpochMs + START_LEAD_MS : /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  const hint = 'Use --start-at now, an ISO time such as 2026-01-01T12:00:00Z, or ms since the epoch; give every generator the same one.';
  if (!Number.isFinite(epochMs)) throw badInput(`--start-at: "${text}" is not a time`, hint);
  if (epochMs < nowEpochMs - MAX_PAST_MS)
    throw badInput(
      `--start-at: ${new Date(epochMs).toISOString()} passed ${((nowEpochMs - epochMs) / 1000).toFixed(1)} s ago`,
      `${hint} Pick a time far enough ahead for every host to start its generator.`,
    );
  if (epochMs > nowEpochMs + MAX_AHEAD_MS) throw badInput(`--start-at: ${new Date(epochMs).toISOString()} is more than 24 h ahead`, hint);
  return { kind: 'at', epochMs };
}
