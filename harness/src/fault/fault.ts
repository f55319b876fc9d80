// A fault is applied at a phase's start and rolled back at its end (or on any exit path).
import type { StartedTopology } from '../topology/topology.ts';

export type FaultSpec = { kind: 'cache-flush' };
export type FaultKind = FaultSpec['kind'];

export interface FaultContext {
  topology: StartedTopology;
}

export interface AppliedFault {
  /** What happened, for events.jsonl and the report. */
  readonly description: string;
  /** Undo the fault; a no-op for one-shot faults such as a cache flush. Must be idempotent. */
  revert(): Promise<void>;
}

export interface Fault {
  readonly kind: FaultKind;
  apply(spec: FaultSpec, ctx: FaultContext): Promise<AppliedFault>;
}
