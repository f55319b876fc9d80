// One variant: load runs through every phase without a gap; faults fire at phase edges; server counters are
// read at each edge. Returns what was measured, also when aborted midway.
import { createKeySampler } from '../driver/keys/zipf.ts';
import type { Clock, Driver } from '../driver/driver.ts';
import type { LoadDefinition } from '../experiment/types.ts';
import { faults } from '../fault/registry.ts';
import type { AppliedFault } from '../fault/fault.ts';
import type { Logger } from '../log/logger.ts';
import { createRunRecorder, type RunRecorder } from '../recorder/phase-recorder.ts';
import type { PhaseResult, RunEvent, VariantResult } from '../results/run-result.ts';
import type { StartedTopology } from '../topology/topology.ts';
import { sleep } from './abort.ts';
import type { PlannedPhase } from './plan.ts';
import { scrapeCounters, serverFigures, type CounterSnapshot } from './service-metrics.ts';

export interface VariantRunInput {
  variant: string;
  phases: readonly PlannedPhase[];
  load: LoadDefinition;
  driver: Driver;
  topology: StartedTopology;
  logger: Logger;
  signal: AbortSignal;
}

export interface VariantRunOutput {
  result: VariantResult;
  recorder: RunRecorder;
  events: RunEvent[];
  /** Faults still applied (reverted by the caller on every exit path). */
  applied: AppliedFault[];
  error?: unknown;
}

/** Closed loop with a rate: each connection means to send every connections/rate seconds. */
export const expectedIntervalUs = (load: LoadDefinition): number | undefined =>
  load.ratePerSec ? Math.round((load.connections / load.ratePerSec) * 1_000_000) : undefined;

export async function runVariant(input: VariantRunInput): Promise<VariantRunOutput> {
  const { phases, load, topology, logger, signal, variant } = input;
  const interval = expectedIntervalUs(load);
  const recorder = createRunRecorder({ phases, ...(interval ? { expectedIntervalUs: interval } : {}) });
  const events: RunEvent[] = [];
  const applied: AppliedFault[] = [];
  const results: PhaseResult[] = [];
  const t0 = performance.now();
  const clock: Clock = { nowMs: () => performance.now() - t0 };
  const event = (phase: string, kind: string, detail: string): void => {
    events.push({ atMs: Math.round(clock.nowMs()), wallTime: new Date().toISOString(), variant, phase, kind, detail });
  };

  const loadStop = new AbortController();
  const stopLoad = (): void => loadStop.abort();
  signal.addEventListener('abort', stopLoad, { once: true });
  const totalMs = phases.at(-1)?.endMs ?? 0;
  event(phases[0]?.name ?? '', 'load-start', `${input.driver.name} driver, ${load.connections} connections${load.ratePerSec ? `, ${load.ratePerSec} req/s` : ''}`);
  const driverRun = input.driver
    .run(
      {
        baseUrl: topology.entryUrl,
        request: load.request,
        nextKey: createKeySampler(load.keys),
        connections: load.connections,
        ...(load.ratePerSec ? { ratePerSec: load.ratePerSec } : {}),
        // Stopped explicitly after the last phase; the slack only bounds a driver that ignores the stop.
        durationMs: totalMs + 10_000,
        timeoutMs: load.timeoutMs ?? 10_000,
      },
      { response: (s) => recorder.recordResponse(s), error: (s) => recorder.recordError(s) },
      clock,
      loadStop.signal,
    )
    .catch((error: unknown) => error);

  let error: unknown;
  let counters: CounterSnapshot | null = await scrapeCounters(topology.serviceUrls);
  try {
    for (const phase of phases) {
      await sleep(phase.startMs - clock.nowMs(), signal);
      if (signal.aborted) break;
      const phaseFaults: string[] = [];
      for (const spec of phase.faults) {
        const fault = await faults[spec.kind].apply(spec, { topology });
        applied.push(fault);
        phaseFaults.push(fault.description);
        event(phase.name, 'fault-applied', fault.description);
        logger.info(`[${phase.name}] ${fault.description}`);
      }
      logger.step(`phase ${phase.name} (${((phase.endMs - phase.startMs) / 1000).toFixed(1)} s)`);
      await sleep(phase.endMs - clock.nowMs(), signal);
      // Roll back this phase's faults at its end, newest first.
      for (const fault of applied.splice(0).reverse()) {
        await fault.revert();
        event(phase.name, 'fault-reverted', fault.description);
      }
      const endMs = Math.min(phase.endMs, clock.nowMs());
      const after = await scrapeCounters(topology.serviceUrls);
      results.push(phaseResult(variant, recorder, phase, endMs, serverFigures(counters, after, endMs - phase.startMs), phaseFaults));
      counters = after;
      if (signal.aborted) break;
      const last = results.at(-1)!;
      logger.info(
        `[${phase.name}] ${last.requests} requests, ${Math.round(last.rps)} req/s, p99 ${last.latencyMs.p99} ms, errors ${(last.errorRate * 100).toFixed(2)}%`,
      );
    }
  } catch (caught) {
    error = caught;
  } finally {
    loadStop.abort();
    signal.removeEventListener('abort', stopLoad);
    const driverOutcome = await driverRun;
    if (driverOutcome instanceof Error && error === undefined) error = driverOutcome;
    event(phases.at(-1)?.name ?? '', 'load-stop', signal.aborted ? 'aborted' : 'completed');
  }
  return { result: { name: variant, phases: results }, recorder, events, applied, ...(error !== undefined ? { error } : {}) };
}

function phaseResult(variant: string, recorder: RunRecorder, phase: PlannedPhase, endMs: number, server: PhaseResult['server'], faultsApplied: string[]): PhaseResult {
  const summary = recorder.phaseSummary(phase.name, endMs - phase.startMs);
  return {
    name: phase.name,
    startMs: Math.round(phase.startMs),
    endMs: Math.round(endMs),
    ...summary,
    // One variant keeps the plain `<phase>.hgrm` names; several are told apart by prefix.
    hgrm: variant === 'default' ? `${phase.name}.hgrm` : `${variant}-${phase.name}.hgrm`,
    server,
    ...(faultsApplied.length ? { faults: faultsApplied } : {}),
  };
}
