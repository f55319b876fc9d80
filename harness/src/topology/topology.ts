// Topology definitions (config) and started topologies (running things) are different types.
import type { ProxyEdge, ToxiproxyApi } from '../fault/toxiproxy/toxiproxy-api.ts';
import type { StartedContainer } from '../runtime/runtime.ts';
import type { PostgresServer, RedisServer, ServiceMetricsPlan } from './plan.ts';

export interface StartedTopology {
  readonly kind: string;
  /** Every parameter after defaults were applied: recorded in run.json. */
  readonly parameters: Record<string, unknown>;
  /** Human-facing endpoints (entry, toxiproxy, postgres, redis, service-N), printed and recorded; code reads the typed fields. */
  readonly endpoints: Record<string, string>;
  /** Where load goes (the balancer). */
  readonly entryUrl: string;
  /** Each service replica's own base URL. */
  readonly serviceUrls: readonly string[];
  /** Replicas with the reference service's counters, scraped without the balancer; none for another service. */
  readonly metricsUrls: readonly string[];
  /** The service's Prometheus counters and gauges, for the dependency sampler; null when it has none declared. */
  readonly serviceMetrics: ServiceMetricsPlan | null;
  /** Every PostgreSQL server (primaries, shards, replicas): direct port and URL, its Toxiproxy edge, a replica's primary. */
  readonly postgres: readonly PostgresServer[];
  /** Every Redis server (caches and the broker) on its direct port, for the dependency sampler. */
  readonly redis: readonly RedisServer[];
  /** HAProxy instances and their stats pages, for the dependency sampler. */
  readonly balancers: ReadonlyArray<{ role: string; statsUrl: string }>;
  /** GET on it answers 200 when the service is healthy (the default steady-state check). */
  readonly healthPath: string;
  /** Worker processes with a /metrics endpoint (the queue topology). */
  readonly workerUrls: readonly string[];
  readonly containers: ReadonlyMap<string, StartedContainer>;
  readonly toxiproxy: ToxiproxyApi;
  /** Every Toxiproxy edge (name, listen, upstream). */
  readonly proxies: readonly ProxyEdge[];
  /** Empties every cache (the cache-flush fault). */
  flushCache(): Promise<void>;
  /** Deletes keys from every cache (the hot-key-expiry fault). */
  deleteCacheKeys(keys: readonly string[]): Promise<void>;
}
