// One variant's load: it runs through every phase without a gap; faults fire at phase edges; the service's
// counters are read at each edge. Returns what was measured, also when aborted midway.
// Phase figures are computed once the driver has stopped: a response that lands after its phase ended still counts
// for the phase it was sent in, and a driver that streams its samples late (k6 writes them in batches) loses none.
import { createKeySampler } from '../driver/keys/zipf.ts';
import type { Clock, Driver } from '../driver/driver.ts';
import type { LoadDefinition, ProbeDefinition } from '../experiment/types.ts';
import type { GeneratorHealth } from '../generator/generator-monitor.ts';
import type { Logger } from '../log/logger.ts';
import { lastCompletedSecond } from '../progress/create-progress.ts';
import type { Progress } from '../progress/progress.ts';
import { histogramIntervals } from '../recorder/percentile-intervals.ts';
import type { RunRecorder } from '../recorder/phase-recorder.ts';
import { startLoadSession } from '../load/load-session.ts';
import type { PhaseResult, VariantResult } from '../results/run-result.ts';
import type { StartedTopology } from '../topology/topology.ts';
import { sleep } from '../time/sleep.ts';
import type { ActiveFaults } from './active-faults.ts';
import { startPhaseFaults } from './phase-faults.ts';
import { startDependencySampler, type DependencyRow } from '../dependencies/dependency-sampler.ts';
import { phaseDependencies, type PhaseDependencies } from '../dependencies/phase-dependencies.ts';
import type { PlannedPhase } from './plan.ts';
import { scrapeCounters, serverFigures, type CounterSnapshot } from './service-metrics.ts';
import { probePhaseFigures, startProbes, type ProbeOutputs } from './variant-probes.ts';

export interface VariantRunInput {
  variant: string;
  overrides: Record<string, unknown>;
  phases: readonly PlannedPhase[];
  load: LoadDefinition;
  /** Client-side probes beside the load; `probeTag` makes the write ledger's titles unique to this variant. */
  probes?: readonly ProbeDefinition[];
  probeTag?: string;
  driver: Driver;
  topology: StartedTopology;
  faults: ActiveFaults;
  /** Records an event; times are taken from the load clock unless `atMs` dates it. */
  event: (phase: string, kind: string, detail: string, atMs?: number) => void;
  clock: Clock;
  random: () => number;
  logger: Logger;
  progress: Progress;
  /** Position of this variant in the run, for progress. */
  variantIndex: number;
  variantCount: number;
  signal: AbortSignal;
  /** With repeats: the repeat (1-based), so each repeat's .hgrm files have names of their own. */
  repeat?: number;
}

export interface VariantRunOutput {
  result: VariantResult;
  recorder: RunRecorder;
  /** The dependencies' own figures, per second (dependencies.jsonl). */
  dependencies: DependencyRow[];
  /** The load generator's own figures, per second. */
  health: GeneratorHealth;
  error?: unknown;
}

/** What a phase's edge left behind for its result, computed after the driver stops. */
interface EndedPhase {
  phase: PlannedPhase;
  endMs: number;
  server: PhaseResult['server'];
  faults: string[];
}

export async function runVariant(input: VariantRunInput): Promise<VariantRunOutput> {
  const { load, topology, logger, signal, variant, clock, event } = input;
  const ended: EndedPhase[] = [];
  const totalMs = input.phases.at(-1)?.endMs ?? 0;
  // Until the load has started, events and HAProxy's transitions are dated against the plan as given.
  let phases: readonly PlannedPhase[] = input.phases;
  const phaseAt = (ms: number): string => (phases.find((p) => ms >= p.startMs && ms < p.endMs) ?? phases.at(-1))?.name ?? '';
  const sampler = await startDependencySampler(topology, {
    clock,
    maxSamples: Math.ceil(totalMs / 1000) + 30,
    // Dated by HAProxy's own clock (to the second): when the balancer, not bench, saw the server go.
    onTransition: (t) => event(phaseAt(t.atMs), 'balancer-status', `HAProxy marked ${t.server} ${t.to} (was ${t.from})`, t.atMs),
  });
  event(
    input.phases[0]?.name ?? '',
    'load-start',
    `${input.driver.name} driver, ${load.connections} connections${load.ratePerSec ? `, ${load.ratePerSec} req/s` : ''}`,
  );
  const session = startLoadSession({
    driver: input.driver,
    plan: {
      baseUrl: topology.entryUrl,
      request: load.request,
      nextKey: createKeySampler({ ...load.keys, seed: load.keys.seed ?? Math.floor(input.random() * 2 ** 32) }),
      connections: load.connections,
      ...(load.ratePerSec ? { ratePerSec: load.ratePerSec } : {}),
      ...(load.maxQueue !== undefined ? { maxQueue: load.maxQueue } : {}),
      timeoutMs: load.timeoutMs ?? 10_000,
    },
    phases: input.phases,
    durationMs: totalMs,
    clock,
    signal,
  });
  // Phases (and their faults) start where the load did: a driver's start-up does not come out of the first one.
  const anchorMs = await session.started;
  phases = input.phases.map((p) => ({ ...p, startMs: p.startMs + anchorMs, endMs: p.endMs + anchorMs }));
  const recorder = session.recorder();
  // The probes stop with the load: after the last phase, on a failure, or on the run's abort.
  const probeStop = new AbortController();
  const stopProbes = (): void => probeStop.abort();
  signal.addEventListener('abort', stopProbes, { once: true });
  const probes = input.probes?.length
    ? startProbes({
        probes: input.probes,
        baseUrl: topology.entryUrl,
        durationMs: totalMs + 10_000,
        tag: input.probeTag ?? `ledger-${variant}`,
        clock,
        random: input.random,
        signal: probeStop.signal,
      })
    : undefined;

  let error: unknown;
  let probeOutputs: ProbeOutputs | undefined;
  let counters: CounterSnapshot | null = await scrapeCounters(topology.metricsUrls);
  // Once a second, the last completed second goes to the live progress display.
  let shown = -1;
  const ticker = setInterval(() => {
    const sample = lastCompletedSecond(recorder.timeline(), clock.nowMs());
    if (sample && sample.second !== shown) {
      shown = sample.second ?? shown;
      input.progress.second(sample);
    }
  }, 1000);
  ticker.unref();
  try {
    for (const [index, phase] of phases.entries()) {
      await sleep(phase.startMs - clock.nowMs(), signal);
      if (signal.aborted) break;
      input.progress.phaseStarted({
        variant,
        phase: phase.name,
        index,
        count: phases.length,
        durationMs: phase.endMs - phase.startMs,
        variantIndex: input.variantIndex,
        variantCount: input.variantCount,
      });
      const { applied, repeats } = await startPhaseFaults({
        phase,
        context: { topology, random: input.random },
        faults: input.faults,
        clock,
        signal,
        onApplied: (description) => {
          event(phase.name, 'fault-applied', description);
          input.progress.event(`[${phase.name}] ${description}`);
        },
      });
      await sleep(phase.endMs - clock.nowMs(), signal);
      const repeatError = await repeats;
      // This phase's faults end with it (newest first); a failed rollback (or repeat) fails the run.
      const rollbackErrors = await input.faults.revertAll();
      if (repeatError) throw repeatError;
      if (rollbackErrors.length) throw rollbackErrors[0];
      const endMs = Math.min(phase.endMs, clock.nowMs());
      const after = await scrapeCounters(topology.metricsUrls);
      const live = recorder.phaseSummary(phase.name, endMs - phase.startMs);
      ended.push({ phase, endMs, server: serverFigures(counters, after, endMs - phase.startMs, live.requests), faults: applied });
      counters = after;
      if (signal.aborted) break;
      // Live figures: responses still in flight are added to the saved result once the driver stops.
      logger.info(
        `[${phase.name}] ${live.requests} requests, ${Math.round(live.rps)} req/s, p99 ${live.latencyMs.p99} ms, errors ${(live.errorRate * 100).toFixed(2)}%${live.dropped ? `, ${live.dropped} dropped` : ''}`,
      );
    }
  } catch (caught) {
    error = caught;
  } finally {
    clearInterval(ticker);
    session.stop();
    probeStop.abort();
    signal.removeEventListener('abort', stopProbes);
    const driverOutcome = await session.finished;
    if (driverOutcome.error !== undefined && error === undefined) error = driverOutcome.error;
    probeOutputs = await probes?.finish(topology, logger).catch((e: unknown) => {
      error ??= e;
      return undefined;
    });
    event(phases.at(-1)?.name ?? '', 'load-stop', signal.aborted ? 'aborted' : error ? 'failed' : 'completed');
  }
  const { health } = await session.finished;
  const sampled = await sampler.stop();
  const results = ended.map((e, i) => ({
    ...phaseResult(variant, recorder, e, health, i === 0, input.repeat),
    ...withDependencies(phaseDependencies(sampled.rows, e.phase.startMs, e.endMs)),
    ...(probeOutputs ? probePhaseFigures(probeOutputs, { startMs: e.phase.startMs, endMs: e.endMs }) : {}),
  }));
  const saturated = results.some((r) => r.generatorSaturated);
  const result: VariantResult = {
    name: variant,
    ...(Object.keys(input.overrides).length ? { overrides: input.overrides } : {}),
    phases: results,
    ...(saturated ? { generatorSaturated: true } : {}),
    ...(sampled.cost.samples ? { dependencySampler: sampled.cost } : {}),
  };
  return { result, recorder, health, dependencies: sampled.rows, ...(error !== undefined ? { error } : {}) };
}

function withDependencies(d: PhaseDependencies | null): Pick<PhaseResult, 'containers' | 'dependencies'> {
  if (!d) return {};
  const sources = { postgres: d.postgres, haproxy: d.haproxy, redis: d.redis, broker: d.broker, service: d.service };
  const dependencies = Object.fromEntries(Object.entries(sources).filter(([, figures]) => Object.keys(figures).length > 0));
  return { containers: d.containers, ...(Object.keys(dependencies).length ? { dependencies } : {}) };
}

function phaseResult(
  variant: string,
  recorder: RunRecorder,
  ended: EndedPhase,
  health: GeneratorHealth,
  first: boolean,
  repeat?: number,
): PhaseResult {
  const { phase, endMs, server, faults: faultsApplied } = ended;
  const summary = recorder.phaseSummary(phase.name, endMs - phase.startMs);
  const { latency, uncorrected } = recorder.phaseHistograms(phase.name);
  const intervals = histogramIntervals(latency);
  return {
    name: phase.name,
    startMs: Math.round(phase.startMs),
    endMs: Math.round(endMs),
    ...summary,
    ...(uncorrected ? { uncorrectedLatencyMs: uncorrected.summaryMs() } : {}),
    errorsUntilMs: errorsUntilMs(recorder, phase, endMs),
    // The first second (connections, JIT, first timers) is noisy; the verdict skips it when the phase is long enough.
    ...generatorVerdict(health, first && endMs - phase.startMs >= 3000 ? phase.startMs + 1000 : phase.startMs, endMs),
    hgrm: hgrmName(variant, phase.name, repeat),
    server,
    ...(faultsApplied.length ? { faults: faultsApplied } : {}),
    ...(Object.keys(intervals).length ? { intervals } : {}),
  };
}

/**
 * One variant keeps the plain `<phase>.hgrm` names; several are told apart by prefix; a repeat adds `.r<k>` (the
 * un-suffixed file then holds every repeat's requests together).
 */
export function hgrmName(variant: string, phase: string, repeat?: number): string {
  const stem = variant === 'default' ? phase : `${variant}-${phase}`;
  return repeat === undefined ? `${stem}.hgrm` : `${stem}.r${repeat}.hgrm`;
}

/**
 * How long into the phase failures lasted: the end of its last second with an error or a dropped request (one the
 * open model could not even send: under a stall, that is how a user's failure shows), or null without either.
 */
function errorsUntilMs(recorder: RunRecorder, phase: PlannedPhase, endMs: number): number | null {
  let last: number | null = null;
  for (const second of recorder.timeline()) {
    const startMs = second.second * 1000;
    if (startMs < phase.startMs - 999 || startMs >= endMs) continue;
    if ((second.dropped ?? 0) > 0 || Object.values(second.errors).some((n) => (n ?? 0) > 0))
      last = Math.min(endMs, startMs + 1000) - phase.startMs;
  }
  return last === null ? null : Math.max(0, Math.round(last));
}

/** The generator's verdict for a phase and, with a CPU split, how busy the stack's CPUs were. */
function generatorVerdict(health: GeneratorHealth, startMs: number, endMs: number): Pick<PhaseResult, 'generatorSaturated' | 'stackCpu'> {
  const verdict = health.verdict(startMs, endMs);
  const stack = verdict.stackCpu;
  return {
    generatorSaturated: verdict.saturated,
    ...(stack ? { stackCpu: { cpus: stack.cpus, busyPercent: stack.busyPercent, limited: stack.limited } } : {}),
  };
}
