// The capacity search wired to real load runs: each step is runLoad at one rate, judged against the SLO.
import { stackCpuNote } from '../generator/saturation.ts';
import { findCapacity, type CapacityResult, type CapacityStep } from './capacity.ts';
import { runLoad, type LoadRunConfig } from './load-run.ts';
import { evaluateSlo, type Slo } from './slo.ts';
import { sleep } from '../time/sleep.ts';
import type { ContainerCpuFigure, ContainerCpuSampler } from '../orchestrator/container-cpu.ts';

export interface CapacityRunConfig extends Omit<LoadRunConfig, 'ratePerSec' | 'durationMs' | 'warmupMs'> {
  slo: Slo;
  stepDurationMs: number;
  startRatePerSec: number;
  maxRatePerSec: number;
  maxSteps?: number;
  maxTotalMs?: number;
  confirmations?: number;
  precision?: number;
  /** Per-container CPU over each step's measured window (cgroup counters), kept with the step. */
  cpuSampler?: ContainerCpuSampler;
  /** Quiet time between steps so one step's backlog does not spill into the next (default 1000 ms). */
  cooldownMs?: number;
  onStep?: (step: CapacityStep, index: number) => void;
}

/** The first 20% of a step (at most 1 s) warms connections and JIT and is not judged. */
export const stepWarmupMs = (stepDurationMs: number): number => Math.min(1000, Math.round(stepDurationMs * 0.2));

export async function runCapacitySearch(config: CapacityRunConfig, signal: AbortSignal): Promise<CapacityResult> {
  const cooldownMs = config.cooldownMs ?? 1000;
  const {
    slo,
    stepDurationMs,
    startRatePerSec,
    maxRatePerSec,
    maxSteps,
    maxTotalMs,
    onStep,
    cooldownMs: _c,
    confirmations,
    precision,
    cpuSampler,
    ...load
  } = config;
  const warmupMs = stepWarmupMs(stepDurationMs);
  let first = true;
  return findCapacity({
    startRatePerSec,
    maxRatePerSec,
    stepBudgetMs: stepDurationMs + cooldownMs + load.timeoutMs,
    ...(maxSteps !== undefined ? { maxSteps } : {}),
    ...(maxTotalMs !== undefined ? { maxTotalMs } : {}),
    ...(confirmations !== undefined ? { confirmations } : {}),
    ...(precision !== undefined ? { precision } : {}),
    signal,
    ...(onStep ? { onStep } : {}),
    async measure(ratePerSec) {
      if (!first) await sleep(cooldownMs, signal);
      first = false;
      const cpuWindow = cpuSampler ? sampleCpu(cpuSampler, warmupMs, stepDurationMs, signal) : undefined;
      const run = await runLoad({ ...load, ratePerSec, durationMs: stepDurationMs, warmupMs }, signal);
      const cpu = await cpuWindow;
      const s = run.summary;
      // The summary's error rate counts drops as failures already; a step where nothing was due failed.
      const errorRate = s.requests + s.dropped > 0 ? s.errorRate : 1;
      const verdict = evaluateSlo(slo, {
        // No latency at all (everything failed) can meet no latency objective.
        latencyMs: (p) => (run.histogram.count === 0 ? Infinity : run.histogram.percentileMs(p)),
        errorRate,
      });
      const stackNote = stackCpuNote(s.generator.stackCpu, s.generatorSaturated);
      const worstDelayMs = s.generator.worstDelayMs ?? Number.POSITIVE_INFINITY;
      const despite = s.generatorSaturated && failsDespiteGenerator(slo, run.histogram, errorRate, worstDelayMs, load.timeoutMs);
      return {
        ratePerSec,
        achievedRps: s.rps,
        requests: s.requests,
        dropped: s.dropped,
        errorRate: Math.round(errorRate * 1e6) / 1e6,
        p50Ms: s.latencyMs.p50,
        p99Ms: s.latencyMs.p99,
        generatorSaturated: s.generatorSaturated,
        ...(s.generatorSaturated ? { generatorReasons: s.generator.reasons, generatorWorstDelayMs: worstDelayMs } : {}),
        ...(despite ? { failsDespiteGenerator: true } : {}),
        ...(cpu && cpu.length > 0 ? { cpu } : {}),
        ...(stackNote ? { stackCpuNote: stackNote } : {}),
        verdict,
      };
    },
  });
}

/** CPU per container between the end of the step's warm-up and its end (beside the load, two counter reads). */
async function sampleCpu(
  sampler: ContainerCpuSampler,
  warmupMs: number,
  durationMs: number,
  signal: AbortSignal,
): Promise<ContainerCpuFigure[] | undefined> {
  try {
    await sleep(warmupMs, signal);
    const from = await sampler.snapshot();
    await sleep(durationMs - warmupMs, signal);
    return sampler.between(from, await sampler.snapshot());
  } catch {
    return undefined; // aborted: the step is thrown away anyway
  }
}

export function formatCapacity(result: CapacityResult, slo: Slo): string {
  const lines = [
    `capacity for SLO ${slo.text}: ${
      result.kneeRatePerSec !== null
        ? `${result.kneeRatePerSec} req/s`
        : result.stoppedBy === 'generator-saturated'
          ? 'unknown (the load generator saturated first)'
          : 'no rate tried met it'
    }` +
      (result.firstFailingRatePerSec !== null ? ` (fails at ${result.firstFailingRatePerSec} req/s)` : '') +
      `; stopped: ${result.stoppedBy}`,
  ];
  const tallyOf = (rate: number | null) => result.tally.find((t) => t.ratePerSec === rate);
  const low = tallyOf(result.kneeRatePerSec);
  const high = tallyOf(result.firstFailingRatePerSec);
  if (low && high) {
    lines.push(
      `  the knee lies in ${low.ratePerSec}-${high.ratePerSec} req/s: ${low.passes}/${low.runs} runs passed at ${low.ratePerSec}, ${high.runs - high.passes}/${high.runs} failed at ${high.ratePerSec}` +
        (result.confirmed ? '' : ' (not settled: the search stopped first)'),
    );
  }
  lines.push('  rate/s   achieved/s    p50 ms    p99 ms   errors  dropped  verdict');
  for (const s of result.curve) {
    lines.push(
      `  ${String(s.ratePerSec).padStart(6)}  ${s.achievedRps.toFixed(1).padStart(10)}  ${s.p50Ms.toFixed(2).padStart(8)}  ${s.p99Ms.toFixed(2).padStart(8)}  ${`${(s.errorRate * 100).toFixed(2)}%`.padStart(7)}  ${String(s.dropped).padStart(7)}  ${s.generatorSaturated ? 'GENERATOR SATURATED' : s.pass ? 'pass' : `fail: ${s.failures.join('; ')}`}${s.stackCpuNote ? ` (${s.stackCpuNote})` : ''}`,
    );
  }
  if (result.stoppedBy === 'generator-saturated') {
    lines.push(
      result.kneeRatePerSec === null
        ? '  the load generator saturated before any trustworthy step: free the host (or use a bigger one) and retry.'
        : '  the load generator saturated before the service did: the knee is a lower bound.',
    );
  }
  return lines.join('\n');
}

/**
 * Would the step fail even if the generator had held nothing up? A send or a timestamp the generator delayed by
 * up to d ms makes a latency up to d ms longer, and bunched sends can make the server queue about as long again,
 * so every percentile is shortened by 2d before the SLO is applied. Errors count only when d is under a quarter of
 * the timeout (a generator that late could have caused timeouts itself). Pure.
 */
export function failsDespiteGenerator(
  slo: Slo,
  histogram: { count: number; percentileMs(p: number): number },
  errorRate: number,
  worstDelayMs: number,
  timeoutMs: number,
): boolean {
  if (!Number.isFinite(worstDelayMs)) return false;
  const boundMs = 2 * worstDelayMs;
  const verdict = evaluateSlo(slo, {
    latencyMs: (p) => (histogram.count === 0 ? 0 : Math.max(0, histogram.percentileMs(p) - boundMs)),
    errorRate: worstDelayMs < timeoutMs / 4 ? errorRate : 0,
  });
  return !verdict.pass;
}
