// Samples the calling thread: its own CPU time (process.threadCpuUsage, not the whole process), event-loop delay
// (monitorEventLoopDelay: how late a 10 ms timer fires) and event-loop utilization. Used by the generator monitor
// on the main thread and by the open-loop worker on its own thread.
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface ThreadWindow {
  /** CPU time of this thread over the window, user + system, microseconds. */
  cpuUs: number;
  wallMs: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** 0..1 */
  eventLoopUtilization: number;
}

export interface ThreadSampler {
  /** Figures since the previous call (or since the start). */
  sample(): ThreadWindow;
  stop(): void;
}

/** 10 ms: fine enough to see a 20 ms stall, cheap enough (100 wake-ups a second) to leave on during load. */
const DELAY_RESOLUTION_MS = 10;

export function createThreadSampler(): ThreadSampler {
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  let lastCpu = process.threadCpuUsage();
  let lastElu: EventLoopUtilization = performance.eventLoopUtilization();
  let lastAt = performance.now();
  return {
    sample() {
      const now = performance.now();
      const cpu = process.threadCpuUsage();
      const elu = performance.eventLoopUtilization();
      // The histogram counts the timer's whole period; what matters is the lateness beyond it.
      const lateness = (ns: number): number => round3(Math.max(0, ns / 1e6 - DELAY_RESOLUTION_MS));
      const window: ThreadWindow = {
        cpuUs: cpu.user - lastCpu.user + (cpu.system - lastCpu.system),
        wallMs: now - lastAt,
        eventLoopDelayP99Ms: delay.count > 0 ? lateness(delay.percentile(99)) : 0,
        eventLoopDelayMaxMs: delay.count > 0 ? lateness(delay.max) : 0,
        eventLoopUtilization: round3(performance.eventLoopUtilization(elu, lastElu).utilization),
      };
      delay.reset();
      lastCpu = cpu;
      lastElu = elu;
      lastAt = now;
      return window;
    },
    stop() {
      delay.disable();
    },
  };
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;
