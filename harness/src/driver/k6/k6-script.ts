// Turns a load plan into a k6 script (pure): the same arrival schedule as the open driver, one request per
// iteration, on k6's arrival-rate executors (constant-arrival-rate for a rate, ramping-arrival-rate for stages).
import { BenchError } from '../../errors/bench-error.ts';
import type { LoadPlan, RampStage } from '../driver.ts';
import { buildSchedule, type ScheduleSpec } from '../schedule/schedule-spec.ts';

/** Same default as the open driver when the plan gives no connection count. */
export const DEFAULT_K6_VUS = 64;
/** Keys drawn ahead into the script at most; beyond that the sequence repeats (i mod count). */
export const DEFAULT_MAX_KEYS = 200_000;
/** The custom metric iteration 0 writes: the scenario's start (epoch ms), i.e. the schedule's zero. */
export const START_METRIC = 'bench_scenario_start';
/** Tag on the warm-up requests, whose samples the reader skips. */
export const WARMUP_TAG = 'bench_warmup';
/** The warm-up's window: the schedule starts this long after k6 starts its scenarios (k6's shortest maxDuration). */
export const WARMUP_MS = 1000;

export interface K6RunPlan {
  /** Becomes `options.scenarios.bench` in the script. */
  scenario: Record<string, unknown>;
  /** Becomes `options.scenarios.warmup`: one HEAD per VU before the schedule (see planK6Run). */
  warmup: Record<string, unknown>;
  /** When the schedule starts, after k6 has started its scenarios (the warm-up's window). */
  warmupMs: number;
  /** Requests the schedule holds; k6 ran one more in the runs measured here (it also fires at t = duration). */
  totalRequests: number;
  /** Keys for `{key}`, indexed by exec.scenario.iterationInTest mod length; null when the path has none. */
  keys: number[] | null;
  /** How long requests in flight when the schedule ends may still finish (k6 gracefulStop). */
  gracefulStopMs: number;
}

/**
 * VUs: k6 gives each VU its own connection and one request at a time, and has no waiting line: an iteration due
 * while every VU is busy is dropped at once and counted in `dropped_iterations`, which bench records as a failed
 * request (errors.dropped, in the error rate; the percentiles, which cannot include it, say so). So
 * preAllocatedVUs = maxVUs = connections is the open model's `connections` with `maxQueue` 0 (the plan's maxQueue
 * has no k6 equivalent; extra VUs would be extra connections, not a queue). Pre-allocating all of them keeps VU
 * start-up out of the run.
 *
 * Why not maxVUs above preAllocatedVUs (issue #10, measured with a server frozen for 1 s in 10 s at 2000 req/s;
 * analytic p95 500 ms, p99 900 ms): with 64 VUs k6 sent 18,064 and dropped 1,938 (p95 1.0 ms, p99 5 ms: the
 * stall is hidden); with maxVUs 4096 it still dropped 1,393 (p95 6 ms, p99 794 ms), because k6 starts an unplanned
 * VU only after dropping the iteration that needed it, one at a time, and each opens a new connection to the frozen
 * server. What made k6 honest was enough VUs for the whole stall, all pre-allocated and warmed (so every connection
 * exists before it): --connections 2100 gave 20,001 sent, 0 dropped, p95 547 ms, p99 909 ms, at the price of
 * 2100 connections to the server and ~270 KB per VU (k6 peaked at 565 MB). bench keeps the open driver's 64 by
 * default, so both drivers put the same connections on the server, and shows k6's drops instead.
 *
 * Warm-up, like the open driver's preconnect: k6 hands the same VUs (each keeping its connection) from one scenario
 * to the next, so a first scenario sends one HEAD per VU and the schedule starts after it. Without it each VU's
 * first request opens a connection and warms its JavaScript: the first requests of a run took 10-30 ms here instead
 * of ~1 ms, which shows in the tail and, with few VUs at a high rate, drops iterations. With it they did not.
 * A warm-up request still running at the schedule's start is cut off.
 */
export function planK6Run(plan: LoadPlan, maxKeys = DEFAULT_MAX_KEYS): K6RunPlan {
  const hasStages = plan.stages !== undefined && plan.stages.length > 0;
  if (!hasStages && !(plan.ratePerSec !== undefined && plan.ratePerSec > 0)) {
    throw new BenchError('bad-input', 'the k6 driver needs an arrival rate (it runs k6 arrival-rate executors)', {
      hint: 'Set ratePerSec (e.g. 500) or stages ([{ durationMs, targetRatePerSec }]); for a closed loop without a rate use the closed driver.',
    });
  }
  if (!hasStages && plan.durationMs < 1000) {
    throw new BenchError('bad-input', `k6 holds a constant rate for at least 1 s (the plan asks for ${plan.durationMs} ms)`, {
      hint: 'Run for 1 s or more (e.g. --duration 1s), or use the open driver for shorter runs.',
    });
  }
  const spec: ScheduleSpec = {
    ...(plan.ratePerSec !== undefined ? { ratePerSec: plan.ratePerSec } : {}),
    ...(hasStages ? { stages: plan.stages } : {}),
    durationMs: plan.durationMs,
  };
  const totalRequests = buildSchedule(spec).totalRequests;
  const vus = plan.connections > 0 ? Math.floor(plan.connections) : DEFAULT_K6_VUS;
  // In-flight requests at the end get their timeout to finish, as in the open driver.
  const gracefulStopMs = Math.ceil(plan.timeoutMs) + 1000;
  const warmupMs = WARMUP_MS;
  const common = { preAllocatedVUs: vus, maxVUs: vus, gracefulStop: ms(gracefulStopMs), startTime: ms(warmupMs) };
  const warmup = { executor: 'per-vu-iterations', exec: 'warmup', vus, iterations: 1, maxDuration: ms(warmupMs), gracefulStop: '0s' };
  let scenario: Record<string, unknown>;
  if (hasStages) {
    const startRate = plan.ratePerSec ?? 0;
    const stages = truncateStages(plan.stages!, plan.durationMs, startRate);
    const unit = rateUnit([startRate, ...stages.map((s) => s.targetRatePerSec)]);
    scenario = {
      executor: 'ramping-arrival-rate',
      startRate: unit.rate(startRate),
      timeUnit: unit.timeUnit,
      stages: stages.map((s) => ({ duration: ms(s.durationMs), target: unit.rate(s.targetRatePerSec) })),
      ...common,
    };
  } else {
    const unit = rateUnit([plan.ratePerSec!]);
    scenario = {
      executor: 'constant-arrival-rate',
      rate: unit.rate(plan.ratePerSec!),
      timeUnit: unit.timeUnit,
      duration: ms(plan.durationMs),
      ...common,
    };
  }
  const keyed = plan.request.path.includes('{key}');
  const keys = keyed ? Array.from({ length: Math.max(1, Math.min(totalRequests, maxKeys)) }, () => plan.nextKey()) : null;
  return { scenario, warmup, warmupMs, totalRequests, keys, gracefulStopMs };
}

export interface K6ScriptInput {
  plan: LoadPlan;
  run: K6RunPlan;
  /** Absolute path of the JSON array of keys (read once with open() into a SharedArray); needed when run.keys is set. */
  keysFile?: string;
}

export function renderK6Script({ plan, run, keysFile }: K6ScriptInput): string {
  const { request } = plan;
  const urlParts = `${new URL(plan.baseUrl).origin}${request.path}`.split('{key}');
  if (run.keys && keysFile === undefined) throw new Error('renderK6Script: the path has {key} but no keysFile was given');
  const options = {
    scenarios: { warmup: run.warmup, bench: run.scenario },
    // Only the tags the reader needs: every request writes ~13 lines, so each byte per line counts.
    systemTags: ['status', 'error', 'error_code'],
    // The open driver does not follow redirects either, and load must not leave the target.
    maxRedirects: 0,
    discardResponseBodies: true,
  };
  const params = { ...(request.headers ? { headers: request.headers } : {}), timeout: ms(plan.timeoutMs) };
  const url = run.keys ? 'URL_PARTS.join(String(keys[i % keys.length]))' : 'URL_PARTS[0]';
  return [
    '// Written by bench (harness/src/driver/k6/k6-script.ts): one request per iteration, nothing else.',
    "import http from 'k6/http';",
    "import exec from 'k6/execution';",
    "import { Gauge } from 'k6/metrics';",
    ...(run.keys ? ["import { SharedArray } from 'k6/data';"] : []),
    '',
    `const scenarioStart = new Gauge(${JSON.stringify(START_METRIC)});`,
    ...(run.keys ? [`const keys = new SharedArray('keys', () => JSON.parse(open(${JSON.stringify(keysFile)})));`] : []),
    `const URL_PARTS = ${JSON.stringify(urlParts)};`,
    `const METHOD = ${JSON.stringify(request.method)};`,
    `const BODY = ${request.body === undefined ? 'null' : JSON.stringify(request.body)};`,
    `const PARAMS = ${JSON.stringify(params)};`,
    `const WARMUP_PARAMS = ${JSON.stringify({ timeout: ms(Math.min(run.warmupMs, plan.timeoutMs)), tags: { [WARMUP_TAG]: '1' } })};`,
    '',
    `export const options = ${JSON.stringify(options, null, 2)};`,
    '',
    '// One HEAD per VU before the schedule: opens its connection (kept for the schedule) and warms it up.',
    'export function warmup() {',
    "  http.request('HEAD', URL_PARTS.join('0'), null, WARMUP_PARAMS);",
    '}',
    '',
    'export default function () {',
    '  const i = exec.scenario.iterationInTest;',
    '  // The schedule zero on the wall clock, for the harness to line k6 samples up with its own clock.',
    '  if (i === 0) scenarioStart.add(exec.scenario.startTime);',
    `  http.request(METHOD, ${url}, BODY, PARAMS);`,
    '}',
    '',
  ].join('\n');
}

/** Stages cut at durationMs (the last one ends at the rate it has reached then), as the open schedule does. */
export function truncateStages(stages: readonly RampStage[], durationMs: number, startRatePerSec = 0): RampStage[] {
  const out: RampStage[] = [];
  let atMs = 0;
  let fromRate = startRatePerSec;
  for (const stage of stages) {
    if (atMs >= durationMs) break;
    const remainingMs = durationMs - atMs;
    if (stage.durationMs <= remainingMs) out.push(stage);
    else {
      const share = remainingMs / stage.durationMs;
      out.push({ durationMs: remainingMs, targetRatePerSec: fromRate + (stage.targetRatePerSec - fromRate) * share });
    }
    atMs += stage.durationMs;
    fromRate = stage.targetRatePerSec;
  }
  return out;
}

/**
 * k6 rates are whole numbers per timeUnit: whole rates per second stay as they are; any fraction moves every rate
 * to a 1000 s unit (0.001 req/s resolution, the finest `bench load --rate` accepts).
 */
export function rateUnit(ratesPerSec: readonly number[]): { timeUnit: string; rate: (perSec: number) => number } {
  if (ratesPerSec.every((r) => Number.isInteger(r))) return { timeUnit: '1s', rate: (r) => r };
  return { timeUnit: '1000s', rate: (r) => Math.round(r * 1000) };
}

/** A k6 duration string; whole milliseconds (k6 accepts Go durations). */
function ms(value: number): string {
  return `${Math.max(1, Math.round(value))}ms`;
}
