// The open-model load loop on bench's own HTTP/1.1 client (../http1/). Runs on whichever thread the driver chose
// (main or worker): it only needs a clock and a few callbacks. Semantics (wrk2 / k6 constant-arrival-rate):
// - request n is due at start + schedule.sendTimeMs(n); its latency is completion time minus that intended time,
//   so time spent waiting for the scheduler, for a connection or for the server all counts;
// - a due request goes out at once on a free connection, else waits in a line (FIFO); only when the line is full
//   (maxQueue: by default millions, bounded by memory, not by the connections) is it dropped: counted, never sent;
// - the timeout counts from the intended send time too: a request that waited in the line longer than timeoutMs
//   is never sent and ends as a timeout (code BENCH_QUEUE_TIMEOUT), and one sent late gets only what is left of
//   it; so every request ends within timeoutMs of its intended time (plus the sweep's step) and the drain after
//   the last send is bounded whatever the line holds;
// - connections are opened before the schedule (preconnect) and kept between requests (idle ones closed after
//   KEEP_ALIVE_TIMEOUT_MS); one the server closes is reopened for the next request on it, whose latency includes
//   the reconnect;
// - one timer releases every request that has come due (a batch), then sleeps until the next due time, so a late
//   wake-up never loses requests; one coarse sweep enforces every deadline, so no request has a timer of its own.
// Cost: one string and one write per request, nothing else allocated on the way (see docs/generator.md).
import { expandPath, type RequestTemplate, type SchedulerSecond } from '../driver.ts';
import { ConnectionRing } from '../http1/connection-ring.ts';
import { Http1Connection, type ConnectionListener } from '../http1/http1-connection.ts';
import { buildHeadBytes, buildRequestBytes } from '../http1/request-bytes.ts';
import { targetOf } from '../http1/target.ts';
import type { ArrivalSchedule } from '../schedule/arrival-schedule.ts';
import { abortAware } from './drain-bound.ts';
import { IntendedLine } from './intended-line.ts';
import { createLagSeconds } from './lag-seconds.ts';
import { boundedWait } from './preconnect.ts';

/**
 * How long an idle connection is kept. At 2000 req/s and 1 ms answers a pool that reuses its most recent
 * connection leaves the rest idle (undici's 4 s default then closed them mid-run, and a stall had to open new ones
 * to a frozen server); bench hands out the connection free the longest, so at any real rate none idles, and 20 s
 * keeps them over any gap in a run while staying below the idle timeouts of the servers bench drives (HAProxy
 * here: 30 s, nginx: 75 s), so bench does not race a server closing an idle connection.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 20_000;

/** intendedAtMs of preconnect's requests, which are not recorded. */
const WARM_UP = -1;

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
   * Open every connection before the schedule starts, with one HEAD request each (not recorded): opening 50
   * connections took ~85 ms here, long enough at 5k req/s to overflow a short waiting line in the first second.
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

/** How often deadlines are checked: a tenth of the timeout, between 5 and 100 ms. */
export function sweepStepMs(timeoutMs: number): number {
  return Math.min(100, Math.max(5, Math.floor(timeoutMs / 10)));
}

export async function runOpenLoop(
  settings: OpenLoopSettings,
  events: OpenLoopEvents,
  nowMs: () => number,
  signal: AbortSignal,
): Promise<OpenLoopOutcome> {
  const { schedule, connections, maxQueue, timeoutMs, request } = settings;
  const url = new URL(settings.baseUrl);
  const bytes = buildRequestBytes(url.host, request);
  const { keyed, encoding, noBody } = bytes;
  const lag = createLagSeconds();
  // The requests waiting for a connection (intended times), never more than maxQueue.
  const line = new IntendedLine(maxQueue);
  const free = new ConnectionRing(connections);
  let inFlight = 0;
  let sent = 0;
  let dropped = 0;
  let expired = 0;
  let next = 0;
  let abandoned = 0;
  let quiet = false; // set once we stop reporting (after the grace period)
  let running = false; // false during preconnect: its answers are not recorded
  // While the schedule runs, every answer also releases the requests that have come due since the last timer:
  // libuv's timers have 1 ms steps and fire up to a step late, so at high rates a response is usually the earlier
  // wake-up (measured in docs/generator.md), and the timer is the fallback when nothing comes back.
  let releasing = false;
  let startAtMs = 0;
  let timer: NodeJS.Timeout | null = null;
  let lastFlushSecond = -1;
  let scheduleDone = false;
  let settle: () => void = () => {};
  const idle = new Promise<void>((resolve) => (settle = resolve));
  const checkIdle = (): void => {
    if (scheduleDone && inFlight === 0 && line.length === 0) settle();
  };

  const dispatch = (intendedAtMs: number, waitedMs: number, now: number): void => {
    const connection = free.shift();
    inFlight++;
    sent++;
    connection.intendedAtMs = intendedAtMs;
    // On time: the whole timeout from now. Late: what is left of it, counted from the intended time.
    connection.deadlineMs = waitedMs > LATE_MS ? intendedAtMs + timeoutMs : now + timeoutMs;
    connection.send(bytes.forKey(keyed ? settings.nextKey() : 0), encoding, noBody);
  };

  const expireOne = (intendedAtMs: number, now: number): void => {
    expired++;
    if (!quiet) events.error(intendedAtMs, (now - intendedAtMs) * 1000, QUEUE_TIMEOUT);
  };

  const release = (intendedAtMs: number, lagMs: number, now: number): void => {
    lag.record(intendedAtMs, lagMs);
    if (free.length > 0) dispatch(intendedAtMs, lagMs, now);
    else if (!line.push(intendedAtMs)) {
      dropped++;
      events.dropped(intendedAtMs);
    }
  };
  const total = schedule.totalRequests;
  // Releases every request due by `now`. Bounded in count by the schedule and in time by its duration.
  const releaseDue = (now: number): void => {
    const elapsedMs = now - startAtMs;
    while (next < total) {
      const dueMs = schedule.sendTimeMs(next);
      if (dueMs > elapsedMs) break;
      release(startAtMs + dueMs, elapsedMs - dueMs, now);
      next++;
    }
  };

  // A connection is free: the oldest waiting request takes it (unless we are stopping); those that waited past
  // their timeout end as timeouts on the way.
  const pump = (now: number): void => {
    if (signal.aborted) return;
    while (line.length > 0 && free.length > 0) {
      const queued = line.shift();
      const waitedMs = now - queued;
      if (waitedMs < timeoutMs) dispatch(queued, waitedMs, now);
      else expireOne(queued, now);
    }
  };

  // Preconnect's requests (intendedAtMs WARM_UP) are not recorded and not in `inFlight`.
  let warming = 0;
  let onWarm: () => void = () => {};
  const finished = (connection: Http1Connection): number => {
    const now = nowMs();
    connection.lastActiveMs = now;
    free.push(connection);
    if (connection.intendedAtMs === WARM_UP) {
      warming--;
      onWarm();
    } else inFlight--;
    return now;
  };
  const listener: ConnectionListener = {
    onConnectionResponse(connection, status, serverTiming) {
      const now = finished(connection);
      const intendedAtMs = connection.intendedAtMs;
      if (intendedAtMs !== WARM_UP && !quiet) events.response(intendedAtMs, (now - intendedAtMs) * 1000, status, serverTiming);
      if (line.length > 0) pump(now);
      if (releasing) releaseDue(now);
      checkIdle();
    },
    onConnectionError(connection, error) {
      const now = finished(connection);
      const intendedAtMs = connection.intendedAtMs;
      // A refused connection has no duration worth recording (see phase-recorder.ts); other failures do.
      const refused = (error as { code?: unknown } | null)?.code === 'ECONNREFUSED';
      if (intendedAtMs !== WARM_UP && !quiet) events.error(intendedAtMs, refused ? undefined : (now - intendedAtMs) * 1000, error);
      if (line.length > 0) pump(now);
      if (releasing) releaseDue(now);
      checkIdle();
    },
  };
  const target = targetOf(url);
  const all = Array.from({ length: connections }, (_, i) => new Http1Connection(i, target, listener));

  // One coarse timer for every deadline: requests in flight past theirs, requests waiting past the timeout, and
  // connections idle past KEEP_ALIVE_TIMEOUT_MS.
  const sweep = setInterval(() => {
    const now = nowMs();
    for (const connection of all) {
      if (connection.busy) {
        if (now >= connection.deadlineMs) connection.expire();
      } else if (running && connection.open && now - connection.lastActiveMs > KEEP_ALIVE_TIMEOUT_MS) connection.close();
    }
    while (running && !signal.aborted && line.length > 0 && now - line.peek() >= timeoutMs) expireOne(line.shift(), now);
    if (running) checkIdle();
  }, sweepStepMs(timeoutMs));

  if (settings.preconnect) {
    const allWarm = new Promise<void>((resolve) => (onWarm = () => void (warming === 0 && resolve())));
    warming = connections;
    const now = nowMs();
    const head = buildHeadBytes(url.host, expandPath(request.path, 0));
    for (const connection of all) {
      connection.intendedAtMs = WARM_UP;
      connection.deadlineMs = now + timeoutMs;
      connection.send(head, 'latin1', true);
    }
    // Connections still warming up when this gives up join the ring when they finish.
    await boundedWait(allWarm, timeoutMs, signal);
  } else for (const connection of all) free.push(connection);
  running = true;
  startAtMs = settings.startAtMs ?? nowMs();

  const tick = (): void => {
    timer = null;
    if (signal.aborted) return;
    const now = nowMs();
    releaseDue(now);
    const second = Math.floor(now / 1000);
    if (second !== lastFlushSecond) {
      lastFlushSecond = second;
      for (const s of lag.flush(now)) events.schedulerSecond(s);
    }
    if (next >= total) {
      releasing = false;
      scheduleDone = true;
      checkIdle();
      return;
    }
    timer = setTimeout(tick, Math.max(0, schedule.sendTimeMs(next) - (nowMs() - startAtMs)));
  };

  const onAbort = (): void => {
    if (timer) clearTimeout(timer);
    releasing = false;
    scheduleDone = true;
    // Requests still waiting for a connection are abandoned: never sent, and not dropped either (the line was not full).
    abandoned = line.clear();
    checkIdle();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  events.started(startAtMs);
  releasing = true;
  tick();

  // Normal end: every request ends within timeoutMs of its intended time (a waiting one is sent with what is left
  // of it, or expires), so the last one by the schedule's end + timeoutMs (+ the sweep step); twice that is the
  // bound, which only matters if a connection hangs in a way the sweep does not see.
  const bound = abortAware(Math.max(0, startAtMs - nowMs()) + schedule.durationMs + 2 * timeoutMs + 1000, settings.abortGraceMs, signal);
  await Promise.race([idle, bound.done]);
  bound.cancel();
  signal.removeEventListener('abort', onAbort);
  if (timer) clearTimeout(timer);
  clearInterval(sweep);
  for (const s of lag.flush()) events.schedulerSecond(s);
  const unfinished = inFlight + line.length + abandoned;
  quiet = true;
  for (const connection of all) connection.close();
  return { sent, dropped, expired, unfinished };
}
