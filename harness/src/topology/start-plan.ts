// Starts a plan stage by stage through the runtime, creating Toxiproxy edges as soon as Toxiproxy is up.
import { connectToxiproxy } from '../fault/toxiproxy/toxiproxy-api.ts';
import { infraError } from '../errors/bench-error.ts';
import type { Logger } from '../log/logger.ts';
import type { Runtime, StartedContainer } from '../runtime/runtime.ts';
import type { TopologyPlan } from './plan.ts';
import { redisCliCommand } from './roles/redis.ts';
import { createServiceDatabases } from './service/service-databases.ts';
import type { StartedTopology } from './topology.ts';

export async function startPlan(plan: TopologyPlan, runtime: Runtime, logger: Logger, signal?: AbortSignal): Promise<StartedTopology> {
  const containers = new Map<string, StartedContainer>();
  const toxiproxy = connectToxiproxy(plan.toxiproxyApiUrl);
  let proxiesCreated = false;
  let databasesCreated = false;
  for (const [index, stage] of plan.stages.entries()) {
    if (signal?.aborted) throw signal.reason;
    logger.step(`starting ${stage.map((s) => s.role).join(', ')}`);
    const stageStartMs = performance.now();
    const started = await Promise.all(stage.map((spec) => runtime.start(spec)));
    for (const container of started) containers.set(container.role, container);
    if (!proxiesCreated && stage.some((s) => s.role === 'toxiproxy')) {
      await toxiproxy.createProxies(plan.proxies);
      for (const toxic of plan.standingToxics) await toxiproxy.addToxic(toxic.edge, toxic);
      proxiesCreated = true;
    }
    if (!databasesCreated && plan.databases.servers.every((s) => containers.has(s.role))) {
      await createServiceDatabases(plan.databases.servers, plan.databases.create, containers, logger);
      databasesCreated = true;
    }
    logger.debug(`stage ${index + 1}/${plan.stages.length} ready in ${Math.round(performance.now() - stageStartMs)} ms`);
  }
  return startedTopology(plan, {
    containers,
    toxiproxy,
    flushCache: () => redisCli(plan, containers, ['FLUSHALL'], /OK/),
    // DEL answers the number of keys removed: any integer is success.
    deleteCacheKeys: (keys) => redisCli(plan, containers, ['DEL', ...keys], /^\(?(integer\))?\s*\d+/m),
  });
}

type Running = Pick<StartedTopology, 'containers' | 'toxiproxy' | 'flushCache' | 'deleteCacheKeys'>;

/** A plan's typed data with what runs it (the containers, Toxiproxy): the started topology. */
export function startedTopology(plan: TopologyPlan, running: Running): StartedTopology {
  return {
    kind: plan.kind,
    parameters: plan.parameters,
    endpoints: plan.endpoints,
    entryUrl: plan.entryUrl,
    serviceUrls: plan.serviceUrls,
    metricsUrls: plan.metricsUrls,
    serviceMetrics: plan.serviceMetrics,
    healthPath: plan.healthPath,
    postgres: plan.postgres,
    redis: plan.redis,
    balancers: plan.balancers,
    workerUrls: plan.workerUrls,
    proxies: plan.proxies,
    ...running,
  };
}

async function redisCli(plan: TopologyPlan, containers: ReadonlyMap<string, StartedContainer>, args: string[], ok: RegExp): Promise<void> {
  if (plan.caches.length === 0)
    throw infraError(`topology ${plan.kind} has no cache`, 'use a topology with a cache (cache, replicas, sharded, regions, queue)');
  for (const cache of plan.caches) {
    const container = containers.get(cache.role);
    if (!container) throw infraError(`no container ${cache.role}`, 'this is a bug in the topology plan');
    const result = await container.exec(redisCliCommand(cache.port, ...args));
    if (result.exitCode !== 0 || !ok.test(result.output)) {
      throw infraError(`redis-cli ${args[0]} in ${cache.role} failed: ${result.output.trim()}`, `check the ${cache.role} container's logs`);
    }
  }
}
