// One ad-hoc load run against one URL (`bench load`, and each step of the capacity search): real driver, real
// recorder, generator monitor alongside, then the figures a skeptic asks for.
import { closedLoopIntervalUs, isClosedLoop, type Clock, type Driver, type DriverSummary, type RequestTemplate } from '../driver/driver.ts';
import type { ScheduleSegment } from '../driver/schedule/segment-schedule.ts';
import { badInput } from '../errors/bench-error.ts';
import { globalIndexOf } from '../segment/execution-segment.ts';
import type { GeneratorHealth } from '../generator/generator-monitor.ts';
import type { LatencyHistogram } from '../recorder/latency-histogram.ts';
import type { PhaseWindow } from '../recorder/phase-recorder.ts';
import { isLoopbackUrl } from '../runtime/loopback.ts';
import { startLoadSession } from './load-session.ts';
import { percentilesMs, type LoadSummary } from './load-summary.ts';

export interface LoadRunConfig {
  url: string;
  driver: Driver;
  method: RequestTemplate['method'];
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Open model: required. Closed loop: optional cap (latency then corrected for coordinated omission). */
  ratePerSec?: number;
  durationMs: number;
  timeoutMs: number;
  maxQueue?: number;
  /** Requests due in the first warmupMs are sent but not counted. */
  warmupMs?: number;
  /** The key for `{key}` in the URL; default 0, 1, 2, ... */
  nextKey?: () => number;
  /** Load may leave loopback only when the user said so (--allow-remote). */
  allowRemote?: boolean;
  /** Open model: run only this execution segment of the plan (keys then follow the whole plan's request numbers). */
  segment?: ScheduleSegment;
  /** Open model: when the schedule starts, as a performance.now() value (generators started together). */
  startAtMonotonicMs?: number;
}

export interface LoadRun {
  summary: LoadSummary;
  /** The histogram the summary's latencyMs comes from (corrected when the closed loop had a rate). */
  histogram: LatencyHistogram;
  uncorrected: LatencyHistogram | null;
  health: GeneratorHealth;
  driverSummary: DriverSummary;
}

const MEASURE = 'load';
/** Connections, JIT and the first timers make the first second noisy; the generator verdict skips it. */
const GENERATOR_SETTLE_MS = 1000;

/** The network rule: load goes to loopback unless the user said --allow-remote (exit 2 otherwise). */
export function assertLoadTargetAllowed(url: string, allowRemote: boolean): void {
  if (!allowRemote && !isLoopbackUrl(url)) {
    throw badInput(
      `refusing to send load to ${url}: not a loopback address`,
      "bench sends load only to 127.0.0.0/8, ::1 or localhost, so a typo cannot load-test someone else's server; pass --allow-remote if you own the target and mean it.",
    );
  }
}

export async function runLoad(config: LoadRunConfig, signal: AbortSignal = new AbortController().signal): Promise<LoadRun> {
  assertLoadTargetAllowed(config.url, config.allowRemote ?? false);
  const target = new URL(config.url);
  // `{key}` in the URL becomes 0, 1, 2, ... (new URL() percent-encodes the braces).
  const path = `${target.pathname}${target.search}`.replaceAll('%7Bkey%7D', '{key}').replaceAll('%7bkey%7d', '{key}');
  const warmupMs = config.warmupMs ?? 0;
  const t0 = performance.now();
  const clock: Clock = { nowMs: () => performance.now() - t0 };
  const closed =
    isClosedLoop(config.driver.name) && config.ratePerSec !== undefined
      ? closedLoopIntervalUs(config.connections, config.ratePerSec)
      : undefined;
  const effectiveConnections = closed?.connections ?? config.connections;

  let nextKey = 0;
  // A segment's k-th request is the plan's request globalIndexOf(k): its key is that number, so the segments' keys
  // together are exactly those of one process.
  const segment = config.segment;
  const segmentKey = segment ? (): number => globalIndexOf(segment.striping, segment.index, nextKey++) : undefined;
  const phases: PhaseWindow[] = [];
  if (warmupMs > 0) phases.push({ name: 'warmup', startMs: -1, endMs: warmupMs, record: false });
  // Open end: every request sent in the run counts, however late it finishes.
  phases.push({ name: MEASURE, startMs: warmupMs > 0 ? warmupMs : -1, endMs: config.durationMs + 86_400_000 });
  const session = startLoadSession({
    driver: config.driver,
    plan: {
      baseUrl: target.origin,
      request: {
        method: config.method,
        path,
        ...(config.headers && Object.keys(config.headers).length > 0 ? { headers: config.headers } : {}),
        ...(config.body !== undefined ? { body: config.body } : {}),
      },
      nextKey: config.nextKey ?? segmentKey ?? (() => nextKey++),
      connections: config.connections,
      ...(config.ratePerSec !== undefined ? { ratePerSec: config.ratePerSec } : {}),
      ...(config.maxQueue !== undefined ? { maxQueue: config.maxQueue } : {}),
      timeoutMs: config.timeoutMs,
      ...(segment ? { segment } : {}),
      ...(config.startAtMonotonicMs !== undefined ? { startAtMs: config.startAtMonotonicMs - t0 } : {}),
    },
    phases,
    durationMs: config.durationMs,
    // The driver sends for exactly the duration; late answers still count (the measure window is open-ended).
    overrunMs: 0,
    clock,
    signal,
  });
  const ended = await session.finished;
  if (ended.error !== undefined) throw ended.error;
  const driverSummary = ended.driverSummary!;
  const { health } = ended;
  const rec = session.recorder();
  const startMs = await session.started;
  const measuredMs = Math.max(1, config.durationMs - warmupMs);
  const phase = rec.phaseSummary(MEASURE, measuredMs);
  const { latency, uncorrected } = rec.phaseHistograms(MEASURE);
  const settleMs = config.durationMs - warmupMs >= 3 * GENERATOR_SETTLE_MS ? GENERATOR_SETTLE_MS : 0;
  const verdict = health.verdict(startMs + Math.max(warmupMs, settleMs), startMs + config.durationMs);
  const summary: LoadSummary = {
    driver: config.driver.name,
    url: config.url,
    connections: effectiveConnections,
    targetRatePerSec: config.ratePerSec ?? null,
    durationMs: config.durationMs,
    requests: phase.requests,
    rps: phase.rps,
    dropped: phase.dropped ?? 0,
    errorRate: phase.errorRate,
    errors: phase.errors,
    latencyMs: percentilesMs(latency),
    ...(uncorrected ? { uncorrectedLatencyMs: percentilesMs(uncorrected) } : {}),
    generatorSaturated: verdict.saturated,
    generator: {
      seconds: verdict.seconds,
      saturatedSeconds: verdict.saturatedSeconds,
      reasons: verdict.reasons,
      worstDelayMs: verdict.worstDelayMs,
      ...(verdict.stackCpu ? { stackCpu: verdict.stackCpu } : {}),
    },
  };
  return { summary, histogram: latency, uncorrected, health, driverSummary };
}
