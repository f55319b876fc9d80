// A fault is applied at a phase's start and rolled back at its end, after `durationMs`, or on any exit path.
import type { StartedTopology } from '../topology/topology.ts';
import type { TopologyShape } from '../topology/topology-shape.ts';

/** Where a Docker fault lands: a role (`service-2`), or `<group>:<n>` / `<group>:random` among `<group>-1..N`. */
export type TargetSpec = string;

interface Timing {
  /** Roll back this long after the phase starts, instead of at its end. */
  durationMs?: number;
  /**
   * A flapping fault (phases only): applied again every `everyMs` from the phase start until the phase ends,
   * each time rolled back after `durationMs` (which must be shorter). Neither is scaled by --duration-scale:
   * the blip's length against the service's timeouts and backoff is the physics under test.
   */
  everyMs?: number;
}

/** Toxics on a Toxiproxy edge (e.g. `postgres`, `redis`, `replication-1`); `toxicity` is the share of connections hit. */
interface EdgeFault extends Timing {
  edge: string;
  stream?: 'upstream' | 'downstream';
  toxicity?: number;
}

export type FaultSpec =
  | ({ kind: 'cache-flush' } & Timing)
  | ({ kind: 'hot-key-expiry'; keys: number } & Timing)
  | ({ kind: 'kill'; target: TargetSpec } & Timing)
  | ({ kind: 'pause'; target: TargetSpec } & Timing)
  | ({ kind: 'cpu'; target: TargetSpec; cpus: number } & Timing)
  | ({ kind: 'latency'; latencyMs: number; jitterMs?: number } & EdgeFault)
  | ({ kind: 'bandwidth'; rateKBps: number } & EdgeFault)
  | ({ kind: 'timeout'; timeoutMs: number } & EdgeFault)
  | ({ kind: 'reset-peer'; timeoutMs?: number } & EdgeFault)
  | ({ kind: 'slicer'; averageSizeBytes: number; sizeVariationBytes?: number; delayUs?: number } & EdgeFault)
  | ({ kind: 'limit-data'; bytes: number } & EdgeFault)
  | ({ kind: 'down'; edge: string } & Timing)
  | ({ kind: 'replica-failover'; replica?: TargetSpec } & Timing);

export type FaultKind = FaultSpec['kind'];
export type FaultOf<K extends FaultKind> = Extract<FaultSpec, { kind: K }>;

export interface FaultContext {
  topology: StartedTopology;
  /** For `:random` targets; seeded per run so a run can be repeated. */
  random: () => number;
}

export interface AppliedFault {
  /** What happened, for events.jsonl and the report (names the chosen target). */
  readonly description: string;
  /** Undo the fault; a no-op for one-shot faults such as a cache flush. Idempotent. */
  revert(): Promise<void>;
}

/** A problem a fault finds with the topology it would run on; `field` is the spec's field (none: its kind). */
export interface ShapeProblem {
  field?: string;
  message: string;
  hint: string;
}

/** A spec before validation is done with it: its fields are named but may hold anything. */
export type UncheckedSpec<K extends FaultKind> = { readonly [P in keyof FaultOf<K>]?: unknown };

export interface Fault<K extends FaultKind = FaultKind> {
  readonly kind: K;
  /** One line for `bench ls` and docs. */
  readonly describe: string;
  /**
   * Nothing to roll back (an event, never a standing condition). `repeatable`: it may flap without a durationMs
   * (a cache flush); `once`: it cannot happen again (a promoted replica stays primary).
   */
  readonly oneShot?: 'repeatable' | 'once';
  /** What the fault needs of the topology, checked before start against the base and every variant's topology. */
  validate?(spec: UncheckedSpec<K>, shape: TopologyShape): ShapeProblem[];
  apply(spec: FaultOf<K>, ctx: FaultContext): Promise<AppliedFault>;
}

/** Wraps a revert so that it runs once, whichever exit path calls it first. */
export function once(description: string, revert: () => Promise<void>): AppliedFault {
  let done: Promise<void> | undefined;
  return { description, revert: () => (done ??= revert()) };
}
