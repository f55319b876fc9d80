// Records one variant's load run split into phases. Pure: no timers, no clock, no I/O. The caller says when each
// request was sent (ms since the load started) and how long it took.
//
// What latency includes: every request that ended, successes and failures alike, because a user waits for a 503 or
// a timeout too; leaving failures out would hide the worst latencies exactly when a fault hits. A transport error is
// recorded only when the driver gives its latency (`latencyUs`): a refused connection with no meaningful duration is
// counted as a request and an error but adds nothing to the histogram. Fast failures can lower percentiles, which is
// why the error rate sits beside them in every report.
import { BenchError } from '../errors/bench-error.ts';
import type { ErrorClass, ErrorCounts, PhaseResult } from '../results/run-result.ts';
import { classifyError, classifyStatus } from './classify.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { createServerTimingRecorder, type ServerTimingRecorder } from './server-timing-recorder.ts';
import { createTimeline, type TimelineSecond } from './timeline.ts';

export interface PhaseWindow {
  name: string;
  /** Milliseconds since the load started; the window is [startMs, endMs). */
  startMs: number;
  endMs: number;
  /** false for phases reports may hide (warm-up). Samples are recorded all the same. */
  record?: boolean;
  /** Overrides the run's expectedIntervalUs for this phase (the rate can change from phase to phase). */
  expectedIntervalUs?: number;
}

export interface RunRecorderOptions {
  phases: readonly PhaseWindow[];
  /** Phase summaries carry `dropped` (0 included): set for drivers that can drop (open model, k6). */
  countsDropped?: boolean;
  /**
   * The interval between requests a closed-loop client meant to keep (1e6 / rate per connection). When set, each
   * phase keeps a histogram corrected for coordinated omission (the main one) and the raw one beside it. Leave it
   * out for open-loop drivers that already measure from the intended send time.
   */
  expectedIntervalUs?: number;
}

export interface ResponseSample {
  sentAtMs: number;
  latencyUs: number;
  status: number;
  /** The response's raw `Server-Timing` value, when it had one; parsed here, off the driver's hot path. */
  serverTiming?: string;
}

export interface ErrorSample {
  sentAtMs: number;
  /** How long the request ran before it failed, when the driver knows. */
  latencyUs?: number;
  error: unknown;
}

/** The load part of a PhaseResult; the orchestrator adds name, startMs/endMs, hgrm, server and faults. */
export type PhaseLoadSummary = Pick<
  PhaseResult,
  'requests' | 'rps' | 'errorRate' | 'errors' | 'latencyMs' | 'histogram' | 'dropped' | 'serverTiming'
>;

export interface PhaseHistograms {
  /** Corrected for coordinated omission when an expected interval applies, raw otherwise. */
  latency: LatencyHistogram;
  /** The raw histogram, kept only when `latency` is corrected. */
  uncorrected: LatencyHistogram | null;
}

export interface RunRecorder {
  readonly phases: readonly PhaseWindow[];
  /** Records a request that got an HTTP response; returns its error class (null for a success). */
  recordResponse(sample: ResponseSample): ErrorClass | null;
  /** Records a request that failed without a response; returns the class it was counted under. */
  recordError(sample: ErrorSample): ErrorClass;
  /**
   * Open model: a request due at `intendedAtMs` that was never sent (counted by the phase it was due in). A failed
   * request (errors.dropped, in the error rate) without a latency: percentiles exclude it (report/format.ts
   * droppedNote says so wherever they are shown).
   */
  recordDropped(intendedAtMs: number): void;
  /** Samples sent before the first phase or after the last one, which no phase counts. */
  readonly ignoredSamples: number;
  phaseSummary(name: string, actualDurationMs: number): PhaseLoadSummary;
  phaseHistograms(name: string): PhaseHistograms;
  timeline(): TimelineSecond[];
}

interface PhaseState {
  window: PhaseWindow;
  histograms: PhaseHistograms;
  /** > 0 when the main histogram is corrected. */
  expectedIntervalUs: number;
  requests: number;
  errors: ErrorCounts;
  dropped: number;
  /** Created by the phase's first response with a Server-Timing header. */
  serverTiming: ServerTimingRecorder | null;
}

export function createRunRecorder(options: RunRecorderOptions): RunRecorder {
  validatePhases(options.phases);
  const phases = options.phases.map((window) => ({ ...window }));
  const states: PhaseState[] = phases.map((window) => {
    const expectedIntervalUs = window.expectedIntervalUs ?? options.expectedIntervalUs ?? 0;
    const corrected = expectedIntervalUs > 0;
    return {
      window,
      histograms: { latency: new LatencyHistogram(), uncorrected: corrected ? new LatencyHistogram() : null },
      expectedIntervalUs: corrected ? expectedIntervalUs : 0,
      requests: 0,
      errors: {},
      dropped: 0,
      serverTiming: null,
    };
  });
  const timeline = createTimeline();
  let ignoredSamples = 0;

  const phaseAt = (sentAtMs: number): PhaseState | undefined =>
    states.find((s) => sentAtMs >= s.window.startMs && sentAtMs < s.window.endMs);

  const record = (sentAtMs: number, latencyUs: number | undefined, errorClass: ErrorClass | null, serverTiming?: string): void => {
    const state = phaseAt(sentAtMs);
    if (!state) {
      ignoredSamples++;
      return;
    }
    state.requests++;
    if (errorClass) state.errors[errorClass] = (state.errors[errorClass] ?? 0) + 1;
    if (latencyUs !== undefined) {
      const { latency, uncorrected } = state.histograms;
      if (uncorrected) {
        latency.recordUsCorrected(latencyUs, state.expectedIntervalUs);
        uncorrected.recordUs(latencyUs);
      } else {
        latency.recordUs(latencyUs);
      }
      if (serverTiming !== undefined) (state.serverTiming ??= createServerTimingRecorder()).record(latencyUs, serverTiming);
    }
    timeline.record(sentAtMs, latencyUs, errorClass);
  };

  const stateOf = (name: string): PhaseState => {
    const state = states.find((s) => s.window.name === name);
    if (!state) {
      throw new BenchError('internal', `no phase named "${name}" in this recorder`, {
        hint: `Phases: ${states.map((s) => s.window.name).join(', ')}.`,
      });
    }
    return state;
  };

  return {
    phases,
    get ignoredSamples() {
      return ignoredSamples;
    },
    recordResponse({ sentAtMs, latencyUs, status, serverTiming }) {
      const errorClass = classifyStatus(status);
      record(sentAtMs, latencyUs, errorClass, serverTiming);
      return errorClass;
    },
    recordDropped(intendedAtMs) {
      const state = phaseAt(intendedAtMs);
      if (!state) {
        ignoredSamples++;
        return;
      }
      state.dropped++;
      state.errors.dropped = (state.errors.dropped ?? 0) + 1;
      timeline.recordDropped(intendedAtMs);
    },
    recordError({ sentAtMs, latencyUs, error }) {
      const errorClass = classifyError(error);
      record(sentAtMs, latencyUs, errorClass);
      return errorClass;
    },
    phaseSummary(name, actualDurationMs) {
      const state = stateOf(name);
      // Drops are in `errors` (class dropped) but not in `requests` (never sent): the rate is over what was due.
      const errorCount = Object.values(state.errors).reduce((sum, n) => sum + n, 0);
      const due = state.requests + state.dropped;
      return {
        requests: state.requests,
        rps: actualDurationMs > 0 ? round(state.requests / (actualDurationMs / 1000), 3) : 0,
        errorRate: due > 0 ? round(errorCount / due, 6) : 0,
        errors: { ...state.errors },
        latencyMs: state.histograms.latency.summaryMs(),
        histogram: state.histograms.latency.encode(),
        ...(options.countsDropped ? { dropped: state.dropped } : {}),
        ...(state.serverTiming ? { serverTiming: state.serverTiming.figures() } : {}),
      };
    },
    phaseHistograms(name) {
      return stateOf(name).histograms;
    },
    timeline() {
      return timeline.seconds();
    },
  };
}

function validatePhases(phases: readonly PhaseWindow[]): void {
  const problems: string[] = [];
  const names = new Set<string>();
  phases.forEach((phase, i) => {
    if (names.has(phase.name)) problems.push(`phases[${i}]: duplicate name "${phase.name}"`);
    names.add(phase.name);
    if (!(phase.endMs > phase.startMs)) problems.push(`phases[${i}] "${phase.name}": endMs must be after startMs`);
    const previous = phases[i - 1];
    if (previous && phase.startMs < previous.endMs) {
      problems.push(`phases[${i}] "${phase.name}" starts before "${previous.name}" ends (phases must be in order)`);
    }
  });
  if (problems.length > 0) {
    throw new BenchError('internal', `invalid phase plan for the recorder: ${problems.join('; ')}`, {
      hint: 'The orchestrator must pass ordered, non-overlapping phases with unique names.',
    });
  }
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
