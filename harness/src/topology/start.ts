// Plans a topology on free loopback ports and starts it.
import type { Logger } from '../log/logger.ts';
import type { ImageSet } from '../runtime/images.ts';
import { allocatePort } from '../runtime/ports.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { topologyDefinition, type TopologyConfig } from './registry.ts';
import { startPlan } from './start-plan.ts';
import type { StartedTopology } from './topology.ts';

export async function startTopology(
  config: TopologyConfig,
  ctx: { runtime: Runtime; images: ImageSet; logger: Logger; signal?: AbortSignal },
): Promise<StartedTopology> {
  const definition = topologyDefinition(config.kind);
  // The registry's union is checked by validation; the generic definition takes any kind's config.
  const plan = await definition.plan(config as never, { images: ctx.images, port: () => allocatePort() });
  ctx.logger.step(`topology ${plan.kind}: ${definition.describe}`);
  return startPlan(plan, ctx.runtime, ctx.logger, ctx.signal);
}
