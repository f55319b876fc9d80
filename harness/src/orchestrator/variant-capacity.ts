// A variant's capacity at the experiment's SLO: after its phases, on the same topology, the open model steps the
// arrival rate up then bisects (load/capacity-run.ts). The keys follow the experiment's distribution.
import { createDriver } from '../driver/create-driver.ts';
import { createKeySampler } from '../driver/keys/zipf.ts';
import type { CapacityDefinition, LoadDefinition } from '../experiment/types.ts';
import { runCapacitySearch } from '../load/capacity-run.ts';
import type { Slo } from '../load/slo.ts';
import type { Logger } from '../log/logger.ts';
import type { CapacityFigures, CapacityStepFigures as CapacityStep } from '../results/run-result.ts';
import type { StartedTopology } from '../topology/topology.ts';
import { stoppingResource } from '../load/stopping-resource.ts';
import { createContainerCpuSampler } from './container-cpu.ts';
import { DEFAULT_CAPACITY_STEPS } from './plan.ts';

export interface VariantCapacityInput {
  capacity: CapacityDefinition & { parsedSlo: Slo };
  load: LoadDefinition;
  topology: StartedTopology;
  random: () => number;
  logger: Logger;
  /** Records an event (capacity steps appear in events.jsonl). */
  event: (kind: string, detail: string) => void;
  signal: AbortSignal;
}

export async function measureCapacity(input: VariantCapacityInput): Promise<CapacityFigures> {
  const { capacity, load, logger } = input;
  const slo = capacity.parsedSlo;
  // A pool too small for the rate would drop requests and pass for the service's limit: 100 ms SLO x 2,560
  // req/s fits 256 connections. Idle keep-alive sockets cost the generator next to nothing.
  const connections = Math.max(load.connections, 256);
  const cpuSampler = await createContainerCpuSampler(input.topology.containers.values());
  if (cpuSampler.missing.length > 0)
    logger.warn(`[capacity] no CPU counters found for ${cpuSampler.missing.join(', ')}: the stopping resource cannot name them`);
  input.event('capacity-start', `SLO ${slo.text}, from ${capacity.startRatePerSec} req/s`);
  const result = await runCapacitySearch(
    {
      url: `${input.topology.entryUrl}${load.request.path}`,
      driver: createDriver('open'),
      method: load.request.method,
      ...(load.request.headers ? { headers: load.request.headers } : {}),
      ...(load.request.body !== undefined ? { body: load.request.body } : {}),
      nextKey: createKeySampler({ ...load.keys, seed: load.keys.seed ?? Math.floor(input.random() * 2 ** 32) }),
      connections,
      timeoutMs: load.timeoutMs ?? 10_000,
      slo,
      stepDurationMs: capacity.stepDurationMs,
      startRatePerSec: capacity.startRatePerSec,
      maxRatePerSec: capacity.maxRatePerSec,
      maxSteps: capacity.maxSteps ?? DEFAULT_CAPACITY_STEPS,
      ...(capacity.cooldownMs !== undefined ? { cooldownMs: capacity.cooldownMs } : {}),
      ...(capacity.confirmations !== undefined ? { confirmations: capacity.confirmations } : {}),
      ...(capacity.precision !== undefined ? { precision: capacity.precision } : {}),
      ...(capacity.maxTotalMs !== undefined ? { maxTotalMs: capacity.maxTotalMs } : {}),
      cpuSampler,
      onStep: (step) => {
        const cpu = (step.cpu ?? [])
          .map((c) => `${c.role} ${c.usedCores.toFixed(2)}${c.limitCores > 0 ? `/${c.limitCores}` : ''}`)
          .join(', ');
        const line = `${step.ratePerSec} req/s: p99 ${step.p99Ms} ms, errors ${(step.errorRate * 100).toFixed(2)}%, ${stepVerdictText(step)}${step.stackCpuNote ? `; ${step.stackCpuNote}` : ''}${cpu ? `; cpu ${cpu}` : ''}`;
        logger.info(`[capacity] ${line}`);
        input.event('capacity-step', line);
      },
    },
    input.signal,
  );
  // The failing steps show the limit best (it is saturated there); with nothing failing, the knee's steps.
  const resource = stoppingResource(result, result.firstFailingRatePerSec ?? result.kneeRatePerSec);
  input.event(
    'capacity-end',
    `knee ${result.kneeRatePerSec ?? 'none'} req/s (stopped: ${result.stoppedBy}${resource ? `; limit: ${resource}` : ''})`,
  );
  return {
    slo: slo.text,
    kneeRatePerSec: result.kneeRatePerSec,
    firstFailingRatePerSec: result.firstFailingRatePerSec,
    stoppedBy: result.stoppedBy,
    confirmed: result.confirmed,
    tally: result.tally,
    ...(resource ? { stoppingResource: resource } : {}),
    curve: result.curve.map((step) => ({ ...step })),
  };
}

function stepVerdictText(step: CapacityStep): string {
  if (step.failsDespiteGenerator) {
    return `fail (${step.failures.join('; ')}), although the generator saturated (${(step.generatorReasons ?? []).join('; ')}): its worst delay, ${step.generatorWorstDelayMs} ms, cannot explain it`;
  }
  if (step.generatorSaturated) return `generator saturated (${(step.generatorReasons ?? []).join('; ')})`;
  return step.pass ? 'pass' : `fail (${step.failures.join('; ')})`;
}
