// One replica of the experiment's own service as a container spec.
import { badInput, type Issue } from '../../errors/bench-error.ts';
import type { ContainerSpec } from '../../runtime/runtime.ts';
import type { PlanContext } from '../plan.ts';
import { fillPlaceholders, placeholderList, unfilledPlaceholders, type Bindings } from './placeholders.ts';
import { DEFAULT_READY_TIMEOUT_MS, buildKey, healthPathOf, type ServiceConfig } from './service-config.ts';

/** Planned before its image is built (validation, compose): the build's tag is known only after `bench setup`. */
export const UNBUILT_IMAGE = 'bench/service:unbuilt';

export function serviceImage(ctx: PlanContext, service: ServiceConfig): string {
  if (service.image !== undefined) return service.image;
  return ctx.images.services?.[buildKey(service.build!)] ?? UNBUILT_IMAGE;
}

/**
 * The service's env and the experiment's serviceEnv, placeholders filled. A placeholder this topology cannot
 * fill is the user's mistake, found here at plan time, which validation runs before anything starts.
 */
export function serviceEnvOf(
  service: ServiceConfig,
  serviceEnv: Record<string, string> | undefined,
  bindings: Bindings,
): Record<string, string> {
  return filled({ ...service.env, ...serviceEnv }, bindings, (variable) => `topology.service.env.${variable}`);
}

/** The command with the same placeholders filled (e.g. `--port={port}` for a server that takes no env). */
export function serviceCommandOf(service: ServiceConfig, bindings: Bindings): string[] | undefined {
  if (!service.command) return undefined;
  const args = filled(
    Object.fromEntries(service.command.map((arg, i) => [String(i), arg])),
    bindings,
    (i) => `topology.service.command[${i}]`,
  );
  return service.command.map((_, i) => args[String(i)]!);
}

function filled(values: Record<string, string>, bindings: Bindings, pathOf: (key: string) => string): Record<string, string> {
  const names = new Set(Object.keys(bindings));
  const unfilled = unfilledPlaceholders(values, names);
  if (unfilled.length > 0) {
    const issues: Issue[] = unfilled.map((u) => ({
      path: pathOf(u.variable),
      message: `{${u.placeholder}} is not something this topology has`,
      hint: `use one of ${placeholderList([...names].sort())}, or a topology kind that has it`,
    }));
    throw badInput('the service names a placeholder the topology cannot fill; nothing was started', undefined, issues);
  }
  return fillPlaceholders(values, bindings);
}

export function serviceSpec(
  image: string,
  service: ServiceConfig,
  o: { role: string; port: number; cpus: number; memoryBytes: number; env: Record<string, string>; cmd?: string[] | undefined },
): ContainerSpec {
  return {
    role: o.role,
    image,
    ...(o.cmd ? { cmd: o.cmd } : {}),
    env: o.env,
    cpus: o.cpus,
    memoryBytes: o.memoryBytes,
    wait: {
      kind: 'http',
      url: `http://127.0.0.1:${o.port}${healthPathOf(service)}`,
      timeoutMs: service.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    },
  };
}
