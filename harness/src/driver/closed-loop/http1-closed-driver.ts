// Closed loop on bench's own HTTP/1.1 client (../http1/), the `closed` driver: each connection sends its next
// request as soon as the previous one ends, like wrk. With a rate, each connection keeps an interval of
// connections / rate between sends (the unit the recorder's coordinated-omission correction uses: driver.ts
// closedLoopIntervalUs, with the connections lowered to the rate as autocannon does). Latency counts from the
// actual send: what a closed loop measures. autocannon stays available as the `autocannon` driver.
import { closedLoopIntervalUs, type Clock, type Driver, type DriverSummary, type LoadPlan, type ResponseSink } from '../driver.ts';
import { Http1Connection, type ConnectionListener } from '../http1/http1-connection.ts';
import { buildRequestBytes } from '../http1/request-bytes.ts';
import { targetOf } from '../http1/target.ts';
import { sweepStepMs } from '../open-loop/open-loop-engine.ts';

/** After the duration, requests in flight may finish for this long (at most the timeout) and still count. */
const END_GRACE_MS = 1000;
/** A refused connection is retried after this pause, not in a tight loop. */
const REFUSED_PAUSE_MS = 10;

export const http1ClosedDriver: Driver = {
  name: 'closed',
  run(plan: LoadPlan, sink: ResponseSink, clock: Clock, signal: AbortSignal): Promise<DriverSummary> {
    return runClosedLoop(plan, sink, clock, signal);
  },
};

async function runClosedLoop(plan: LoadPlan, sink: ResponseSink, clock: Clock, signal: AbortSignal): Promise<DriverSummary> {
  const url = new URL(plan.baseUrl);
  const bytes = buildRequestBytes(url.host, plan.request);
  const { keyed, encoding, noBody } = bytes;
  const paced =
    plan.ratePerSec !== undefined && plan.ratePerSec > 0 ? closedLoopIntervalUs(Math.max(1, plan.connections), plan.ratePerSec) : null;
  const connections = paced ? paced.connections : Math.max(1, Math.floor(plan.connections));
  const intervalMs = paced ? paced.intervalUs / 1000 : 0;
  const timeoutMs = plan.timeoutMs;
  let sent = 0;
  let inFlight = 0;
  let stopping = false;
  const timers = new Set<NodeJS.Timeout>();
  // Per connection: when its current request was sent, and when its next one may go (paced).
  const sentAt = new Float64Array(connections);
  const nextAt = new Float64Array(connections);

  const send = (connection: Http1Connection): void => {
    if (stopping) return;
    const now = clock.nowMs();
    if (paced && nextAt[connection.index]! > now) return wait(connection, nextAt[connection.index]! - now);
    inFlight++;
    sent++;
    sentAt[connection.index] = now;
    if (paced) nextAt[connection.index] = Math.max(now, nextAt[connection.index]!) + intervalMs;
    connection.deadlineMs = now + timeoutMs;
    connection.send(bytes.forKey(keyed ? plan.nextKey() : 0), encoding, noBody);
  };
  const wait = (connection: Http1Connection, ms: number): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      send(connection);
    }, ms);
    timers.add(timer);
  };

  let settle: () => void = () => {};
  const drained = new Promise<void>((resolve) => (settle = resolve));
  const listener: ConnectionListener = {
    onConnectionResponse(connection, status) {
      inFlight--;
      const now = clock.nowMs();
      const at = sentAt[connection.index]!;
      sink.response({ sentAtMs: at, latencyUs: (now - at) * 1000, status });
      if (stopping) return void (inFlight === 0 && settle());
      send(connection);
    },
    onConnectionError(connection, error) {
      inFlight--;
      const at = sentAt[connection.index]!;
      const refused = (error as { code?: unknown } | null)?.code === 'ECONNREFUSED';
      sink.error({ sentAtMs: at, ...(refused ? {} : { latencyUs: (clock.nowMs() - at) * 1000 }), error });
      if (stopping) return void (inFlight === 0 && settle());
      if (refused) wait(connection, REFUSED_PAUSE_MS);
      else send(connection);
    },
  };
  const target = targetOf(url);
  const all = Array.from({ length: connections }, (_, i) => new Http1Connection(i, target, listener));
  const sweep = setInterval(() => {
    const now = clock.nowMs();
    for (const connection of all) if (connection.busy && now >= connection.deadlineMs) connection.expire();
  }, sweepStepMs(timeoutMs));

  let stopped: () => void = () => {};
  const stopSignal = new Promise<void>((resolve) => (stopped = resolve));
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    if (inFlight === 0) settle();
    stopped();
  };
  const end = setTimeout(stop, plan.durationMs);
  signal.addEventListener('abort', stop, { once: true });
  plan.telemetry?.started?.({ atMs: clock.nowMs() });
  for (const connection of all) send(connection);
  if (signal.aborted) stop();
  await stopSignal;
  return finish();

  async function finish(): Promise<DriverSummary> {
    // The requests in flight at the end may finish, for a bounded time.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise<void>((resolve) => (grace = setTimeout(resolve, Math.min(END_GRACE_MS, timeoutMs))))]);
    clearTimeout(grace);
    clearTimeout(end);
    clearInterval(sweep);
    signal.removeEventListener('abort', stop);
    const unfinished = inFlight;
    for (const connection of all) connection.close();
    return { driver: 'closed', sent, unfinished };
  }
}
