// The system under test as data: any HTTP service in an image (or a local Dockerfile), told where the topology's
// data stores are through `{placeholders}` in its environment. Without it, the reference task-api runs.

/** A database the service owns, created on every primary and shard before the service starts. */
export interface ServiceDatabase {
  /** e.g. `app`; a lowercase SQL identifier. */
  name: string;
  /** SQL run once in that database (plain statements, no psql meta-commands), e.g. `schema.sql`. */
  init?: string;
  /** SQL run after `init`, e.g. `seed.sql` with `INSERT ... SELECT generate_series(...)`. */
  seed?: string;
}

/**
 * The service's own counters and gauges, read from its Prometheus text endpoint once a second on every replica.
 * Each entry maps a figure name to a selector, `name` or `name{label="value",...}`, that sums the series it matches.
 */
export interface ServiceMetrics {
  /** e.g. `/metrics`: GET answers Prometheus text (exposition format 0.0.4). */
  path: string;
  /** Figures reported as a rate per second, e.g. `{ ordersPerSec: 'shop_orders_total{status="ok"}' }`. */
  counters?: Record<string, string>;
  /** Figures reported as they are (summed over replicas for `all`), e.g. `{ poolWaiting: 'shop_db_pool_waiting' }`. */
  gauges?: Record<string, string>;
}

export interface ServiceConfig {
  /** Any local or pullable image, e.g. `registry.example.com/orders:1.4`. One of `image` and `build`. */
  image?: string;
  /**
   * A directory with a Dockerfile, relative to the experiment file. Built with no network; `ARG BENCH_BASE_IMAGE`
   * names a local Debian bookworm image to start `FROM`. Cached by the directory's content hash.
   */
  build?: string;
  /** Overrides the image's command (argv, no shell); it takes the same `{placeholders}` as `env`. */
  command?: string[];
  /**
   * The environment, with placeholders the topology fills: `{port}`, `{host}`, `{instance}`, `{postgres.url}`
   * (no database: append `/app`), `{postgres.host}`, `{postgres.port}`, `{postgres.user}`, `{postgres.password}`,
   * `{replicas.urls}`, `{shards.urls}`, `{shards.count}`, `{redis.url}`, `{redis.host}`, `{redis.port}`. Which ones
   * a topology has is listed by `bench ls`; naming one it lacks is an error before anything starts.
   */
  env?: Record<string, string>;
  /**
   * The port the service listens on, when it cannot take it from `{port}`. Containers share the host's loopback,
   * so a fixed port allows one replica only. Default: a free port, given as `{port}`.
   */
  port?: number;
  /** GET on it answers 2xx once the service is ready; HAProxy checks it too. Default `/health`. */
  healthPath?: string;
  /** How long the service may take to become ready, ms. Default 60,000. */
  readyTimeoutMs?: number;
  /** CPU limit per replica, cores (the topology's `serviceCpus` otherwise). */
  cpus?: number;
  /** Memory limit per replica, MiB (the topology's `serviceMemoryMb` otherwise). */
  memoryMb?: number;
  /** Replicas behind the balancer (the topology's `replicas` otherwise). */
  replicas?: number;
  databases?: ServiceDatabase[];
  metrics?: ServiceMetrics;
}

export const SERVICE_FIELDS = [
  'image',
  'build',
  'command',
  'env',
  'port',
  'healthPath',
  'readyTimeoutMs',
  'cpus',
  'memoryMb',
  'replicas',
  'databases',
  'metrics',
] as const;

export const DEFAULT_HEALTH_PATH = '/health';
export const DEFAULT_READY_TIMEOUT_MS = 60_000;

/** The health path of whatever service a topology runs. */
export const healthPathOf = (service: ServiceConfig | undefined): string => service?.healthPath ?? DEFAULT_HEALTH_PATH;

/** Where the image of a `build` service comes from, keyed for ImageSet.services. */
export const buildKey = (dir: string): string => `build:${dir}`;
