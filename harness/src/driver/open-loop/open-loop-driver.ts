// Open model (wrk2 / k6 arrival-rate semantics) on bench's own HTTP/1.1 client (../http1/): requests leave on a
// schedule whatever the server does, and each latency counts from the request's intended send time. See
// open-loop-engine.ts for the loop itself.
//
// Where the loop runs: `thread: 'main'` (the default) runs it inline; `thread: 'worker'` puts it on a worker
// thread and posts outcomes back as Float64Array batches, so main-thread work (recording, Docker calls at fault
// edges) cannot delay a send or a timestamp. Main is the default because it competes less with the system under
// test: measured (on undici, before ../http1/; see docs/generator.md) with scripts/bench-generator.ts against nginx on the 2-core machine (3 runs), the worker cost
// 1-50% more CPU per request at every rate (10k req/s: 61 vs 90 us, 54 vs 67 us; 20k: 36 vs 43 us), held a
// lower rate without drops (10k vs 5k req/s) and reached less when pushed (20k asked: 17.7k vs 13.0k), and it
// adds 300-500 ms of start-up; the calibration test matches its analytic figures either way. The generator
// monitor flags the case the worker would protect against (main-thread event-loop delay).
import { Worker } from 'node:worker_threads';
import { BenchError } from '../../errors/bench-error.ts';
import type { Clock, Driver, DriverSummary, LoadPlan, ResponseSink } from '../driver.ts';
import { buildSchedule, peakRatePerSec, type ScheduleSpec } from '../schedule/schedule-spec.ts';
import { runOpenLoop, type OpenLoopEvents } from './open-loop-engine.ts';
import { SELF_WARM_UP_MIN_RATE, warmUpOnce } from './self-warm-up.ts';
import { readBatch, type BatchTarget } from './sample-batch.ts';
import type { FromWorker, ToWorker, WorkerSettings } from './worker-protocol.ts';

export interface OpenLoopDriverOptions {
  thread?: 'worker' | 'main';
  /** After an abort, how long requests already sent may finish and still be reported (default 1000 ms). */
  abortGraceMs?: number;
  /** One unrecorded HEAD per connection before the schedule starts (default true); see open-loop-engine.ts. */
  preconnect?: boolean;
  /** At >= 5,000 req/s, compile the loop once against an in-process server first (default true); self-warm-up.ts. */
  selfWarmUp?: boolean;
}

export const DEFAULT_OPEN_CONNECTIONS = 64;
/**
 * The waiting line's default bound: memory (8 bytes per waiting request, allocated as the line grows: 32 MB when
 * full), not the connection count. A request that cannot be sent on time waits and is measured from its intended
 * send time, as wrk2 does; with the old default (10 x connections) a 1 s stall at 2000 req/s dropped 6.5% of the
 * requests, exactly the slowest ones. Waiting requests expire at the timeout (open-loop-engine.ts), so the line
 * holds at most about rate x timeout: 4,000,000 is 400 s of 10k req/s. Past it a request is dropped (counted as a
 * failed request, class `dropped`, and warned about in every report).
 */
export const DEFAULT_MAX_QUEUE = 4_000_000;

export function createOpenLoopDriver(options: OpenLoopDriverOptions = {}): Driver {
  const thread = options.thread ?? 'main';
  const abortGraceMs = options.abortGraceMs ?? 1000;
  const preconnect = options.preconnect ?? true;
  const selfWarmUp = options.selfWarmUp ?? true;
  return {
    name: 'open',
    async run(plan, sink, clock, signal) {
      const spec = scheduleSpecOf(plan);
      const connections = plan.connections > 0 ? Math.floor(plan.connections) : DEFAULT_OPEN_CONNECTIONS;
      const maxQueue = plan.maxQueue ?? DEFAULT_MAX_QUEUE;
      const common = {
        connections,
        maxQueue,
        abortGraceMs,
        preconnect,
        ...(plan.startAtMs !== undefined ? { startAtMs: plan.startAtMs } : {}),
      };
      if (thread === 'main' && selfWarmUp && peakRatePerSec(spec) >= SELF_WARM_UP_MIN_RATE) await warmUpOnce();
      return thread === 'main'
        ? runOnMainThread(plan, spec, common, sink, clock, signal)
        : runOnWorker(plan, spec, common, sink, clock, signal);
    },
  };
}

export const openLoopDriver: Driver = createOpenLoopDriver();

interface Common {
  connections: number;
  maxQueue: number;
  abortGraceMs: number;
  preconnect: boolean;
  startAtMs?: number;
}

function scheduleSpecOf(plan: LoadPlan): ScheduleSpec {
  const hasStages = plan.stages !== undefined && plan.stages.length > 0;
  if (!hasStages && !(plan.ratePerSec !== undefined && plan.ratePerSec > 0)) {
    throw new BenchError('bad-input', 'the open-model driver needs an arrival rate', {
      hint: 'Set ratePerSec (e.g. 500) or stages ([{ durationMs, targetRatePerSec }]); for "as fast as it goes" use the closed driver.',
    });
  }
  return {
    ...(plan.ratePerSec !== undefined ? { ratePerSec: plan.ratePerSec } : {}),
    ...(hasStages ? { stages: plan.stages } : {}),
    durationMs: plan.durationMs,
    ...(plan.segment ? { segment: plan.segment } : {}),
  };
}

async function runOnMainThread(
  plan: LoadPlan,
  spec: ScheduleSpec,
  common: Common,
  sink: ResponseSink,
  clock: Clock,
  signal: AbortSignal,
): Promise<DriverSummary> {
  const events: OpenLoopEvents = {
    response: (sentAtMs, latencyUs, status, serverTiming) => sink.response({ sentAtMs, latencyUs, status, serverTiming }),
    error: (sentAtMs, latencyUs, error) => sink.error({ sentAtMs, ...(latencyUs === undefined ? {} : { latencyUs }), error }),
    dropped: (intendedAtMs) => sink.dropped?.({ intendedAtMs }),
    started: (atMs) => plan.telemetry?.started?.({ atMs }),
    schedulerSecond: (s) => plan.telemetry?.schedulerSecond?.(s),
  };
  const outcome = await runOpenLoop(
    {
      ...common,
      baseUrl: plan.baseUrl,
      request: plan.request,
      nextKey: plan.nextKey,
      timeoutMs: plan.timeoutMs,
      schedule: buildSchedule(spec),
    },
    events,
    () => clock.nowMs(),
    signal,
  );
  return { driver: 'open', ...outcome };
}

function runOnWorker(
  plan: LoadPlan,
  spec: ScheduleSpec,
  common: Common,
  sink: ResponseSink,
  clock: Clock,
  signal: AbortSignal,
): Promise<DriverSummary> {
  const total = buildSchedule(spec).totalRequests;
  const needsKeys = plan.request.path.includes('{key}');
  // Keys are drawn here (the plan's sampler is a closure) and kept ~2 s ahead of the worker.
  const reserve = Math.max(1024, Math.ceil(peakRatePerSec(spec) * 2));
  let keysSent = 0;
  const drawKeys = (count: number): Float64Array => {
    const n = needsKeys ? Math.min(count, total - keysSent) : 0;
    const keys = new Float64Array(Math.max(0, n));
    for (let i = 0; i < keys.length; i++) keys[i] = plan.nextKey();
    keysSent += keys.length;
    return keys;
  };
  const settings: WorkerSettings = {
    ...common,
    baseUrl: plan.baseUrl,
    request: plan.request,
    timeoutMs: plan.timeoutMs,
    schedule: spec,
    clockZeroHrNs: process.hrtime.bigint() - BigInt(Math.round(clock.nowMs() * 1e6)),
    needsKeys,
  };
  const target: BatchTarget = {
    response: (sentAtMs, latencyUs, status, serverTiming) => sink.response({ sentAtMs, latencyUs, status, serverTiming }),
    error: (sentAtMs, latencyUs, error) => sink.error({ sentAtMs, ...(latencyUs === undefined ? {} : { latencyUs }), error }),
    dropped: (intendedAtMs) => sink.dropped?.({ intendedAtMs }),
  };

  return new Promise<DriverSummary>((resolve, reject) => {
    const worker = new Worker(new URL('./open-loop-worker.ts', import.meta.url));
    let settled = false;
    const send = (message: ToWorker, transfer: ArrayBuffer[] = []): void => worker.postMessage(message, transfer);
    const onAbort = (): void => send({ type: 'abort' });
    const finish = (error: unknown, summary?: DriverSummary): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (summary) resolve(summary);
      else reject(error);
    };
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'batch') {
        readBatch(message.batch, target);
        for (const s of message.scheduler) plan.telemetry?.schedulerSecond?.(s);
        for (const s of message.thread) plan.telemetry?.loadThreadSecond?.(s);
        if (needsKeys && keysSent - message.keysUsed < reserve && keysSent < total) {
          const keys = drawKeys(reserve);
          send({ type: 'keys', keys }, [keys.buffer as ArrayBuffer]);
        }
      } else if (message.type === 'started') {
        plan.telemetry?.started?.({ atMs: message.atMs });
      } else if (message.type === 'done') {
        const { keyUnderflows: _underflows, ...outcome } = message.outcome;
        finish(null, { driver: 'open', ...outcome });
      } else {
        finish(Object.assign(new Error(`open-loop worker failed: ${message.error.message ?? 'unknown error'}`), message.error));
      }
    });
    worker.once('error', (error) => finish(error));
    worker.once('exit', (code) => finish(new Error(`open-loop worker exited (code ${code}) before it finished`)));
    signal.addEventListener('abort', onAbort, { once: true });
    const keys = drawKeys(2 * reserve);
    send({ type: 'start', settings, keys }, [keys.buffer as ArrayBuffer]);
    if (signal.aborted) onAbort();
  });
}
