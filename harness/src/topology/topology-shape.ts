// What a topology offers, read from its plan (nothing started): what faults may aim at and which figures a run
// of it can measure. Validation checks every fault and threshold against the shape of each variant's topology.
import type { TopologyPlan } from './plan.ts';

export interface TopologyShape {
  kind: string;
  /** Container roles, e.g. `service-1`, `postgres`, `postgres-replica-2`. */
  roles: readonly string[];
  /** Toxiproxy edges, e.g. `postgres`, `redis`, `replication-1`. */
  edges: readonly string[];
  /** The Redis caches (not the queue's broker). */
  caches: readonly string[];
  /** PostgreSQL streaming replicas. */
  dbReplicas: readonly string[];
  /** Every Redis server, caches and broker: what `redis.*` figures come from. */
  redis: readonly string[];
  /** The queue's broker: what `broker.*` figures come from. */
  brokers: readonly string[];
  /** HAProxy instances: what `haproxy.*` figures come from. */
  balancers: readonly string[];
  /** The experiment's own service runs instead of the reference task-api (which has the counters and keys bench knows). */
  ownService: boolean;
  /** The reference service's cache mode (`off`: it never touches the cache); undefined without a cache or with another service. */
  cacheMode: string | undefined;
}

export function topologyShape(plan: TopologyPlan): TopologyShape {
  // Only the reference service's replicas are scraped for its counters (plan.ts).
  const ownService = plan.metricsUrls.length === 0;
  const caches = plan.caches.map((c) => c.role);
  const cacheMode = plan.parameters.cacheMode;
  return {
    kind: plan.kind,
    roles: plan.stages.flat().map((s) => s.role),
    edges: plan.proxies.map((p) => p.name),
    caches,
    dbReplicas: plan.postgres.filter((s) => s.replica).map((s) => s.role),
    redis: plan.redis.map((r) => r.role),
    brokers: plan.redis.filter((r) => r.broker).map((r) => r.role),
    balancers: plan.balancers.map((b) => b.role),
    ownService,
    cacheMode: !ownService && caches.length > 0 && typeof cacheMode === 'string' ? cacheMode : undefined,
  };
}
