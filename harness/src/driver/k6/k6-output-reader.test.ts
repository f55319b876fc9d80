// k6 JSON output lines (recorded from k6 1.8.1 runs, trimmed to the tags the script keeps) -> sink calls on the
// run clock, in microseconds, with errors the recorder can classify.
// Times are epoch ms near 1.8e12, where a double resolves ~0.25 us: closeness is checked to 0.5 us (3 digits).
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../recorder/classify.ts';
import type { ResponseSink } from '../driver.ts';
import { createK6OutputReader, parseK6TimeMs, toClockMs, type ClockAnchor } from './k6-output-reader.ts';
import { START_METRIC } from './k6-script.ts';

// 2026-11-23T11:23:11.000Z on the wall clock is 5000 ms on the run clock.
const WALL_ZERO = Date.parse('2026-11-23T11:23:11.000Z');
const anchor: ClockAnchor = { wallMs: WALL_ZERO, clockMs: 5000 };

const point = (metric: string, time: string, value: number, tags: Record<string, string> = {}): string =>
  JSON.stringify({ metric, type: 'Point', data: { time, value, tags } });
const declaration = (metric: string): string =>
  JSON.stringify({ type: 'Metric', data: { name: metric, type: 'trend', contains: 'time', thresholds: [], submetrics: null }, metric });

// Recorded (k6 1.8.1, --out json): a 200, a 503, a refused connection, a dropped-by-server request, a timeout.
const RECORDED = [
  declaration(START_METRIC),
  `{"metric":"${START_METRIC}","type":"Point","data":{"time":"2026-11-23T11:23:11.863816813Z","value":1.795432991863e+12,"tags":{}}}`,
  '{"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}',
  '{"metric":"http_reqs","type":"Point","data":{"time":"2026-11-23T11:23:11.88828324Z","value":1,"tags":{"status":"200"}}}',
  '{"type":"Metric","data":{"name":"http_req_duration","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"http_req_duration"}',
  '{"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-23T11:23:11.88828324Z","value":23.140019,"tags":{"status":"200"}}}',
  '{"metric":"http_req_failed","type":"Point","data":{"time":"2026-11-23T11:23:11.88828324Z","value":0,"tags":{"status":"200"}}}',
  '{"metric":"data_sent","type":"Point","data":{"time":"2026-11-23T11:23:11.888428242Z","value":74,"tags":{}}}',
  '{"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-23T11:23:12.01627884Z","value":1.288968,"tags":{"error_code":"1503","status":"503"}}}',
  '{"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-23T11:27:29.039646427Z","value":0,"tags":{"error":"dial: connection refused","error_code":"1212","status":"0"}}}',
  '{"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-23T11:23:12.5Z","value":2.25,"tags":{"error":"EOF","error_code":"1000","status":"0"}}}',
  '{"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-23T11:23:13.6Z","value":500.5,"tags":{"error":"request timeout","error_code":"1050","status":"0"}}}',
  '{"metric":"dropped_iterations","type":"Point","data":{"time":"2026-11-23T11:23:13.25Z","value":1,"tags":{}}}',
  // A warm-up HEAD (before the schedule): not a request of the run.
  '{"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-23T11:23:10.9Z","value":0.5,"tags":{"bench_warmup":"1","status":"200"}}}',
];

interface Seen {
  calls: Array<[string, Record<string, unknown>]>;
  sink: ResponseSink;
}

function seen(): Seen {
  const calls: Seen['calls'] = [];
  return {
    calls,
    sink: {
      response: (s) => calls.push(['response', s]),
      error: (s) => calls.push(['error', s]),
      dropped: (s) => calls.push(['dropped', s]),
    },
  };
}

describe('createK6OutputReader', () => {
  it('turns requests, errors and drops into sink calls on the run clock, latency in microseconds', () => {
    const { calls, sink } = seen();
    const started: number[] = [];
    const reader = createK6OutputReader({ sink, anchor, started: (atMs) => started.push(atMs) });
    reader.push(`${RECORDED.join('\n')}\n`);
    reader.end();

    expect(started).toHaveLength(1);
    expect(started[0]).toBeCloseTo(toClockMs(anchor, 1.795432991863e12), 6);
    const [ok, unavailable, refused, closed, timedOut, dropped] = calls;
    // time is the response's end; the request left `value` ms before it.
    expect(ok![0]).toBe('response');
    expect(ok![1].status).toBe(200);
    expect(ok![1].latencyUs).toBeCloseTo(23_140.019, 3);
    expect(ok![1].sentAtMs).toBeCloseTo(5000 + 888.28324 - 23.140019, 3);
    expect(unavailable).toEqual([
      'response',
      { sentAtMs: expect.closeTo(5000 + 1016.27884 - 1.288968, 3), latencyUs: expect.closeTo(1288.968, 3), status: 503 },
    ]);
    expect(refused![0]).toBe('error');
    expect(refused![1].latencyUs).toBeUndefined(); // never written: no duration
    expect(closed![1].latencyUs).toBeCloseTo(2250, 6);
    expect(timedOut![1].latencyUs).toBeCloseTo(500_500, 3);
    expect([refused, closed, timedOut].map((c) => classifyError(c![1].error))).toEqual(['connrefused', 'reset', 'timeout']);
    expect(dropped).toEqual(['dropped', { intendedAtMs: 5000 + 2250 }]);
    expect(calls).toHaveLength(6);
    expect(reader.counts).toEqual({ responses: 2, errors: 3, dropped: 1, unreadable: 0 });
  });

  it('handles lines split anywhere across pushes, and a last line without its newline', () => {
    const { calls, sink } = seen();
    const reader = createK6OutputReader({ sink, anchor });
    const text = RECORDED.slice(0, -1).join('\n'); // ends with the drop, without its newline
    for (let i = 0; i < text.length; i += 37) reader.push(text.slice(i, i + 37));
    expect(calls).toHaveLength(5);
    reader.end();
    expect(calls).toHaveLength(6);
  });

  it('reports a start before the first sample even when the start marker is missing', () => {
    const { sink } = seen();
    const started: number[] = [];
    const reader = createK6OutputReader({ sink, anchor, started: (atMs) => started.push(atMs) });
    reader.push(
      `${point('dropped_iterations', '2026-11-23T11:23:11.5Z', 1)}\n${point('http_req_duration', '2026-11-23T11:23:11.9Z', 100, { status: '200' })}\n`,
    );
    expect(started).toEqual([5500]);
  });

  it('counts a line cut by a kill as unreadable instead of guessing', () => {
    const { calls, sink } = seen();
    const reader = createK6OutputReader({ sink, anchor });
    reader.push('{"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-23T11:2');
    reader.end();
    expect(calls).toHaveLength(0);
    expect(reader.counts.unreadable).toBe(1);
  });

  it('maps k6 error codes it cannot place to "other", keeping k6\'s code and message', () => {
    const { calls, sink } = seen();
    const reader = createK6OutputReader({ sink, anchor });
    reader.push(
      `${point('http_req_duration', '2026-11-23T11:23:12Z', 1, { error: 'x509: unknown authority', error_code: '1310', status: '0' })}\n`,
    );
    const error = calls[0]![1].error as { code: string; message: string };
    expect(classifyError(error)).toBe('other');
    expect(error).toMatchObject({ code: 'K6_1310', message: 'k6 error 1310: x509: unknown authority' });
  });
});

describe('parseK6TimeMs', () => {
  it('keeps sub-millisecond digits and honours the zone offset', () => {
    expect(parseK6TimeMs('2026-11-23T11:23:11.888283240Z')).toBeCloseTo(WALL_ZERO + 888.28324, 3);
    expect(parseK6TimeMs('2026-11-23T12:23:11.5+01:00')).toBe(WALL_ZERO + 500);
    expect(parseK6TimeMs('2026-11-23T11:23:11Z')).toBe(WALL_ZERO);
    expect(parseK6TimeMs('yesterday')).toBeNull();
  });
});
