// Topology parameters as data: one declaration gives defaults, validation, `bench ls` and `bench up` flags.
export type ParamSpec =
  | { type: 'int'; default: number; min: number; max: number; describe: string }
  | { type: 'number'; default: number; min: number; max: number; describe: string }
  | { type: 'enum'; default: string; values: readonly string[]; describe: string };

export type ParamSpecs = Record<string, ParamSpec>;

export type ParamValues<S extends ParamSpecs> = { [K in keyof S]: S[K] extends { type: 'enum' } ? string : number };

/** Parameters every topology with the reference service takes. */
export const SERVICE_PARAMS = {
  serviceCpus: { type: 'number', default: 0.5, min: 0.05, max: 64, describe: 'CPU limit per service replica, in cores' },
  serviceMemoryMb: { type: 'int', default: 256, min: 32, max: 65_536, describe: 'memory limit per service replica, MiB' },
  dbPoolMax: { type: 'int', default: 10, min: 1, max: 500, describe: 'database connections per replica' },
  seedUsers: { type: 'int', default: 10_000, min: 1, max: 10_000_000, describe: 'users seeded into the database' },
  seedTasks: { type: 'int', default: 100_000, min: 0, max: 100_000_000, describe: 'tasks seeded into the database' },
  // 0 = unlimited, the default: figures of experiments that never set them stay comparable. The scaling ladder
  // sets them so the part each rung relieves is the one at its limit (topology/support-cpus.ts applies them).
  dbCpus: {
    type: 'number',
    default: 0,
    min: 0,
    max: 64,
    describe: 'CPU limit per PostgreSQL container (primary, replica, shard), cores; 0: none',
  },
  cacheCpus: {
    type: 'number',
    default: 0,
    min: 0,
    max: 64,
    describe: 'CPU limit per Redis container (cache, queue broker), cores; 0: none',
  },
  balancerCpus: { type: 'number', default: 0, min: 0, max: 64, describe: 'CPU limit of HAProxy, cores; 0: none' },
  proxyCpus: { type: 'number', default: 0, min: 0, max: 64, describe: 'CPU limit of Toxiproxy, cores; 0: none' },
} as const satisfies ParamSpecs;

export const BALANCER_PARAMS = {
  replicas: { type: 'int', default: 2, min: 1, max: 16, describe: 'service replicas behind the balancer' },
  healthIntervalMs: { type: 'int', default: 1000, min: 100, max: 60_000, describe: 'HAProxy health check interval, ms' },
  healthRise: { type: 'int', default: 2, min: 1, max: 100, describe: 'successful checks before a replica is marked up' },
  healthFall: { type: 'int', default: 3, min: 1, max: 100, describe: 'failed checks before a replica is marked down' },
  lbRetries: { type: 'int', default: 0, min: 0, max: 10, describe: 'HAProxy retries with redispatch to another replica (0: off)' },
} as const satisfies ParamSpecs;

export const CACHE_PARAMS = {
  cacheMode: { type: 'enum', default: 'aside', values: ['aside', 'coalesce', 'xfetch', 'swr', 'off'], describe: 'service cache mode' },
  cacheTtlSec: { type: 'int', default: 60, min: 1, max: 86_400, describe: 'cache entry lifetime, seconds' },
} as const satisfies ParamSpecs;

/** Defaults overlaid with the given values (already validated). */
export function resolveParams<S extends ParamSpecs>(specs: S, given: Record<string, unknown>): ParamValues<S> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) out[key] = given[key] ?? spec.default;
  return out as ParamValues<S>;
}

/** Problems with one parameter value, as a sentence; null when it is fine. */
export function checkParam(spec: ParamSpec, value: unknown): string | null {
  if (spec.type === 'enum') {
    return typeof value === 'string' && spec.values.includes(value)
      ? null
      : `must be one of ${spec.values.map((v) => `"${v}"`).join(', ')}`;
  }
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= spec.min &&
    value <= spec.max &&
    (spec.type === 'number' || Number.isInteger(value));
  return ok ? null : `must be ${spec.type === 'int' ? 'an integer' : 'a number'} from ${spec.min} to ${spec.max}`;
}
