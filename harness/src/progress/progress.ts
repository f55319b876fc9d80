// Live progress of a run, for the person (or CI log) watching it. The orchestrator calls these methods; the
// implementation decides how to show them: redrawn in place on a terminal, one line per interval otherwise.
import type { ErrorCounts } from '../results/run-result.ts';

export interface PhaseStart {
  variant: string;
  phase: string;
  /** 0-based position of the phase in the plan, and how many phases there are. */
  index: number;
  count: number;
  durationMs: number;
  /** 0-based position of the variant, and how many variants the run has, when known. */
  variantIndex?: number;
  variantCount?: number;
}

/** The recorder's last completed second. */
export interface SecondSample {
  /** Requests sent in that second. */
  rps: number;
  /** null when no request of that second has a latency yet. */
  p99Ms: number | null;
  errors: ErrorCounts;
  /** Requests an open-model driver could not send in that second. */
  dropped?: number;
  /** Which second since the load started, when known (lets a caller skip a second it already reported). */
  second?: number;
}

export interface Progress {
  phaseStarted(start: PhaseStart): void;
  /** Once per second, with the last completed second. */
  second(sample: SecondSample): void;
  /** Something that happened (a fault applied or reverted): printed as its own line, never overwritten. */
  event(text: string): void;
  /** Any other line to print while progress is shown (logger output), so it cannot tear the live block. */
  log(line: string): void;
  /** Clears the live block; call once, on every exit path, before printing the summary. */
  finished(): void;
}

/** What a Progress writes to: a TTY stream (process.stderr) or anything with write(). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export const silentProgress: Progress = { phaseStarted() {}, second() {}, event() {}, log() {}, finished() {} };

export const errorTotal = (errors: ErrorCounts): number => Object.values(errors).reduce((sum, n) => sum + (n ?? 0), 0);
