// What validation hands on: the experiment as written, plus the parts it had to parse to check them (thresholds,
// the capacity SLO), so later code uses those as they are instead of parsing the text again.
import { parseSlo, type Slo } from '../load/slo.ts';
import type { ParsedThreshold } from '../thresholds/parse.ts';
import { parseThresholds } from '../thresholds/validate.ts';
import type { ExperimentDefinition } from './types.ts';

export interface ValidatedExperiment extends ExperimentDefinition {
  readonly parsed: {
    readonly thresholds: readonly ParsedThreshold[];
    /** The capacity search's SLO, when the experiment has one. */
    readonly capacitySlo?: Slo;
  };
}

/** Call on an experiment validateExperiment accepted: parsing cannot fail then (it throws bad-input if it does). */
export function withParsedParts(experiment: ExperimentDefinition, file?: string): ValidatedExperiment {
  const capacitySlo = experiment.capacity ? parseSlo(experiment.capacity.slo, 'capacity.slo') : undefined;
  return {
    ...experiment,
    parsed: { thresholds: parseThresholds(experiment.thresholds ?? [], file), ...(capacitySlo ? { capacitySlo } : {}) },
  };
}
