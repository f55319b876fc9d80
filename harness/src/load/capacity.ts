// Capacity search: the highest arrival rate that meets an SLO. Step the rate up (doubling) until a step fails,
// then bisect between the last pass and the first failure. One short step is noisy, so the two rates that end
// up bracketing the knee are measured again until a majority of `1 + confirmations` runs agree at each; a rate
// that loses its majority moves the bracket and the search goes on. The result is that bracket (the knee lies
// between the highest rate confirmed to pass and the lowest confirmed to fail) with every run's verdict. Every
// step is a full open-model run, the search is bounded in steps and in total time, and a step where the load
// generator was saturated stops the search: past that point the figures describe the generator, not the service.
import type { CapacityStepFigures } from '../results/run-result.ts';
import type { SloVerdict } from './slo.ts';

/** One step of the search (the shape run.json keeps, see results/run-result.ts). */
export type CapacityStep = CapacityStepFigures;

export type StopReason = 'converged' | 'max-rate' | 'max-steps' | 'time-budget' | 'generator-saturated' | 'aborted';

/** How often a rate was run and how often it met the SLO. */
export interface RateTally {
  ratePerSec: number;
  runs: number;
  passes: number;
}

export interface CapacityResult {
  /** Highest rate that met the SLO; null when even the lowest rate tried failed. */
  kneeRatePerSec: number | null;
  /** Lowest rate that failed it, when one did. */
  firstFailingRatePerSec: number | null;
  /** Both ends of the bracket were settled by a majority of their runs (false: the search stopped first). */
  confirmed: boolean;
  stoppedBy: StopReason;
  /** Every step, in the order run. */
  steps: CapacityStep[];
  /** The same steps sorted by rate: the latency/throughput curve. */
  curve: CapacityStep[];
  /** Runs and passes per rate tried, by rate. */
  tally: RateTally[];
}

export interface CapacitySearchOptions {
  /** Runs one step at `ratePerSec` and judges it against the SLO. */
  measure(ratePerSec: number): Promise<Omit<CapacityStep, 'pass' | 'failures'> & { verdict: SloVerdict }>;
  startRatePerSec: number;
  maxRatePerSec: number;
  /** Wall time of one step including warm-up and cool-down (for the time budget). */
  stepBudgetMs: number;
  maxSteps?: number;
  maxTotalMs?: number;
  /** Stop bisecting when the gap is at most this share of the passing rate (default 0.05). */
  precision?: number;
  /** Extra runs that may settle each end of the bracket (default 2: a majority of 3). 0: one step decides. */
  confirmations?: number;
  nowMs?: () => number;
  signal?: AbortSignal;
  onStep?: (step: CapacityStep, index: number) => void;
}

export const DEFAULT_MAX_STEPS = 14;
export const DEFAULT_MAX_TOTAL_MS = 300_000;
export const DEFAULT_CONFIRMATIONS = 2;
/** Runs of a rate again after a step where the generator saturated, before the search stops. */
export const GENERATOR_RETRIES = 1;

type Verdict = 'pass' | 'fail' | 'open';

export async function findCapacity(options: CapacitySearchOptions): Promise<CapacityResult> {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxTotalMs = options.maxTotalMs ?? DEFAULT_MAX_TOTAL_MS;
  const precision = options.precision ?? 0.05;
  const runsToSettle = 1 + (options.confirmations ?? DEFAULT_CONFIRMATIONS);
  const maxRate = Math.max(1, Math.round(options.maxRatePerSec));
  const nowMs = options.nowMs ?? (() => performance.now());
  const startedMs = nowMs();
  const steps: CapacityStep[] = [];
  const runs = new Map<number, boolean[]>();
  let pass: number | null = null;
  let fail: number | null = null;

  // Settled once one side holds a strict majority of runsToSettle; until then, the latest run's verdict leads.
  const verdictOf = (rate: number): Verdict => {
    const v = runs.get(rate) ?? [];
    const passes = v.filter(Boolean).length;
    if (passes * 2 > runsToSettle) return 'pass';
    if ((v.length - passes) * 2 > runsToSettle) return 'fail';
    return v.length >= runsToSettle ? (passes * 2 > v.length ? 'pass' : 'fail') : 'open';
  };
  const leaning = (rate: number): boolean => {
    const v = runs.get(rate) ?? [];
    const passes = v.filter(Boolean).length;
    return passes * 2 === v.length ? v.at(-1)! : passes * 2 > v.length;
  };

  // Returns the step, or a reason to stop before running it. A step where the generator saturated has no verdict;
  // on a shared host that can be a passing neighbour, so the rate is run once more before the search gives up.
  const step = async (ratePerSec: number): Promise<CapacityStep | StopReason> => {
    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) return 'aborted';
      if (steps.length >= maxSteps) return 'max-steps';
      if (nowMs() - startedMs + options.stepBudgetMs > maxTotalMs) return 'time-budget';
      const { verdict, ...figures } = await options.measure(ratePerSec);
      const result: CapacityStep = { ...figures, pass: verdict.pass, failures: verdict.failures };
      steps.push(result);
      options.onStep?.(result, steps.length - 1);
      if (!result.generatorSaturated || result.failsDespiteGenerator) {
        runs.set(ratePerSec, [...(runs.get(ratePerSec) ?? []), result.pass]);
        return result;
      }
      if (attempt >= GENERATOR_RETRIES) return 'generator-saturated';
    }
  };

  const finish = (stoppedBy: StopReason): CapacityResult => ({
    kneeRatePerSec: pass,
    firstFailingRatePerSec: fail,
    confirmed: (pass === null || verdictOf(pass) === 'pass') && (fail === null || verdictOf(fail) === 'fail'),
    stoppedBy,
    steps,
    curve: [...steps].sort((a, b) => a.ratePerSec - b.ratePerSec),
    tally: [...runs.entries()]
      .sort(([a], [b]) => a - b)
      .map(([ratePerSec, v]) => ({ ratePerSec, runs: v.length, passes: v.filter(Boolean).length })),
  });

  // Runs `rate` until its majority is settled; a stop reason when the search must end first.
  const settle = async (rate: number): Promise<'pass' | 'fail' | StopReason> => {
    for (;;) {
      const v = verdictOf(rate);
      if (v !== 'open') return v;
      const s = await step(rate);
      if (typeof s === 'string') return s;
    }
  };
  const tried = (): number[] => [...runs.keys()].sort((a, b) => a - b);

  let rate = Math.max(1, Math.min(Math.round(options.startRatePerSec), maxRate));
  // Each pass either runs a step (bounded by maxSteps) or narrows the bracket; this only guards against a bug.
  for (let guard = 0; ; guard++) {
    if (guard > 4 * maxSteps + 16) return finish('max-steps');
    if (fail === null && (pass === null || pass < maxRate)) {
      // Step up by doubling until a step fails or the ceiling passes.
      if (pass !== null) rate = Math.min(pass * 2, maxRate);
      const s = await step(rate);
      if (typeof s === 'string') return finish(s);
      if (leaning(rate)) pass = rate;
      else fail = rate;
      continue;
    }
    if (fail === null) {
      // Everything up to the ceiling passed: the ceiling itself must hold its majority too.
      const v = await settle(pass!);
      if (v === 'pass') return finish('max-rate');
      if (v !== 'fail') return finish(v);
      fail = pass;
      pass =
        tried()
          .filter((r) => r < fail! && leaning(r))
          .at(-1) ?? null;
      continue;
    }
    const low = pass ?? 0;
    const mid = Math.round((low + fail) / 2);
    const gapSmall = pass !== null ? fail - low <= Math.max(1, precision * low) : fail <= 1;
    if (!gapSmall && mid > low && mid < fail) {
      const s = await step(mid);
      if (typeof s === 'string') return finish(s);
      if (leaning(mid)) pass = mid;
      else fail = mid;
      continue;
    }
    // The bracket is narrow: settle both ends, the failure first (a lucky pass above it would move everything up).
    const high = await settle(fail);
    if (high !== 'pass' && high !== 'fail') return finish(high);
    if (high === 'pass') {
      pass = fail;
      fail = tried().find((r) => r > pass! && !leaning(r)) ?? null;
      continue;
    }
    if (pass === null) return finish('converged');
    const lowVerdict = await settle(pass);
    if (lowVerdict !== 'pass' && lowVerdict !== 'fail') return finish(lowVerdict);
    if (lowVerdict === 'fail') {
      fail = pass;
      pass =
        tried()
          .filter((r) => r < fail! && leaning(r))
          .at(-1) ?? null;
      continue;
    }
    return finish('converged');
  }
}
