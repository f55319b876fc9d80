// The open-model load loop on an undici Pool. Runs on whichever thread the driver chose (main or worker): it only
// needs a clock and three callbacks. Semantics (wrk2 / k6 constant-arrival-rate):
// - request n is due at start + schedule.sendTimeMs(n); its latency is completion time minus that intended time,
//   so time spent waiting for the scheduler, for a connection or for the server all counts;
// - a due request goes out at once on a free connection, else waits in a line (FIFO); only when the line is full
//   (maxQueue: by default millions, bounded by memory, not by the connections) is it dropped: counted, never sent;
// - the timeout counts from the intended send time too: a request that waited in the line longer than timeoutMs
//   is never sent and ends as a timeout (code BENCH_QUEUE_TIMEOUT), and one sent late gets only what is left of
//   it; so every request ends within timeoutMs of its intended time (plus undici's timer slack) and the drain
//   after the last send is bounded whatever the line holds;
// - connections are opened before the schedule (preconnect) and kept between requests (keepAliveTimeout); one
//   the server closes is reopened by the pool for the next request on it, whose latency includes the reconnect;
// - one timer releases every request that has come due (a batch), then sleeps until the next due time, so a late
//   wake-up never loses requests and no per-request timer is needed.
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { expandPath, type RequestTemplate, type SchedulerSecond } from '../driver.ts';
import type { ArrivalSchedule } from '../schedule/arrival-schedule.ts';
import { IntendedLine } from './intended-line.ts';
import { preconnect } from './preconnect.ts';
import { createLagSeconds } from './lag-seconds.ts';

/**
 * How long an idle connection is kept when the server gives no Keep-Alive hint (with one, undici follows the
 * server's). undici's default, 4 s, closed most preconnected connections mid-run: at 2000 req/s and 1 ms answers
 * the pool uses its first few connections only, so the rest sat idle and were gone when a stall needed them (new
 * connections to a frozen server wait in its accept queue, or for SYN retransmission once that is full). 20 s
 * keeps them over any gap in a run and stays below the idle timeouts of the servers bench drives without a hint
 * (HAProxy here: 30 s, nginx: 75 s), so bench does not race a server closing an idle connection.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 20_000;

/** Waits up to this long count as on time for the timeout (a late timer, not a wait for a connection). */
const LATE_MS = 10;

/** A request that waited in the line past its timeout: never sent; classify.ts counts it as a timeout. */
export const QUEUE_TIMEOUT_CODE = 'BENCH_QUEUE_TIMEOUT';
const QUEUE_TIMEOUT = Object.freeze(
  Object.assign(new Error('waited in the line for a free connection longer than the timeout: never sent'), { code: QUEUE_TIMEOUT_CODE }),
);

export interface OpenLoopSettings {
  baseUrl: string;
  request: RequestTemplate;
  nextKey: () => number;
  connections: number;
  maxQueue: number;
  timeoutMs: number;
  schedule: ArrivalSchedule;
  /** After an abort, how long requests already sent may still finish and be reported. */
  abortGraceMs: number;
  /**
   * Open every connection before the schedule starts, with one HEAD request each (not recorded). Without it the
   * first second measures the generator: undici compiles its HTTP parser on first use (~35 ms) and opening 50
   * connections took ~85 ms here, long enough at 5k req/s to overflow the waiting line and drop requests.
   */
  preconnect: boolean;
  /**
   * The schedule's zero on the nowMs clock, for generators that start together (segments); default: right after
   * preconnect. One that is already past still holds: requests already due leave at once, measured from their time.
   */
  startAtMs?: number;
}

export interface OpenLoopEvents {
  /** `serverTiming`: the response's raw `Server-Timing` value, when it had one (the recorder parses it). */
  response(intendedAtMs: number, latencyUs: number, status: number, serverTiming?: string): void;
  error(intendedAtMs: number, latencyUs: number | undefined, error: unknown): void;
  dropped(intendedAtMs: number): void;
  /** Called once, before any request: the schedule's zero on the run clock. */
  started(atMs: number): void;
  schedulerSecond(sample: SchedulerSecond): void;
}

export interface OpenLoopOutcome {
  /** Requests handed to a connection. */
  sent: number;
  /** Never sent: the line was full. */
  dropped: number;
  /** Never sent: waited in the line longer than the timeout (reported to `error` as timeouts). */
  expired: number;
  unfinished: number;
}

export async function runOpenLoop(
  settings: OpenLoopSettings,
  events: OpenLoopEvents,
  nowMs: () => number,
  signal: AbortSignal,
): Promise<OpenLoopOutcome> {
  const { schedule, connections, maxQueue, timeoutMs, request } = settings;
  const origin = new URL(settings.baseUrl).origin;
  const pool = new Pool(origin, {
    connections,
    pipelining: 1,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: timeoutMs },
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  });
  const hasKey = request.path.includes('{key}');
  // A body may name the key too (e.g. writes spread over users: {"userId":{key},...}); one key per request.
  const bodyHasKey = request.body?.includes('{key}') ?? false;
  const lag = createLagSeconds();
  // The requests waiting for a connection (intended times), never more than maxQueue.
  const line = new IntendedLine(maxQueue);
  let inFlight = 0;
  let sent = 0;
  let dropped = 0;
  let expired = 0;
  let next = 0;
  let abandoned = 0;
  let quiet = false; // set once we stop reporting (after the grace period): undici's teardown errors are ours
  let timer: NodeJS.Timeout | null = null;
  let lastFlushSecond = -1;
  if (settings.preconnect) await preconnect(pool, request.path, connections, timeoutMs, signal);
  const startAtMs = settings.startAtMs ?? nowMs();
  const total = schedule.totalRequests;

  let settle: () => void = () => {};
  const idle = new Promise<void>((resolve) => (settle = resolve));
  let scheduleDone = false;
  const checkIdle = (): void => {
    if (scheduleDone && inFlight === 0 && line.length === 0) settle();
  };

  const dispatch = (intendedAtMs: number, waitedMs: number): void => {
    inFlight++;
    sent++;
    const key = hasKey || bodyHasKey ? settings.nextKey() : 0;
    const options: Dispatcher.DispatchOptions = {
      path: hasKey ? expandPath(request.path, key) : request.path,
      method: request.method,
      headers: request.headers ?? null,
      body: bodyHasKey ? expandPath(request.body!, key) : (request.body ?? null),
    };
    // A request that waited gets what is left of its timeout. Only then, and in 100 ms steps: undici re-creates its
    // timer for each new value (the same value is a cheap refresh), so requests sent on time keep the pool's.
    if (waitedMs > LATE_MS) options.headersTimeout = remainingTimeoutMs(timeoutMs, waitedMs);
    pool.dispatch(options, new RequestHandler(intendedAtMs, onDone));
  };

  const onDone = (intendedAtMs: number, status: number, error: unknown, serverTiming: string | undefined): void => {
    inFlight--;
    if (!quiet) {
      const latencyUs = (nowMs() - intendedAtMs) * 1000;
      if (error === null) events.response(intendedAtMs, latencyUs, status, serverTiming);
      // A refused connection has no duration worth recording (see phase-recorder.ts); other failures do.
      else events.error(intendedAtMs, codeOf(error) === 'ECONNREFUSED' ? undefined : latencyUs, error);
    }
    // A connection is free: the oldest waiting request takes it (unless we are stopping); those that waited past
    // their timeout end as timeouts on the way.
    if (!signal.aborted && line.length > 0 && inFlight < connections) {
      const now = nowMs();
      while (line.length > 0 && inFlight < connections) {
        const queued = line.shift();
        const waitedMs = now - queued;
        if (waitedMs < timeoutMs) dispatch(queued, waitedMs);
        else {
          expired++;
          if (!quiet) events.error(queued, waitedMs * 1000, QUEUE_TIMEOUT);
        }
      }
    }
    checkIdle();
  };

  const release = (intendedAtMs: number, lagMs: number): void => {
    lag.record(intendedAtMs, lagMs);
    if (inFlight < connections) dispatch(intendedAtMs, lagMs);
    else if (!line.push(intendedAtMs)) {
      dropped++;
      events.dropped(intendedAtMs);
    }
  };

  const flushLag = (beforeMs?: number): void => {
    for (const second of lag.flush(beforeMs)) events.schedulerSecond(second);
  };

  const tick = (): void => {
    timer = null;
    if (signal.aborted) return;
    const elapsedMs = nowMs() - startAtMs;
    // Bounded in count by the schedule and in time by its duration: the loop cannot outlive either.
    while (next < total) {
      const dueMs = schedule.sendTimeMs(next);
      if (dueMs > elapsedMs) break;
      release(startAtMs + dueMs, elapsedMs - dueMs);
      next++;
    }
    const second = Math.floor((startAtMs + elapsedMs) / 1000);
    if (second !== lastFlushSecond) {
      lastFlushSecond = second;
      flushLag(startAtMs + elapsedMs);
    }
    if (next >= total) {
      scheduleDone = true;
      checkIdle();
      return;
    }
    timer = setTimeout(tick, Math.max(0, schedule.sendTimeMs(next) - (nowMs() - startAtMs)));
  };

  const onAbort = (): void => {
    if (timer) clearTimeout(timer);
    scheduleDone = true;
    // Requests still waiting for a connection are abandoned: never sent, and not dropped either (the line was not full).
    abandoned = line.clear();
    checkIdle();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  events.started(startAtMs);
  tick();

  // Normal end: every request ends within timeoutMs of its intended time (a waiting one is sent with what is left
  // of it, or expires), so the last one by the schedule's end + timeoutMs; twice that allows for undici's coarse
  // timers. The bound only protects against a server that trickles body bytes forever (bodyTimeout is per chunk).
  const drainBoundMs = Math.max(0, startAtMs - nowMs()) + schedule.durationMs + 2 * timeoutMs + 1000;
  const bound = abortAware(drainBoundMs, settings.abortGraceMs, signal);
  await Promise.race([idle, bound.done]);
  bound.cancel();
  signal.removeEventListener('abort', onAbort);
  if (timer) clearTimeout(timer);
  flushLag();
  const unfinished = inFlight + line.length + abandoned;
  quiet = true;
  await pool.destroy().catch(() => undefined);
  return { sent, dropped, expired, unfinished };
}

/** Resolves after `boundMs`, or `graceMs` after an abort, whichever comes first; `cancel` frees its timers. */
function abortAware(boundMs: number, graceMs: number, signal: AbortSignal): { done: Promise<void>; cancel: () => void } {
  let cancel: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    const bound = setTimeout(finish, boundMs);
    let grace: NodeJS.Timeout | null = null;
    function finish(): void {
      clearTimeout(bound);
      if (grace) clearTimeout(grace);
      signal.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      grace = setTimeout(finish, graceMs);
    }
    cancel = finish;
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { done, cancel };
}

/** What is left of the timeout after waiting, rounded up to 100 ms (undici's timers are coarser than that anyway). */
function remainingTimeoutMs(timeoutMs: number, waitedMs: number): number {
  return Math.min(timeoutMs, Math.max(100, Math.ceil((timeoutMs - waitedMs) / 100) * 100));
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

type RequestDone = (intendedAtMs: number, status: number, error: unknown, serverTiming: string | undefined) => void;

/** undici's low-level handler: no streams, no promises, so a request costs a few callbacks. */
class RequestHandler implements Dispatcher.DispatchHandler {
  readonly #intendedAtMs: number;
  readonly #done: RequestDone;
  #status = 0;
  #serverTiming: string | undefined = undefined;
  #finished = false;

  constructor(intendedAtMs: number, done: RequestDone) {
    this.#intendedAtMs = intendedAtMs;
    this.#done = done;
  }

  onRequestStart(): void {
    // Required by undici's handler check; nothing to do when a request starts.
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.#status = statusCode;
    // undici has already built this object from the raw headers (it does for every handler), so reading one key is
    // all Server-Timing costs a response without it. Repeated header lines are one list (RFC 9110 5.3).
    const serverTiming = headers['server-timing'];
    if (serverTiming !== undefined) this.#serverTiming = typeof serverTiming === 'string' ? serverTiming : serverTiming.join(', ');
  }

  onResponseData(): void {
    // The body is read (the connection must be drained) and thrown away.
  }

  onResponseEnd(): void {
    this.#finish(null);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#finish(error);
  }

  #finish(error: unknown): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#done(this.#intendedAtMs, this.#status, error, this.#serverTiming);
  }
}
