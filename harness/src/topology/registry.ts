// Topologies by kind: a plain map (no self-registration).
import type { TopologyConfigOf, TopologyDefinition } from './definition.ts';
import { cacheTopology, lbTopology } from './kinds/lb.ts';
import { queueTopology } from './kinds/queue.ts';
import { regionsTopology } from './kinds/regions.ts';
import { replicasTopology } from './kinds/replicas.ts';
import { shardedTopology } from './kinds/sharded.ts';
import { singleTopology } from './kinds/single.ts';

type ConfigOf<D> = D extends TopologyDefinition<infer K, infer S> ? TopologyConfigOf<K, S> : never;

/** Ordered as the scaling ladder climbs. */
export const topologies = {
  single: singleTopology,
  lb: lbTopology,
  cache: cacheTopology,
  replicas: replicasTopology,
  sharded: shardedTopology,
  regions: regionsTopology,
  queue: queueTopology,
} as const;

export type TopologyKind = keyof typeof topologies;
export type TopologyConfig = { [K in TopologyKind]: ConfigOf<(typeof topologies)[K]> }[TopologyKind];
export const topologyKinds = Object.keys(topologies) as TopologyKind[];

export function topologyDefinition(kind: TopologyKind): TopologyDefinition {
  return topologies[kind] as unknown as TopologyDefinition;
}
