// Topology definitions (config) and started topologies (running things) are different types.
import type { ProxyEdge, ToxiproxyApi } from '../fault/toxiproxy/toxiproxy-api.ts';
import type { Logger } from '../log/logger.ts';
import type { ImageSet } from '../runtime/images.ts';
import type { Runtime, StartedContainer } from '../runtime/runtime.ts';

export interface TopologyContext {
  runtime: Runtime;
  images: ImageSet;
  logger: Logger;
}

export interface StartedTopology {
  readonly kind: string;
  /** Every parameter after defaults were applied: recorded in run.json. */
  readonly parameters: Record<string, unknown>;
  /** Human-facing endpoints: entry, toxiproxy, postgres, redis, service-N. */
  readonly endpoints: Record<string, string>;
  /** Where load goes (the balancer). */
  readonly entryUrl: string;
  /** Each service replica's own base URL, for scraping /metrics without the balancer. */
  readonly serviceUrls: readonly string[];
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
