import type { ExperimentDefinition } from './types.ts';

/** Identity with types: gives experiment files completion and type checks. Validation happens at load time. */
export function defineExperiment<const T extends ExperimentDefinition>(experiment: T): T {
  return experiment;
}
