// CPU limits for the containers around the service (PostgreSQL, Redis, HAProxy, Toxiproxy), by role, from a
// plan's resolved parameters. Pure. The service replicas and workers already carry `serviceCpus`.
import type { ContainerSpec } from '../runtime/runtime.ts';
import type { TopologyPlan } from './plan.ts';

const LIMITS: ReadonlyArray<{ param: string; matches: (role: string) => boolean }> = [
  { param: 'dbCpus', matches: (r) => r.startsWith('postgres') },
  { param: 'cacheCpus', matches: (r) => r === 'redis' || r === 'queue' || r.startsWith('redis-') },
  { param: 'balancerCpus', matches: (r) => r.startsWith('haproxy') },
  { param: 'proxyCpus', matches: (r) => r === 'toxiproxy' },
];

export function supportCpusFor(role: string, parameters: Record<string, unknown>): number | undefined {
  for (const { param, matches } of LIMITS) {
    const cpus = parameters[param];
    if (matches(role) && typeof cpus === 'number' && cpus > 0) return cpus;
  }
  return undefined;
}

export function limitSupportCpus(plan: TopologyPlan): TopologyPlan {
  const limit = (spec: ContainerSpec): ContainerSpec => {
    const cpus = spec.cpus === undefined ? supportCpusFor(spec.role, plan.parameters) : undefined;
    return cpus === undefined ? spec : { ...spec, cpus };
  };
  return { ...plan, stages: plan.stages.map((stage) => stage.map(limit)) };
}
