// A driver sends load and reports every request's outcome to a sink; it does no recording itself.
import type { RampStage } from './schedule/arrival-schedule.ts';
import type { ScheduleSegment } from './schedule/segment-schedule.ts';

export type { RampStage } from './schedule/arrival-schedule.ts';

export interface Clock {
  /** Milliseconds since the load started (monotonic). */
  nowMs(): number;
}

export interface ResponseSink {
  /**
   * `serverTiming`: the response's raw `Server-Timing` header value when it had one (repeated lines joined with
   * ", "), left for the recorder to parse. Drivers that cannot see headers cheaply leave it out (closed, k6).
   */
  response(sample: { sentAtMs: number; latencyUs: number; status: number; serverTiming?: string }): void;
  error(sample: { sentAtMs: number; latencyUs?: number; error: unknown }): void;
  /**
   * Open model only: a request whose intended send time came while every connection was busy and the waiting line
   * was full. It was never sent (k6's dropped_iterations); `intendedAtMs` is on the same clock as `sentAtMs`.
   */
  dropped?(sample: { intendedAtMs: number }): void;
}

/** One second (by intended send time) of an open-model scheduler: how late requests left against their schedule. */
export interface SchedulerSecond {
  /** floor(intendedAtMs / 1000), on the run's clock. */
  second: number;
  /** Requests whose send time fell in this second (sent, queued or dropped). */
  released: number;
  /** How late the scheduler released them: 99th percentile and worst, ms. */
  lagP99Ms: number;
  lagMaxMs: number;
}

/** One second of the thread that runs the load loop, when that is a worker (the monitor samples the main one). */
export interface LoadThreadSecond {
  second: number;
  /** CPU time of that thread in the second, user + system, microseconds. */
  cpuUs: number;
  /** Wall time the figures cover, ms (about 1000). */
  wallMs: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** 0..1: the share of the time the thread's event loop was busy. */
  eventLoopUtilization: number;
}

/** Optional hooks for generator-health checks (harness/src/generator); drivers call what they can measure. */
export interface LoadTelemetry {
  /** The load really began at `atMs` on the run clock (open model: request 0's intended time, after start-up). */
  started?(sample: { atMs: number }): void;
  schedulerSecond?(sample: SchedulerSecond): void;
  loadThreadSecond?(sample: LoadThreadSecond): void;
}

export interface RequestTemplate {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with an optional `{key}` placeholder, e.g. `/tasks/{key}`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadPlan {
  baseUrl: string;
  request: RequestTemplate;
  /** Produces the next key for `{key}`. */
  nextKey: () => number;
  connections: number;
  /** Overall target rate; undefined means as fast as the connections allow. The open driver needs it or `stages`. */
  ratePerSec?: number;
  /** Open model: a ramping arrival rate (k6 ramping-arrival-rate); starts from `ratePerSec` or 0. */
  stages?: readonly RampStage[];
  /** Open model: how many requests may wait for a free connection before new ones are dropped (default 4,000,000: memory, not connections). */
  maxQueue?: number;
  durationMs: number;
  timeoutMs: number;
  telemetry?: LoadTelemetry;
  /** Open model: send only this execution segment's requests, at the whole plan's intended times. */
  segment?: ScheduleSegment;
  /** Open model: the schedule's zero on the run clock (generators started together); default: once connected. */
  startAtMs?: number;
}

export interface DriverSummary {
  driver: string;
  /** Requests the driver says it sent (for cross-checking the recorder). */
  sent: number;
  /** Open model: requests never sent because the waiting line was full (each also went to `sink.dropped`). */
  dropped?: number;
  /** Open model: requests never sent because they waited longer than the timeout (each went to `sink.error` as a timeout). */
  expired?: number;
  /** Requests sent or queued that had not finished when the driver stopped; the sink never heard of them. */
  unfinished?: number;
}

export interface Driver {
  readonly name: string;
  run(plan: LoadPlan, sink: ResponseSink, clock: Clock, signal: AbortSignal): Promise<DriverSummary>;
}

/**
 * Closed loop with a rate: the interval each connection means to keep (connections / rate), the recording unit for
 * coordinated-omission correction. autocannon lowers the connections to the rate when the rate is smaller
 * (lib/run.js), so those are the connections that count.
 */
export function closedLoopIntervalUs(connections: number, ratePerSec: number): { connections: number; intervalUs: number } {
  const effective = Math.min(connections, ratePerSec);
  return { connections: effective, intervalUs: Math.round((effective / ratePerSec) * 1_000_000) };
}

/** The closed-loop drivers: bench's own (`closed`) and autocannon (`autocannon`); the rest are arrival-rate drivers. */
export const isClosedLoop = (driver: string): boolean => driver === 'closed' || driver === 'autocannon';

export const expandPath = (template: string, key: number): string => template.replaceAll('{key}', String(key));
