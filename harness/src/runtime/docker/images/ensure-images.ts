// Makes every image of a flavor present, building or pulling only what is missing. Tags are content hashes,
// so "present" means "up to date" and a second `bench setup` builds nothing.
import { existsSync, readFileSync } from 'node:fs';
import { infraError } from '../../../errors/bench-error.ts';
import { benchCacheDir } from '../../../host/cache-dir.ts';
import { indentTail } from '../../../host/exec.ts';
import type { Logger } from '../../../log/logger.ts';
import type { ImageFlavor, ImageSet } from '../../images.ts';
import type { Docker } from '../client.ts';
import { imageExists, listRepoTags, pullImage, removeOtherTags } from './docker-ops.ts';
import { planImages, type ImagePlan, type PlannedImage } from './plan.ts';
import { buildStackImage } from './stack-image.ts';
import {
  buildLocalTaskApiImage,
  buildOfficialTaskApiImage,
  bundleTaskApiBytes,
  loadDefaultBundler,
  officialDockerfilePath,
  type TaskApiBundler,
} from './task-api-image.ts';
import { buildToxiproxyImage } from './toxiproxy-image.ts';

export interface EnsureImagesOptions {
  flavor: ImageFlavor;
  logger: Logger;
  docker: Docker;
  /** Defaults to bundleTaskApi from targets/task-api/bundle.ts (tests pass a stand-in). */
  bundleTaskApi?: TaskApiBundler;
  /** The Node binary copied into the local task-api image; defaults to the one running bench. */
  nodeBinary?: string;
  /** Where host-side build products (toxiproxy-server) are cached; defaults to ~/.cache/bench. */
  cacheDir?: string;
}

interface ResolvedPlan {
  plan: ImagePlan;
  bundle: Buffer;
  /**
   * Why the task API could not be bundled (e.g. its source is mid-edit). The other images are still ensured;
   * the task-api entry of the plan is then meaningless and skipped.
   */
  bundleError: unknown;
  officialDockerfile: Buffer | undefined;
}

async function resolve(options: Pick<EnsureImagesOptions, 'flavor' | 'logger' | 'bundleTaskApi'>): Promise<ResolvedPlan> {
  const bundler = options.bundleTaskApi ?? (await loadDefaultBundler());
  let bundle: Buffer = Buffer.alloc(0);
  let bundleError: unknown;
  try {
    bundle = await bundleTaskApiBytes(bundler, options.logger);
  } catch (error) {
    bundleError = error;
  }
  let officialDockerfile: Buffer | undefined;
  if (options.flavor === 'official') {
    if (!existsSync(officialDockerfilePath)) {
      throw infraError(
        `the official flavor builds the task API from ${officialDockerfilePath}, which does not exist`,
        'restore targets/task-api/Dockerfile, or use `--images local`',
      );
    }
    officialDockerfile = readFileSync(officialDockerfilePath);
  }
  const plan = planImages({
    flavor: options.flavor,
    bundle,
    nodeVersion: process.version,
    ...(officialDockerfile ? { officialDockerfile } : {}),
  });
  return { plan, bundle, bundleError, officialDockerfile };
}

export async function ensureImages(options: EnsureImagesOptions): Promise<ImageSet> {
  const { docker, logger } = options;
  const cacheDir = options.cacheDir ?? benchCacheDir();
  const resolved = await resolve(options);
  const { plan } = resolved;
  const stackRef = plan.images.find((image) => image.component === 'stack')?.ref;
  const skipped = (image: PlannedImage): boolean => image.component === 'task-api' && resolved.bundleError !== undefined;
  for (const image of plan.images) {
    if (skipped(image)) {
      logger.warn(`image ${image.serves}: cannot bundle the task API, so its image is not checked (error below)`);
      continue;
    }
    if (await imageExists(docker, image.ref)) {
      logger.step(`image ${image.ref} (${image.serves}): up to date`);
      continue;
    }
    const started = performance.now();
    logger.step(`image ${image.ref} (${image.serves}): missing, ${image.how === 'pull' ? 'pulling' : 'building'}`);
    await provision(image, { ...options, ...resolved, cacheDir, stackRef });
    if (!(await imageExists(docker, image.ref))) {
      throw infraError(
        `${image.ref} is still missing after it was built`,
        'look at the build output above (run with --verbose) and the engine log',
      );
    }
    logger.info(`${image.ref} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  // Children first: an old stack image cannot go while old images built FROM it remain.
  for (const image of [...plan.images].reverse()) {
    if (image.how === 'pull' || skipped(image)) continue;
    const { removed, kept } = await removeOtherTags(docker, image.repo, image.ref);
    if (removed.length > 0) logger.step(`removed outdated ${removed.join(', ')}`);
    if (kept.length > 0) logger.debug(`kept outdated ${kept.join(', ')} (in use by a container or a base of other images)`);
  }
  if (resolved.bundleError !== undefined) throw resolved.bundleError;
  return plan.set;
}

async function provision(
  image: PlannedImage,
  context: EnsureImagesOptions & ResolvedPlan & { cacheDir: string; stackRef: string | undefined },
): Promise<void> {
  const { docker, logger } = context;
  const hash = image.hash ?? '';
  switch (image.component) {
    case 'stack':
      return buildStackImage({ docker, logger, hash });
    case 'toxiproxy':
      if (image.how === 'pull') return pull(docker, logger, image.ref);
      return buildToxiproxyImage({ docker, logger, cacheDir: context.cacheDir, stackRef: need(context.stackRef), repo: image.repo, hash });
    case 'task-api': {
      const { bundle } = context;
      if (context.plan.flavor === 'local') {
        return buildLocalTaskApiImage({
          docker,
          logger,
          stackRef: need(context.stackRef),
          tag: image.ref,
          hash,
          bundle,
          nodeBinary: context.nodeBinary ?? process.execPath,
        });
      }
      return buildOfficialTaskApiImage({ docker, logger, tag: image.ref, hash, bundle, dockerfile: need(context.officialDockerfile) });
    }
    default:
      return pull(docker, logger, image.ref);
  }
}

async function pull(docker: Docker, logger: Logger, ref: string): Promise<void> {
  logger.step(`docker pull ${ref}`);
  let outcome: Awaited<ReturnType<typeof pullImage>>;
  try {
    outcome = await pullImage(docker, ref, (line) => logger.debug(line));
  } catch (error) {
    throw pullFailed(ref, error instanceof Error ? error.message : String(error), '');
  }
  if (outcome.error !== undefined) throw pullFailed(ref, outcome.error, outcome.tail);
}

function pullFailed(ref: string, message: string, tail: string): Error {
  return infraError(
    `docker pull ${ref} failed: ${message}${tail ? `\n${indentTail(tail)}` : ''}`,
    'the official flavor needs a reachable registry; on a machine without one use `bench setup --images local`',
  );
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('internal: the image plan lacks an input this build needs');
  return value;
}

export interface ImageStatus {
  image: PlannedImage;
  present: boolean;
  /** Other tags of the same repository found locally (older builds), when this one is missing. */
  otherTags: string[];
  /** Why the image's tag could not be worked out (task API bundling failed). */
  error?: unknown;
}

/** For `bench doctor`: what is present, what is missing or outdated. Changes nothing. */
export async function inspectImages(options: {
  flavor: ImageFlavor;
  logger: Logger;
  docker: Docker;
  bundleTaskApi?: TaskApiBundler;
}): Promise<ImageStatus[]> {
  const { plan, bundleError } = await resolve(options);
  const statuses: ImageStatus[] = [];
  for (const image of plan.images) {
    if (image.component === 'task-api' && bundleError !== undefined) {
      statuses.push({ image, present: false, otherTags: [], error: bundleError });
      continue;
    }
    const present = await imageExists(options.docker, image.ref);
    const otherTags = present ? [] : (await listRepoTags(options.docker, image.repo)).filter((tag) => tag !== image.ref);
    statuses.push({ image, present, otherTags });
  }
  return statuses;
}
