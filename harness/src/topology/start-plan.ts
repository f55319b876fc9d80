// Starts a plan stage by stage through the runtime, creating Toxiproxy edges as soon as Toxiproxy is up.
import { connectToxiproxy } from '../fault/toxiproxy/toxiproxy-api.ts';
import { infraError } from '../errors/bench-error.ts';
import type { Logger } from '../log/logger.ts';
import type { Runtime, StartedContainer } from '../runtime/runtime.ts';
import type { TopologyPlan } from './plan.ts';
import type { StartedTopology } from './topology.ts';

export async function startPlan(plan: TopologyPlan, runtime: Runtime, logger: Logger, signal?: AbortSignal): Promise<StartedTopology> {
  const containers = new Map<string, StartedContainer>();
  const toxiproxy = connectToxiproxy(plan.toxiproxyApiUrl);
  let proxiesCreated = false;
  for (const [index, stage] of plan.stages.entries()) {
    if (signal?.aborted) throw signal.reason;
    logger.step(`starting ${stage.map((s) => s.role).join(', ')}`);
    const started = await Promise.all(stage.map((spec) => runtime.start(spec)));
    for (const container of started) containers.set(container.role, container);
    if (!proxiesCreated && stage.some((s) => s.role === 'toxiproxy')) {
      await toxiproxy.createProxies(plan.proxies);
      for (const toxic of plan.standingToxics) await toxiproxy.addToxic(toxic.edge, toxic);
      proxiesCreated = true;
    }
    logger.debug(`stage ${index + 1}/${plan.stages.length} ready`);
  }
  return {
    kind: plan.kind,
    parameters: plan.parameters,
    endpoints: plan.endpoints,
    entryUrl: plan.entryUrl,
    serviceUrls: plan.serviceUrls,
    workerUrls: plan.workerUrls,
    containers,
    toxiproxy,
    async flushCache() {
      if (plan.cacheFlush.length === 0) throw infraError(`topology ${plan.kind} has no cache to flush`, 'use a topology with a cache (cache, replicas, sharded, regions, queue)');
      for (const flush of plan.cacheFlush) {
        const container = containers.get(flush.role);
        if (!container) throw infraError(`no container ${flush.role} to flush`, 'this is a bug in the topology plan');
        const result = await container.exec(flush.cmd);
        if (result.exitCode !== 0 || !/OK/.test(result.output)) {
          throw infraError(`flushing the cache in ${flush.role} failed: ${result.output.trim()}`, `check the ${flush.role} container's logs`);
        }
      }
    },
  };
}
