// Topologies by kind: a plain map (no self-registration).
import { startCacheTopology, type CacheTopologyConfig } from './cache.ts';
import type { StartedTopology, TopologyContext } from './topology.ts';

export type TopologyConfig = CacheTopologyConfig;
export type TopologyKind = TopologyConfig['kind'];

export const topologies: Record<TopologyKind, { describe: string; start: (config: TopologyConfig, ctx: TopologyContext) => Promise<StartedTopology> }> = {
  cache: {
    describe: 'HAProxy -> N task-api replicas -> Toxiproxy -> Redis (cache-aside) and PostgreSQL',
    start: startCacheTopology,
  },
};

export const topologyKinds = Object.keys(topologies) as TopologyKind[];
