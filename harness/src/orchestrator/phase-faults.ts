// A phase's faults: applied at its start; a fault with `everyMs` flaps, applied again at each multiple of
// everyMs until the phase ends (a dependency that blips rather than fails for good).
import type { Clock } from '../driver/driver.ts';
import type { FaultContext, FaultSpec } from '../fault/fault.ts';
import { applyFault } from '../fault/registry.ts';
import { sleep } from '../time/sleep.ts';
import type { ActiveFaults } from './active-faults.ts';
import type { PlannedPhase } from './plan.ts';

export interface PhaseFaultsInput {
  phase: PlannedPhase;
  context: FaultContext;
  faults: ActiveFaults;
  clock: Clock;
  signal: AbortSignal;
  /** Called for every application, the repeats included (events.jsonl, progress). */
  onApplied: (description: string) => void;
  /** Stands in for the real fault registry in tests. */
  apply?: (spec: FaultSpec, context: FaultContext) => ReturnType<typeof applyFault>;
}

export interface StartedPhaseFaults {
  /** What was applied at the phase start, a flapping fault marked with its period (for the phase's result). */
  applied: string[];
  /** Settles once the repeats are over (by the phase end or the abort); resolves the first repeat error, if any. */
  repeats: Promise<Error | undefined>;
}

export async function startPhaseFaults(input: PhaseFaultsInput): Promise<StartedPhaseFaults> {
  const { phase, clock, faults } = input;
  const apply = input.apply ?? applyFault;
  const applyAt = async (spec: FaultSpec, atMs: number): Promise<string> => {
    const fault = await apply(spec, input.context);
    faults.add(fault, spec.durationMs === undefined ? undefined : atMs + spec.durationMs - clock.nowMs());
    input.onApplied(fault.description);
    return fault.description;
  };

  const applied: string[] = [];
  for (const spec of phase.faults) {
    const description = await applyAt(spec, phase.startMs);
    applied.push(spec.everyMs === undefined ? description : `${description} (every ${spec.everyMs} ms)`);
  }

  // One failed repeat stops the others, so nothing is applied after the caller has rolled back.
  const stop = new AbortController();
  const signal = AbortSignal.any([input.signal, stop.signal]);
  const repeat = async (spec: FaultSpec, everyMs: number): Promise<void> => {
    for (let atMs = phase.startMs + everyMs; atMs < phase.endMs; atMs += everyMs) {
      await sleep(atMs - clock.nowMs(), signal);
      if (signal.aborted) return;
      await applyAt(spec, atMs);
    }
  };
  const loops = phase.faults.flatMap((spec) =>
    spec.everyMs === undefined
      ? []
      : [
          repeat(spec, spec.everyMs).catch((e: unknown) => {
            stop.abort();
            throw e;
          }),
        ],
  );
  const repeats = Promise.allSettled(loops).then((settled) => {
    const failed = settled.find((s) => s.status === 'rejected');
    if (!failed) return undefined;
    const reason: unknown = failed.reason;
    return reason instanceof Error ? reason : new Error(String(reason));
  });
  return { applied, repeats };
}
