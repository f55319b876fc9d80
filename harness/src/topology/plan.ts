// A topology is first a plan (data: containers by stage, Toxiproxy edges, endpoints), then started.
// The same plan renders the compose file, so the harness and compose/ cannot drift apart.
import type { ProxyEdge } from '../fault/toxiproxy/toxiproxy-api.ts';
import type { ImageSet } from '../runtime/images.ts';
import type { ContainerSpec } from '../runtime/runtime.ts';
import type { ServiceDatabase, ServiceMetrics } from './service/service-config.ts';

/** A toxic that is part of the topology itself (e.g. the distance between regions), not a fault. */
export interface StandingToxic {
  edge: string;
  name: string;
  type: 'latency';
  stream: 'upstream' | 'downstream';
  attributes: Record<string, number>;
}

/** A PostgreSQL server on its direct port (not through Toxiproxy, so faults do not reach what reads it). */
export interface PostgresServer {
  role: string;
  port: number;
  /** Its `postgres` database on the direct port, with the user (trust auth: no password). */
  url: string;
  /** The Toxiproxy edge the service reaches it through, as created (a failover repoints a primary's edge later). */
  edge: ProxyEdge;
  /** A streaming replica (read-only). */
  replica: boolean;
  /** A replica's primary (its role); absent on primaries and shards. */
  primaryRole?: string;
}

/** A Redis server on its direct port: a cache, or the queue's broker (whose streams the sampler also reads). */
export interface RedisServer {
  role: string;
  port: number;
  broker: boolean;
}

/** Where the service's own metrics are read, once a second, and what they mean. */
export interface ServiceMetricsPlan {
  map: ServiceMetrics;
  /** Every replica: its role and base URL. */
  targets: Array<{ role: string; url: string }>;
}

export interface TopologyPlan {
  kind: string;
  parameters: Record<string, unknown>;
  /** Started in order; the containers of one stage start together and must all be ready before the next. */
  stages: ContainerSpec[][];
  /** Edges created in Toxiproxy right after the stage that holds it is ready. */
  proxies: ProxyEdge[];
  standingToxics: StandingToxic[];
  toxiproxyApiUrl: string;
  /** Where load goes. */
  entryUrl: string;
  /** Every service replica's own URL. */
  serviceUrls: string[];
  /** Replicas with the reference service's counters (GET /metrics?format=json); none for another service. */
  metricsUrls: string[];
  /** The service's Prometheus counters (the reference's own map, or the experiment's `service.metrics`); null without. */
  serviceMetrics: ServiceMetricsPlan | null;
  /** Other processes with a /metrics endpoint (workers). */
  workerUrls: string[];
  endpoints: Record<string, string>;
  /** The Redis caches (role and port), for cache faults. */
  caches: Array<{ role: string; port: number }>;
  /** What a service's env may name as `{placeholders}` on this topology (`bench ls` lists them). */
  placeholders: string[];
  /** The service's health path (HAProxy's check, the default steady-state check). */
  healthPath: string;
  /** Every PostgreSQL server: primaries, shards and replicas. */
  postgres: PostgresServer[];
  /** Every Redis server (caches and the broker), for the dependency sampler. */
  redis: RedisServer[];
  /** HAProxy instances and their stats pages (CSV at `<statsUrl>;csv`). */
  balancers: Array<{ role: string; statsUrl: string }>;
  /** The service's own databases, created on every primary and shard once they are ready. */
  databases: { servers: Array<{ role: string; port: number }>; create: ServiceDatabase[] };
}

/** Hands out loopback ports by name: free ones for a run, fixed ones for a compose file. */
export type PortSource = (name: string) => Promise<number>;

export interface PlanContext {
  images: ImageSet;
  port: PortSource;
}

export const url = (port: number): string => `http://127.0.0.1:${port}`;
