// `bench setup` and the automatic check before `bench run`: a Docker engine that answers, then every image
// of the chosen flavor, building only what is missing. Idempotent; every step is printed.
import { badInput } from '../errors/bench-error.ts';
import type { Logger } from '../log/logger.ts';
import { createDockerClient } from '../runtime/docker/client.ts';
import { ensureImages } from '../runtime/docker/images/ensure-images.ts';
import { ensureServiceImages } from '../runtime/docker/images/service-image.ts';
import type { ServiceConfig } from '../topology/service/service-config.ts';
import type { TaskApiBundler } from '../runtime/docker/images/task-api-image.ts';
import { chooseFlavor, type FlavorChoice, type ImageSet } from '../runtime/images.ts';
import { ensureEngine, type EnsuredEngine } from './engine.ts';
import { ensureK6 } from './k6.ts';

/** Extra tools `--with` can provision. */
export const extraTools = ['k6'] as const;
export type ExtraTool = (typeof extraTools)[number];

export interface SetupOptions {
  logger: Logger;
  /** `local` | `official`; BENCH_IMAGES, then the machine default, apply when absent. */
  flavor?: string;
  /** Optional extras, e.g. ['k6']. */
  with?: string[];
  /** For tests: a stand-in for targets/task-api/bundle.ts. */
  bundleTaskApi?: TaskApiBundler;
}

export interface SetupResult {
  engine: EnsuredEngine;
  flavor: FlavorChoice;
  images: ImageSet;
  /** Paths of the extra tools provisioned, by name. */
  tools: Partial<Record<ExtraTool, string>>;
  durationMs: number;
}

export async function runSetup(options: SetupOptions): Promise<SetupResult> {
  const started = performance.now();
  const { logger } = options;
  const extras = parseExtras(options.with ?? []);
  const flavor = chooseFlavor(options.flavor);
  const engine = await ensureEngine(logger);
  logger.step(`images: ${flavor.flavor} (${flavor.reason})`);
  const images = await ensureImages({
    flavor: flavor.flavor,
    logger,
    docker: createDockerClient(),
    ...(options.bundleTaskApi ? { bundleTaskApi: options.bundleTaskApi } : {}),
  });
  const tools: SetupResult['tools'] = {};
  if (extras.includes('k6')) tools.k6 = await ensureK6(logger);
  return { engine, flavor, images, tools, durationMs: performance.now() - started };
}

/**
 * What `bench run` calls before it starts anything: the same as `bench setup`, which prints one line per
 * component when all is up to date and builds only what is missing.
 */
export async function ensureReady(
  logger: Logger,
  options: { flavor?: string; services?: readonly ServiceConfig[] } = {},
): Promise<{ engine: EnsuredEngine; images: ImageSet }> {
  const result = await runSetup({ logger, ...(options.flavor ? { flavor: options.flavor } : {}) });
  const services = options.services ?? [];
  const images = services.length ? await ensureServiceImages(createDockerClient(), logger, result.images, services) : result.images;
  return { engine: result.engine, images };
}

export function parseExtras(values: readonly string[]): ExtraTool[] {
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  const unknown = names.filter((n) => !(extraTools as readonly string[]).includes(n));
  if (unknown.length > 0) throw badInput(`--with ${unknown.join(', ')}: unknown tool`, `choose from: ${extraTools.join(', ')}`);
  return names as ExtraTool[];
}
