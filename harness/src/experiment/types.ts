// The typed experiment: what one file under experiments/ exports.
import type { KeyDistribution } from '../driver/keys/zipf.ts';
import type { RequestTemplate } from '../driver/driver.ts';
import type { FaultSpec } from '../fault/fault.ts';
import type { TopologyConfig } from '../topology/registry.ts';

export interface PhaseDefinition {
  /** kebab-case, unique within the experiment. */
  name: string;
  durationMs: number;
  /** Applied at the phase's start, rolled back at its end. */
  faults?: FaultSpec[];
}

export interface LoadDefinition {
  /** `closed`: autocannon, each connection waits for its response before the next request. */
  driver: 'closed';
  connections: number;
  /** Overall target rate across connections; omit to drive as fast as the system answers. */
  ratePerSec?: number;
  request: RequestTemplate;
  keys: KeyDistribution;
  timeoutMs?: number;
}

export interface ExperimentDefinition {
  name: string;
  description?: string;
  topology: TopologyConfig;
  load: LoadDefinition;
  phases: PhaseDefinition[];
}
