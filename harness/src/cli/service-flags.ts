// `--service-image/--service-build/--service-env/--service-health` for `bench up` and `bench run`: the system under
// test from the command line. Refused with exit 2 before anything starts when they do not make a service.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { BenchError, badInput, type Issue } from '../errors/bench-error.ts';
import { COMPOSE_IMAGES, fixedPorts } from '../topology/compose/render-compose.ts';
import { topologyDefinition, type TopologyConfig } from '../topology/registry.ts';
import type { ServiceConfig } from '../topology/service/service-config.ts';
import { validateService } from '../experiment/validate-service.ts';

export interface ServiceFlags {
  serviceImage?: string;
  serviceBuild?: string;
  serviceEnv?: string[];
  serviceHealth?: string;
}

export function addServiceOptions(command: Command): Command {
  return (
    command
      .option('--service-image <ref>', 'run this image as the service instead of the reference task-api (local or pullable)')
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's ${BENCH_BASE_IMAGE}, printed as written
      .option('--service-build <dir>', "build the service from this directory's Dockerfile (no network; FROM ${BENCH_BASE_IMAGE})")
      .option(
        '--service-env <KEY=VALUE...>',
        "the service's environment, with placeholders, e.g. DATABASE_URL={postgres.url}/app PORT={port}",
      )
      .option('--service-health <path>', 'GET on it answers 200 when the service is ready (default /health)')
  );
}

/** The flags as a partial service (paths absolute); undefined when none was given. */
export function serviceFromFlags(flags: ServiceFlags): Partial<ServiceConfig> | undefined {
  const issues: Issue[] = [];
  const env: Record<string, string> = {};
  for (const pair of flags.serviceEnv ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0)
      issues.push({
        path: '--service-env',
        message: `"${pair}" is not KEY=VALUE`,
        hint: 'e.g. --service-env DATABASE_URL={postgres.url}/app PORT={port}',
      });
    else env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  if (flags.serviceImage !== undefined && flags.serviceBuild !== undefined) {
    issues.push({ path: '--service-image', message: 'and --service-build both name the service', hint: 'give one of them' });
  }
  if (issues.length) throw badInput('bad --service options; nothing was started', undefined, issues);
  const service: Partial<ServiceConfig> = {
    ...(flags.serviceImage !== undefined ? { image: flags.serviceImage } : {}),
    ...(flags.serviceBuild !== undefined ? { build: resolve(flags.serviceBuild) } : {}),
    ...(Object.keys(env).length ? { env } : {}),
    ...(flags.serviceHealth !== undefined ? { healthPath: flags.serviceHealth } : {}),
  };
  return Object.keys(service).length ? service : undefined;
}

/** Everything about a `bench up` service that can be known before start: its fields, then the placeholders. */
export async function checkUpService(config: TopologyConfig): Promise<void> {
  if (!config.service) return;
  const issues = validateService(config.service, {
    topology: config as unknown as Record<string, unknown>,
    at: 'topology',
    baseDir: process.cwd(),
  }).map(asFlagIssue);
  if (issues.length === 0) {
    try {
      await topologyDefinition(config.kind).plan(config as never, { images: COMPOSE_IMAGES, port: fixedPorts() });
    } catch (error) {
      if (!(error instanceof BenchError) || error.code !== 'bad-input') throw error;
      issues.push(...error.issues.map(asFlagIssue));
    }
  }
  if (issues.length) throw badInput(`the service cannot run on topology ${config.kind}; nothing was started`, undefined, issues);
}

// `topology.service.env.X` reads as the flag that set it.
const asFlagIssue = (issue: Issue): Issue => ({
  ...issue,
  path: issue.path
    .replace(/^topology\.service\.env\.(.+)$/, '--service-env $1')
    .replace(/^topology\.service\.image$/, '--service-image')
    .replace(/^topology\.service\.build$/, '--service-build')
    .replace(/^topology\.service\.healthPath$/, '--service-health')
    .replace(/^topology\.service$/, '--service-image/--service-build')
    .replace(/^topology\.([a-zA-Z]+)$/, (_, p: string) => `--${p.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`),
});
