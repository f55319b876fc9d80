// One load session, the same for `bench run` (a variant's phases), `bench load` and each step of the capacity
// search: the driver against a plan, every outcome into a phase recorder, the generator monitor beside it, the
// coordinated-omission interval for a closed loop with a rate, and a hard stop should a driver overrun.
// Phases are given relative to the load's start and anchored where the driver says its schedule began (its
// `started` telemetry; the first outcome otherwise): a driver that needs a moment to start (k6, the open loop's
// warm-up) does not eat into the first phase, and whoever schedules faults waits for `started` and uses the
// anchored windows, so faults and measurement windows agree.
import { closedLoopIntervalUs, isClosedLoop, type Clock, type Driver, type DriverSummary, type LoadPlan } from '../driver/driver.ts';
import { startGeneratorMonitor, type GeneratorHealth } from '../generator/generator-monitor.ts';
import { activeStackCpus } from '../host/pin-generator.ts';
import { createRunRecorder, type PhaseWindow, type RunRecorder } from '../recorder/phase-recorder.ts';

export interface LoadSessionConfig {
  driver: Driver;
  /** The plan as the driver takes it, but for what the session sets (duration, telemetry). */
  plan: Omit<LoadPlan, 'durationMs' | 'telemetry'>;
  /** The phases to record, ms from the load's start. */
  phases: readonly PhaseWindow[];
  /** How long the load runs, ms from its start. */
  durationMs: number;
  /** Driver runs beyond the last phase by this much at most, for the requests still in flight (default 10 s). */
  overrunMs?: number;
  clock: Clock;
  /** Stops the load early (abort). */
  signal: AbortSignal;
  /** Open-model drivers count requests they could not send; a closed loop cannot drop any. */
  countsDropped?: boolean;
}

export interface LoadSession {
  /** Where the load's schedule began on the clock: the phases' anchor. */
  readonly started: Promise<number>;
  /** The phases as recorded: anchored at `started`. Valid once `started` resolved. */
  anchoredPhases(): PhaseWindow[];
  /** Available once `started` resolved (it is created at the anchor). */
  recorder(): RunRecorder;
  /** Asks the driver to stop (after the last phase, or on a failure). */
  stop(): void;
  /** The driver's end, and the generator's health over the session; never rejects (a driver error is `error`). */
  readonly finished: Promise<{ driverSummary?: DriverSummary; error?: unknown; health: GeneratorHealth }>;
}

export function startLoadSession(config: LoadSessionConfig): LoadSession {
  const { driver, clock } = config;
  const monitor = startGeneratorMonitor({ clock, stackCpus: activeStackCpus() });
  const closed =
    isClosedLoop(driver.name) && config.plan.ratePerSec !== undefined
      ? closedLoopIntervalUs(config.plan.connections, config.plan.ratePerSec)
      : undefined;
  const totalMs = config.durationMs;
  // A driver that reports no start (autocannon) is taken to start with the session, as it does.
  const createdAtMs = clock.nowMs();
  const overrunMs = config.overrunMs ?? 10_000;

  let anchorMs: number | undefined;
  let recorder: RunRecorder | undefined;
  let anchored: PhaseWindow[] = [];
  let resolveStarted: (atMs: number) => void = () => undefined;
  const started = new Promise<number>((resolve) => (resolveStarted = resolve));
  const begin = (atMs: number): RunRecorder => {
    if (recorder) return recorder;
    anchorMs = atMs;
    anchored = config.phases.map((p) => ({ ...p, startMs: p.startMs + atMs, endMs: p.endMs + atMs }));
    recorder = createRunRecorder({
      phases: anchored,
      countsDropped: config.countsDropped ?? !isClosedLoop(driver.name),
      ...(closed ? { expectedIntervalUs: closed.intervalUs } : {}),
    });
    resolveStarted(atMs);
    return recorder;
  };

  // The driver stops on the caller's abort, on stop(), or at the hard stop: the plan's length, the overrun and a
  // margin for timeouts, so a driver that ignores its own duration cannot hold the run.
  const stopper = new AbortController();
  const stop = (): void => stopper.abort();
  config.signal.addEventListener('abort', stop, { once: true });
  const guard = setTimeout(stop, totalMs + overrunMs + 3 * config.plan.timeoutMs + 30_000);
  const finished = driver
    .run(
      { ...config.plan, durationMs: totalMs + overrunMs, telemetry: { ...monitor.telemetry, started: ({ atMs }) => void begin(atMs) } },
      {
        response: (s) => void begin(createdAtMs).recordResponse(s),
        error: (s) => void begin(createdAtMs).recordError(s),
        dropped: ({ intendedAtMs }) => begin(createdAtMs).recordDropped(intendedAtMs),
      },
      clock,
      stopper.signal,
    )
    .then(
      (driverSummary) => ({ driverSummary }),
      (error: unknown) => ({ error }),
    )
    .then((outcome) => {
      clearTimeout(guard);
      config.signal.removeEventListener('abort', stop);
      // A driver that ended before it started anything (it failed, or was stopped at once) still has its phases.
      begin(anchorMs ?? createdAtMs);
      return { ...outcome, health: monitor.stop() };
    });
  return {
    started,
    anchoredPhases: () => anchored,
    recorder: () => {
      if (!recorder) throw new Error('the load session has not started yet: await started first');
      return recorder;
    },
    stop,
    finished,
  };
}
