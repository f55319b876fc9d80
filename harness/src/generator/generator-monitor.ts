// Watches the load generator while it runs: once a second it samples this process (CPU of the whole process
// and of the main thread, main-thread event-loop delay), and it takes what the driver reports through
// LoadPlan.telemetry (the load worker's own CPU and loop delay, the open-model scheduler's lag).
// Usage (orchestrator):
//   const monitor = startGeneratorMonitor({ clock });
//   driver.run({ ...plan, telemetry: monitor.telemetry }, sink, clock, signal);
//   ... const health = monitor.stop(); health.saturated(phase.startMs, phase.endMs)
import type { Clock, LoadTelemetry, LoadThreadSecond, SchedulerSecond } from '../driver/driver.ts';
import {
  DEFAULT_SATURATION_LINES,
  judgeSecond,
  judgeWindow,
  type GeneratorSecond,
  type GeneratorSecondFigures,
  type SaturationLines,
  type ThreadFigures,
  type WindowVerdict,
} from './saturation.ts';
import { formatCpuList } from '../host/cpu-list.ts';
import { busyPercent, readProcStat } from './proc-stat.ts';
import { createThreadSampler, type ThreadWindow } from './thread-sampler.ts';

export interface GeneratorMonitorOptions {
  /** The load's clock (ms since the load started); default: ms since the monitor started. */
  clock?: Clock;
  intervalMs?: number;
  lines?: Partial<SaturationLines>;
  /** With a CPU split: the stack's CPUs, whose busy share is sampled each second (host/pin-generator.ts activeStackCpus). */
  stackCpus?: readonly number[] | null;
}

export interface GeneratorHealth {
  seconds: GeneratorSecond[];
  lines: SaturationLines;
  /** Whether the generator was the bottleneck during [startMs, endMs) (see saturation.ts for the rule). */
  saturated(startMs: number, endMs: number): boolean;
  verdict(startMs: number, endMs: number): WindowVerdict;
}

export interface GeneratorMonitor {
  /** Give this to the driver as LoadPlan.telemetry. */
  readonly telemetry: LoadTelemetry;
  stop(): GeneratorHealth;
}

/** A last partial window shorter than this is too noisy to judge (CPU % over 50 ms means little). */
const MIN_WINDOW_MS = 250;

export function startGeneratorMonitor(options: GeneratorMonitorOptions = {}): GeneratorMonitor {
  const t0 = performance.now();
  const clock = options.clock ?? { nowMs: () => performance.now() - t0 };
  const lines: SaturationLines = { ...DEFAULT_SATURATION_LINES, ...options.lines };
  const sampler = createThreadSampler();
  const figures = new Map<number, GeneratorSecondFigures>();
  const at = (second: number): GeneratorSecondFigures => {
    let f = figures.get(second);
    if (!f) {
      f = { second, processCpuPercent: null, main: null, loadWorker: null, scheduler: null };
      figures.set(second, f);
    }
    return f;
  };
  let lastCpu = process.cpuUsage();
  let windowStartMs = clock.nowMs();
  const stackCpus = options.stackCpus?.length ? options.stackCpus : null;
  const stackCpuList = stackCpus ? formatCpuList(stackCpus) : '';
  let lastTicks = stackCpus ? readProcStat() : null;

  const sample = (): void => {
    const endMs = clock.nowMs();
    const wallMs = endMs - windowStartMs;
    const thread = sampler.sample();
    const cpu = process.cpuUsage();
    const processCpuUs = cpu.user - lastCpu.user + (cpu.system - lastCpu.system);
    lastCpu = cpu;
    const f = at(Math.floor((windowStartMs + endMs) / 2000));
    windowStartMs = endMs;
    f.processCpuPercent = percent(processCpuUs, wallMs);
    f.main = threadFigures(thread);
    if (stackCpus && lastTicks) {
      const ticks = readProcStat();
      const busy = ticks ? busyPercent(lastTicks, ticks, stackCpus) : null;
      if (ticks) lastTicks = ticks;
      if (busy !== null) f.stackCpu = { cpus: stackCpuList, busyPercent: busy };
    }
  };
  const timer = setInterval(sample, options.intervalMs ?? 1000);
  timer.unref();

  const telemetry: LoadTelemetry = {
    schedulerSecond(s: SchedulerSecond) {
      at(s.second).scheduler = { released: s.released, lagP99Ms: s.lagP99Ms, lagMaxMs: s.lagMaxMs };
    },
    loadThreadSecond(s: LoadThreadSecond) {
      at(s.second).loadWorker = threadFigures(s);
    },
  };

  return {
    telemetry,
    stop() {
      clearInterval(timer);
      if (clock.nowMs() - windowStartMs >= MIN_WINDOW_MS) sample();
      sampler.stop();
      const seconds = [...figures.values()].sort((a, b) => a.second - b.second).map((f) => judgeSecond(f, lines));
      return {
        seconds,
        lines,
        saturated: (startMs, endMs) => judgeWindow(seconds, startMs, endMs, lines).saturated,
        verdict: (startMs, endMs) => judgeWindow(seconds, startMs, endMs, lines),
      };
    },
  };
}

function threadFigures(w: ThreadWindow): ThreadFigures {
  return {
    cpuPercent: percent(w.cpuUs, w.wallMs),
    eventLoopDelayP99Ms: w.eventLoopDelayP99Ms,
    eventLoopDelayMaxMs: w.eventLoopDelayMaxMs,
    eventLoopUtilization: w.eventLoopUtilization,
  };
}

function percent(cpuUs: number, wallMs: number): number {
  return wallMs > 0 ? Math.round((cpuUs / (wallMs * 1000)) * 1000) / 10 : 0;
}
