// Public API: what experiment files and library users import.
export { defineExperiment } from './experiment/define.ts';
export type { ExperimentDefinition, LoadDefinition, PhaseDefinition } from './experiment/types.ts';
export type { TopologyConfig, TopologyKind } from './topology/registry.ts';
export type { ServiceConfig, ServiceDatabase } from './topology/service/service-config.ts';
export type { FaultSpec, FaultKind } from './fault/fault.ts';
export type { KeyDistribution } from './driver/keys/zipf.ts';
export type { RunResult, PhaseResult, VariantResult, RunStatus } from './results/run-result.ts';
