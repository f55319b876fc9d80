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

/** A named change to the base experiment; variants run one after another, each on a fresh topology. */
export interface VariantDefinition {
  name: string;
  description?: string;
  /** Topology parameter overrides, e.g. `{ cacheMode: 'coalesce' }` or `{ healthIntervalMs: 500 }`. */
  topology?: Record<string, number | string>;
  /** Service switches merged over the topology's `serviceEnv`, e.g. `{ BREAKER: 'on' }`. */
  serviceEnv?: Record<string, string>;
  /** Load overrides. */
  load?: Partial<Pick<LoadDefinition, 'ratePerSec' | 'connections' | 'keys'>>;
}

export interface ExperimentDefinition {
  name: string;
  description?: string;
  topology: TopologyConfig;
  load: LoadDefinition;
  phases: PhaseDefinition[];
  /**
   * Standing conditions, applied once the topology is up and before the load starts, rolled back at the
   * variant's end: the environment every phase runs in (e.g. a database 20 ms away), not an event.
   */
  conditions?: FaultSpec[];
  /** Compared side by side in one run; without variants the run has one, named `default`. */
  variants?: VariantDefinition[];
  /** k6-style thresholds addressed by variant and phase, e.g. `flush.p99 < 500ms`. */
  thresholds?: string[];
  /** Seeds key choice and `:random` fault targets, so a run can be repeated. */
  seed?: number;
}
