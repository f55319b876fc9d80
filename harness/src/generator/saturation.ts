// Was the load generator itself the bottleneck? Pure: decides per second and per window from sampled figures.
//
// The lines, and why:
// - CPU >= 90% of one core on any generator thread. A JS thread is one event loop; at utilisation u, work waiting
//   for it grows like u / (1 - u) (M/M/1): 9x its service time at 90%, 19x at 95%. Past 90% the thread's own
//   queueing shows up as latency that belongs to the generator, not to the system under test.
// - Event-loop utilization >= 0.9 on any generator thread: the same 90% line, on wall time instead of CPU time.
//   On a shared 2-core host a thread that is runnable but waits for a core burns no CPU yet cannot keep up
//   either; ELU (time not idle in the poll phase) sees both. Measured: an open loop at 20k req/s with two other
//   processes busy on the machine showed 40% thread CPU at ELU 0.89 while it fell behind.
// - Event-loop delay p99 > 10 ms on any generator thread. Timestamps are taken in callbacks; a loop that runs its
//   callbacks 10 ms late adds up to 10 ms to the latencies it measures, which is already 10% of a 100 ms p99 SLO.
// - Open model: scheduler lag p99 > 10 ms. Requests left more than 10 ms after their intended time, so arrivals
//   were bunched: the server saw a burstier load than the one asked for (the latency still counts from the
//   intended time, so figures stay honest, but they describe a different arrival process).
// A window (a phase) is saturated when at least two of its seconds are, and they are either consecutive or more
// than 10% of the window: one stray second (JIT warm-up, a GC pause, connections opening, the burst of a backlog
// completing at once after a server stall) does not condemn a phase, a sustained or recurring problem does.

export interface SaturationLines {
  cpuPercent: number;
  /** 0..1 */
  eventLoopUtilization: number;
  eventLoopDelayP99Ms: number;
  schedulerLagP99Ms: number;
  /** Share of a window's seconds that makes the window saturated. */
  windowShare: number;
}

export const DEFAULT_SATURATION_LINES: SaturationLines = {
  cpuPercent: 90,
  eventLoopUtilization: 0.9,
  eventLoopDelayP99Ms: 10,
  schedulerLagP99Ms: 10,
  windowShare: 0.1,
};

export interface ThreadFigures {
  /** % of one core. */
  cpuPercent: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** 0..1 */
  eventLoopUtilization: number;
}

export interface GeneratorSecondFigures {
  /** floor(ms since the load started / 1000). */
  second: number;
  /** The whole generator process (every thread), % of one core. */
  processCpuPercent: number | null;
  main: ThreadFigures | null;
  /** The load loop's own thread when it is a worker. */
  loadWorker: ThreadFigures | null;
  scheduler: { released: number; lagP99Ms: number; lagMaxMs: number } | null;
  /** With a CPU split: how busy the stack's CPUs were this second (/proc/stat), % of their combined time. */
  stackCpu?: { cpus: string; busyPercent: number };
}

export interface GeneratorSecond extends GeneratorSecondFigures {
  saturated: boolean;
  /** Why, e.g. "load worker CPU 97% >= 90%". Empty when not saturated. */
  reasons: string[];
}

export interface WindowVerdict {
  saturated: boolean;
  seconds: number;
  saturatedSeconds: number;
  /** Distinct reasons seen in the window's saturated seconds. */
  reasons: string[];
  /** With a CPU split: whether the stack's CPUs were the limit in this window (judgeStackCpus). */
  stackCpu?: StackCpuVerdict;
  /**
   * The longest the generator held up any send or timestamp in the window: the worst scheduler lag or event-loop
   * delay of any of its threads, ms. A latency it measured is off by about this much at most (worstGeneratorDelayMs).
   */
  worstDelayMs: number;
}

/**
 * The stack's CPU set was the limit when its CPUs were, on average over the window, at least 90% busy: the same
 * line as for a generator thread, for the same reason (past 90% the queueing for a core dominates). Only with a
 * CPU split: without one the generator shares those CPUs and the figure would not say whose work it was.
 */
export const STACK_BUSY_LINE_PERCENT = 90;

export interface StackCpuVerdict {
  limited: boolean;
  cpus: string;
  /** Mean busy share over the window's sampled seconds. */
  busyPercent: number;
  seconds: number;
}

export function judgeSecond(figures: GeneratorSecondFigures, lines: SaturationLines = DEFAULT_SATURATION_LINES): GeneratorSecond {
  const reasons: string[] = [];
  const thread = (label: string, t: ThreadFigures | null): void => {
    if (!t) return;
    if (t.cpuPercent >= lines.cpuPercent) reasons.push(`${label} CPU ${Math.round(t.cpuPercent)}% >= ${lines.cpuPercent}%`);
    else if (t.eventLoopUtilization >= lines.eventLoopUtilization) {
      reasons.push(`${label} event-loop utilization ${t.eventLoopUtilization} >= ${lines.eventLoopUtilization}`);
    }
    if (t.eventLoopDelayP99Ms > lines.eventLoopDelayP99Ms) {
      reasons.push(`${label} event-loop delay p99 ${t.eventLoopDelayP99Ms} ms > ${lines.eventLoopDelayP99Ms} ms`);
    }
  };
  thread('main thread', figures.main);
  thread('load worker', figures.loadWorker);
  if (figures.scheduler && figures.scheduler.lagP99Ms > lines.schedulerLagP99Ms) {
    reasons.push(`scheduler lag p99 ${figures.scheduler.lagP99Ms} ms > ${lines.schedulerLagP99Ms} ms`);
  }
  return { ...figures, saturated: reasons.length > 0, reasons };
}

/** The seconds that overlap [startMs, endMs) (ms since the load started). */
export function judgeWindow(
  seconds: readonly GeneratorSecond[],
  startMs: number,
  endMs: number,
  lines: SaturationLines = DEFAULT_SATURATION_LINES,
): WindowVerdict {
  const inside = seconds.filter((s) => s.second * 1000 < endMs && (s.second + 1) * 1000 > startMs).sort((a, b) => a.second - b.second);
  const bad = inside.filter((s) => s.saturated);
  const inARow = bad.some((s, i) => i > 0 && bad[i - 1]!.second === s.second - 1);
  const share = inside.length > 0 ? bad.length / inside.length : 0;
  const reasons = [...new Set(bad.flatMap((s) => s.reasons.map(stripFigures)))];
  const stackCpu = judgeStackCpus(inside);
  return {
    saturated: bad.length >= 2 && (inARow || share > lines.windowShare),
    seconds: inside.length,
    saturatedSeconds: bad.length,
    reasons,
    ...(stackCpu ? { stackCpu } : {}),
    worstDelayMs: worstGeneratorDelayMs(inside),
  };
}

/** The worst scheduler lag or event-loop delay (max, any thread) over some seconds, ms; 0 without figures. */
export function worstGeneratorDelayMs(seconds: readonly GeneratorSecondFigures[]): number {
  let worst = 0;
  for (const s of seconds) {
    worst = Math.max(worst, s.scheduler?.lagMaxMs ?? 0, s.main?.eventLoopDelayMaxMs ?? 0, s.loadWorker?.eventLoopDelayMaxMs ?? 0);
  }
  return worst;
}

/** Null without stack samples (no split, or not Linux); one sample is too few to call it a limit. */
export function judgeStackCpus(seconds: readonly GeneratorSecondFigures[], linePercent = STACK_BUSY_LINE_PERCENT): StackCpuVerdict | null {
  const sampled = seconds.flatMap((s) => (s.stackCpu ? [s.stackCpu] : []));
  if (sampled.length === 0) return null;
  const busyPercent = Math.round((sampled.reduce((sum, s) => sum + s.busyPercent, 0) / sampled.length) * 10) / 10;
  return { limited: sampled.length >= 2 && busyPercent >= linePercent, cpus: sampled[0]!.cpus, busyPercent, seconds: sampled.length };
}

/** "stack CPUs 0: 98% busy - the system under test's CPUs were the limit, not the generator"; null when they were not. */
export function stackCpuNote(
  verdict: Pick<StackCpuVerdict, 'limited' | 'cpus' | 'busyPercent'> | undefined | null,
  generatorSaturated: boolean,
): string | null {
  if (!verdict?.limited) return null;
  const figure = `stack CPUs ${verdict.cpus}: ${Math.round(verdict.busyPercent)}% busy`;
  return generatorSaturated
    ? `${figure} - the system under test's CPUs were a limit too, beside the saturated generator`
    : `${figure} - the system under test's CPUs were the limit, not the generator`;
}

/** "load worker CPU 97% >= 90%" -> "load worker CPU >= 90%", so a window lists each kind of reason once. */
function stripFigures(reason: string): string {
  return reason.replace(/ [\d.]+ ?(%|ms)? (>=|>)/, ' $2');
}
