// The k6 script writer: the scenario k6 gets for a load plan, and the script text run against stand-ins for k6's
// modules (so the generated JavaScript is checked by running it, not by reading it).
import { describe, expect, it } from 'vitest';
import { BenchError } from '../../errors/bench-error.ts';
import type { LoadPlan } from '../driver.ts';
import { planK6Run, rateUnit, renderK6Script, START_METRIC, truncateStages } from './k6-script.ts';

const counter = (): (() => number) => {
  let n = 100;
  return () => n++;
};

const plan = (extra: Partial<LoadPlan> = {}): LoadPlan => ({
  baseUrl: 'http://127.0.0.1:8080',
  request: { method: 'GET', path: '/tasks/{key}' },
  nextKey: counter(),
  connections: 16,
  ratePerSec: 200,
  durationMs: 5000,
  timeoutMs: 2000,
  ...extra,
});

interface Evaluated {
  options: { scenarios: Record<string, unknown>; maxRedirects: number; systemTags: string[] };
  /** Runs iteration i; returns the http.request call it made. */
  iterate(i: number): unknown[];
  /** Runs the warm-up function; returns the http.request call it made. */
  warm(): unknown[];
  gauges: Array<[string, number]>;
  opened: string[];
}

/** Runs the script's body with stand-ins for k6/http, k6/execution, k6/metrics, k6/data and open(). */
function evaluate(script: string, keysJson = '[]'): Evaluated {
  const body = script
    .replace(/^import .*$/gm, '')
    .replace('export const options =', 'const options =')
    .replace('export function warmup()', 'function warmup()')
    .replace('export default function ()', 'const iteration = function ()');
  const calls: unknown[][] = [];
  const gauges: Array<[string, number]> = [];
  const opened: string[] = [];
  const exec = { scenario: { iterationInTest: 0, startTime: 1_700_000_000_123 } };
  class Gauge {
    readonly name: string;
    constructor(name: string) {
      this.name = name;
    }
    add(value: number): void {
      gauges.push([this.name, value]);
    }
  }
  class SharedArray {
    constructor(_name: string, make: () => unknown[]) {
      return make();
    }
  }
  const open = (path: string): string => (opened.push(path), keysJson);
  const http = { request: (...args: unknown[]) => calls.push(args) };
  const module = new Function('http', 'exec', 'Gauge', 'SharedArray', 'open', `${body}\nreturn { options, iteration, warmup };`)(
    http,
    exec,
    Gauge,
    SharedArray,
    open,
  ) as {
    options: Evaluated['options'];
    iteration: () => void;
    warmup: () => void;
  };
  return {
    options: module.options,
    iterate(i) {
      exec.scenario.iterationInTest = i;
      module.iteration();
      return calls.at(-1)!;
    },
    warm() {
      module.warmup();
      return calls.at(-1)!;
    },
    gauges,
    opened,
  };
}

describe('planK6Run', () => {
  it('a rate becomes constant-arrival-rate, every VU pre-allocated (= connections, no waiting line)', () => {
    const run = planK6Run(plan());
    expect(run.scenario).toEqual({
      executor: 'constant-arrival-rate',
      rate: 200,
      timeUnit: '1s',
      duration: '5000ms',
      preAllocatedVUs: 16,
      maxVUs: 16,
      gracefulStop: '3000ms',
      startTime: '1000ms',
    });
    // Before it, the same 16 VUs send one HEAD each (k6 hands them on with their connections).
    expect(run.warmup).toEqual({
      executor: 'per-vu-iterations',
      exec: 'warmup',
      vus: 16,
      iterations: 1,
      maxDuration: '1000ms',
      gracefulStop: '0s',
    });
    expect(run.totalRequests).toBe(1000);
    expect(run.gracefulStopMs).toBe(3000);
  });

  it('draws one key per scheduled request from the plan, at most maxKeys, and none without {key}', () => {
    expect(planK6Run(plan()).keys).toEqual(Array.from({ length: 1000 }, (_, i) => 100 + i));
    expect(planK6Run(plan(), 10).keys).toHaveLength(10);
    expect(planK6Run(plan({ request: { method: 'GET', path: '/health' } })).keys).toBeNull();
  });

  it('defaults to 64 VUs when the plan has no connection count', () => {
    expect(planK6Run(plan({ connections: 0 })).scenario).toMatchObject({ preAllocatedVUs: 64, maxVUs: 64 });
  });

  it('a fractional rate moves to a 1000 s time unit (k6 rates are whole numbers)', () => {
    expect(planK6Run(plan({ ratePerSec: 2.5 })).scenario).toMatchObject({ rate: 2500, timeUnit: '1000s' });
    expect(rateUnit([1, 2, 3]).timeUnit).toBe('1s');
  });

  it('stages become ramping-arrival-rate from ratePerSec, cut where the plan ends', () => {
    const run = planK6Run(
      plan({
        ratePerSec: 10,
        durationMs: 3000,
        stages: [
          { durationMs: 2000, targetRatePerSec: 100 },
          { durationMs: 2000, targetRatePerSec: 300 },
        ],
      }),
    );
    expect(run.scenario).toMatchObject({
      executor: 'ramping-arrival-rate',
      startRate: 10,
      timeUnit: '1s',
      stages: [
        { duration: '2000ms', target: 100 },
        { duration: '1000ms', target: 200 },
      ],
    });
    // 2 s from 10 to 100 req/s (110 requests) + 1 s from 100 to 200 (150).
    expect(run.totalRequests).toBe(260);
  });

  it('truncateStages interpolates the target of the stage it cuts, starting from the start rate', () => {
    expect(truncateStages([{ durationMs: 1000, targetRatePerSec: 50 }], 500, 10)).toEqual([{ durationMs: 500, targetRatePerSec: 30 }]);
    expect(truncateStages([{ durationMs: 1000, targetRatePerSec: 50 }], 5000)).toEqual([{ durationMs: 1000, targetRatePerSec: 50 }]);
  });

  it('refuses a constant rate under 1 s (k6 rejects it), not a ramp', () => {
    expect(() => planK6Run(plan({ durationMs: 500 }))).toThrow(/at least 1 s/);
    expect(
      planK6Run(plan({ ratePerSec: undefined, durationMs: 500, stages: [{ durationMs: 500, targetRatePerSec: 10 }] })).totalRequests,
    ).toBe(3);
  });

  it('refuses the closed model (no rate) with the fix', () => {
    const error = (() => {
      try {
        planK6Run(plan({ ratePerSec: undefined }));
      } catch (e) {
        return e as BenchError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(BenchError);
    expect(error!.code).toBe('bad-input');
    expect(error!.hint).toContain('ratePerSec');
    expect(error!.hint).toContain('closed driver');
  });
});

describe('renderK6Script', () => {
  it('runs one request per iteration with the key of that iteration, method, body, headers and timeout', () => {
    const p = plan({
      request: {
        method: 'POST',
        path: '/tasks/{key}?x={key}',
        body: '{"title":"a \\"b\\""}',
        headers: { 'content-type': 'application/json' },
      },
    });
    const run = planK6Run(p, 3);
    const script = renderK6Script({ plan: p, run, keysFile: '/tmp/dir/keys.json' });
    const evaluated = evaluate(script, JSON.stringify(run.keys));
    expect(evaluated.opened).toEqual(['/tmp/dir/keys.json']);
    expect(evaluated.iterate(0)).toEqual([
      'POST',
      'http://127.0.0.1:8080/tasks/100?x=100',
      '{"title":"a \\"b\\""}',
      { headers: { 'content-type': 'application/json' }, timeout: '2000ms' },
    ]);
    expect(evaluated.iterate(4)[1]).toBe('http://127.0.0.1:8080/tasks/101?x=101'); // 4 mod 3 keys
    // The warm-up sends a tagged HEAD (key 0, as the open driver's preconnect), which the reader skips.
    expect(evaluated.warm()).toEqual([
      'HEAD',
      'http://127.0.0.1:8080/tasks/0?x=0',
      null,
      { timeout: '1000ms', tags: { bench_warmup: '1' } },
    ]);
    // Only iteration 0 reports the scenario's start.
    expect(evaluated.gauges).toEqual([[START_METRIC, 1_700_000_000_123]]);
  });

  it('a fixed path needs no keys; options carry the scenario, no redirects, and only the tags the reader needs', () => {
    const p = plan({ baseUrl: 'http://127.0.0.1:9000/ignored', request: { method: 'GET', path: '/health' } });
    const run = planK6Run(p);
    const script = renderK6Script({ plan: p, run });
    expect(script).not.toContain('SharedArray');
    const evaluated = evaluate(script);
    expect(evaluated.iterate(7)).toEqual(['GET', 'http://127.0.0.1:9000/health', null, { timeout: '2000ms' }]);
    expect(evaluated.options.scenarios).toEqual({ warmup: run.warmup, bench: run.scenario });
    expect(evaluated.options.maxRedirects).toBe(0);
    expect(evaluated.options.systemTags).toEqual(['status', 'error', 'error_code']);
  });
});
