// Capacity search: the highest arrival rate that meets an SLO. Step the rate up (doubling) until a step fails,
// then bisect between the last pass and the first failure. Every step is a full open-model run (warm-up, then a
// measured window), the search is bounded in steps and in total time, and a step where the load generator was
// saturated stops the search: past that point the figures describe the generator, not the service.
import type { CapacityStepFigures } from '../results/run-result.ts';
import type { SloVerdict } from './slo.ts';

/** One step of the search (the shape run.json keeps, see results/run-result.ts). */
export type CapacityStep = CapacityStepFigures;

export type StopReason = 'converged' | 'max-rate' | 'max-steps' | 'time-budget' | 'generator-saturated' | 'aborted';

export interface CapacityResult {
  /** Highest rate that met the SLO; null when even the lowest rate tried failed. */
  kneeRatePerSec: number | null;
  /** Lowest rate that failed it, when one did. */
  firstFailingRatePerSec: number | null;
  stoppedBy: StopReason;
  /** Every step, in the order run. */
  steps: CapacityStep[];
  /** The same steps sorted by rate: the latency/throughput curve. */
  curve: CapacityStep[];
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
  nowMs?: () => number;
  signal?: AbortSignal;
  onStep?: (step: CapacityStep, index: number) => void;
}

export const DEFAULT_MAX_STEPS = 14;
export const DEFAULT_MAX_TOTAL_MS = 300_000;

export async function findCapacity(options: CapacitySearchOptions): Promise<CapacityResult> {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxTotalMs = options.maxTotalMs ?? DEFAULT_MAX_TOTAL_MS;
  const precision = options.precision ?? 0.05;
  const nowMs = options.nowMs ?? (() => performance.now());
  const startedMs = nowMs();
  const steps: CapacityStep[] = [];
  let pass: number | null = null;
  let fail: number | null = null;

  // Returns the step, or a reason to stop before running it.
  const step = async (ratePerSec: number): Promise<CapacityStep | StopReason> => {
    if (options.signal?.aborted) return 'aborted';
    if (steps.length >= maxSteps) return 'max-steps';
    if (nowMs() - startedMs + options.stepBudgetMs > maxTotalMs) return 'time-budget';
    const { verdict, ...figures } = await options.measure(ratePerSec);
    const result: CapacityStep = { ...figures, pass: verdict.pass, failures: verdict.failures };
    steps.push(result);
    options.onStep?.(result, steps.length - 1);
    return result;
  };

  const finish = (stoppedBy: StopReason): CapacityResult => ({
    kneeRatePerSec: pass,
    firstFailingRatePerSec: fail,
    stoppedBy,
    steps,
    curve: [...steps].sort((a, b) => a.ratePerSec - b.ratePerSec),
  });

  // Step up by doubling until a step fails or the ceiling passes.
  let rate = Math.max(1, Math.round(Math.min(options.startRatePerSec, options.maxRatePerSec)));
  for (;;) {
    const s = await step(rate);
    if (typeof s === 'string') return finish(s);
    if (s.generatorSaturated) return finish('generator-saturated');
    if (!s.pass) {
      fail = rate;
      break;
    }
    pass = rate;
    if (rate >= options.maxRatePerSec) return finish('max-rate');
    rate = Math.min(rate * 2, Math.round(options.maxRatePerSec));
  }

  // Bisect between the last pass (or 0) and the first failure.
  for (;;) {
    const low = pass ?? 0;
    const high = fail;
    const mid = Math.round((low + high) / 2);
    const gapSmall = pass !== null ? high - low <= Math.max(1, precision * low) : high <= 1;
    if (gapSmall || mid <= low || mid >= high) return finish('converged');
    const s = await step(mid);
    if (typeof s === 'string') return finish(s);
    if (s.generatorSaturated) return finish('generator-saturated');
    if (s.pass) pass = mid;
    else fail = mid;
  }
}
