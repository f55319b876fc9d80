// Reads k6's `--out json=FILE` lines (pure: text in, sink calls out) into the same sink the other drivers feed.
//
// What the lines mean (k6 1.8.1 source):
// - one `http_req_duration` Point per request (lib/netext/httpext/tracer.go): `value` is sending + waiting +
//   receiving in ms, so it starts when k6 begins writing the request (after waiting for and opening a connection)
//   and `time` is when the response ended (Trail.EndTime). So sentAtMs = time - value, latency = value: measured
//   from the actual send, as k6 reports it, not from the intended send time as the open driver does.
// - tags `status` ("0" for a transport error), `error_code` and `error` (transport.go measureAndEmitMetrics).
// - one `dropped_iterations` Point per iteration due while every VU was busy, `time` = when it was due
//   (lib/executor/constant_arrival_rate.go: time.Now() at the tick).
// - START_METRIC: written by the script's iteration 0, value = exec.scenario.startTime (epoch ms).
// - requests tagged WARMUP_TAG are the warm-up's (before the schedule): skipped.
// Times are wall-clock (RFC 3339, ns); an anchor (the same instant read on both clocks) maps them to the run clock.
import type { ResponseSink } from '../driver.ts';
import { k6RequestError } from './k6-error-codes.ts';
import { START_METRIC, WARMUP_TAG } from './k6-script.ts';

/** One instant read on the wall clock (epoch ms) and on the run clock (Clock.nowMs). */
export interface ClockAnchor {
  wallMs: number;
  clockMs: number;
}

export const toClockMs = (anchor: ClockAnchor, epochMs: number): number => anchor.clockMs + (epochMs - anchor.wallMs);

export interface K6ReaderCounts {
  responses: number;
  errors: number;
  dropped: number;
  /** Lines that could not be read (cut or malformed); the driver reports them rather than guessing. */
  unreadable: number;
}

export interface K6OutputReader {
  /** Output text as it arrives; complete lines are handled at once, a trailing partial line waits for the rest. */
  push(text: string): void;
  /** The output is complete: a last line without its newline is handled too (a line cut by a kill is unreadable). */
  end(): void;
  readonly counts: Readonly<K6ReaderCounts>;
}

export interface K6OutputReaderOptions {
  sink: ResponseSink;
  anchor: ClockAnchor;
  /**
   * Called once, before any sink call: at the scenario's start (START_METRIC), or, should a request or a drop come
   * first, at its time.
   */
  started?: (atMs: number) => void;
}

interface Point {
  metric?: unknown;
  type?: unknown;
  data?: { time?: unknown; value?: unknown; tags?: Record<string, unknown> | null };
}

const WANTED = new Set(['http_req_duration', 'dropped_iterations', START_METRIC]);
const METRIC_NAME = /"metric":"([^"]+)"/;

export function createK6OutputReader(options: K6OutputReaderOptions): K6OutputReader {
  const { sink, anchor } = options;
  const counts: K6ReaderCounts = { responses: 0, errors: 0, dropped: 0, unreadable: 0 };
  let partial = '';
  let hasStarted = false;
  const start = (atMs: number): void => {
    if (hasStarted) return;
    hasStarted = true;
    options.started?.(atMs);
  };

  const handle = (line: string): void => {
    if (line.length === 0) return;
    // Most lines are metrics we do not use (http_req_blocked, data_sent, ...): skip them without parsing JSON.
    const name = METRIC_NAME.exec(line)?.[1];
    if (name === undefined) return void counts.unreadable++;
    if (!WANTED.has(name)) return;
    let point: Point;
    try {
      point = JSON.parse(line) as Point;
    } catch {
      return void counts.unreadable++;
    }
    if (point.type !== 'Point') return; // the metric's declaration line
    const epochMs = typeof point.data?.time === 'string' ? parseK6TimeMs(point.data.time) : null;
    const value = point.data?.value;
    if (epochMs === null || typeof value !== 'number' || !Number.isFinite(value)) return void counts.unreadable++;
    const atMs = toClockMs(anchor, epochMs);
    if (name === START_METRIC) return start(toClockMs(anchor, value));
    if (name === 'dropped_iterations') {
      start(atMs);
      counts.dropped++;
      sink.dropped?.({ intendedAtMs: atMs });
      return;
    }
    const tags = point.data?.tags ?? {};
    if (tags[WARMUP_TAG] !== undefined) return;
    const sentAtMs = atMs - value;
    start(sentAtMs);
    const status = Number(tags.status ?? 0);
    if (Number.isInteger(status) && status > 0) {
      counts.responses++;
      sink.response({ sentAtMs, latencyUs: value * 1000, status });
      return;
    }
    counts.errors++;
    const error = k6RequestError(stringTag(tags.error_code), stringTag(tags.error));
    // A request that was never written (refused, dial timeout) has no duration in k6 (0): no latency to record.
    const latencyKnown = value > 0 && error.code !== 'ECONNREFUSED';
    sink.error({ sentAtMs, ...(latencyKnown ? { latencyUs: value * 1000 } : {}), error });
  };

  return {
    push(text) {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) handle(line);
    },
    end() {
      const last = partial;
      partial = '';
      handle(last);
    },
    counts,
  };
}

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/** Epoch ms with the sub-millisecond digits kept (Date.parse would drop them); null when it is not RFC 3339. */
export function parseK6TimeMs(text: string): number | null {
  const match = RFC3339.exec(text);
  if (!match) return null;
  const whole = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(whole)) return null;
  return whole + (match[2] ? Number(`0.${match[2]}`) * 1000 : 0);
}

const stringTag = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
