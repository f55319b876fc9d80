// The experiments' own services: an `image` is used as it is (pulled if it is not here), a `build` directory is
// built with no network FROM a local base, tagged by the hash of everything in it, so an unchanged directory
// builds once.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { infraError } from '../../../errors/bench-error.ts';
import { indentTail } from '../../../host/exec.ts';
import type { Logger } from '../../../log/logger.ts';
import { buildKey, type ServiceConfig } from '../../../topology/service/service-config.ts';
import type { ImageSet } from '../../images.ts';
import type { Docker } from '../client.ts';
import { contentHash } from './content-hash.ts';
import { buildFromDir, imageExists, pullImage, removeOtherTags } from './docker-ops.ts';
import { labels } from './recipe.ts';

/** What a build's Dockerfile may start FROM: Debian bookworm (bench's own stack image offline; pulled with official images). */
export const baseImageOf = (images: ImageSet): string => (images.flavor === 'local' ? images.postgres : 'debian:bookworm-slim');

/** The images with `services` filled for every `build`; every `image` checked present (or pulled). */
export async function ensureServiceImages(
  docker: Docker,
  logger: Logger,
  images: ImageSet,
  services: readonly ServiceConfig[],
): Promise<ImageSet> {
  const built: Record<string, string> = { ...images.services };
  for (const service of services) {
    if (service.image !== undefined) await ensurePresent(docker, logger, service.image);
    else if (service.build !== undefined && built[buildKey(service.build)] === undefined) {
      built[buildKey(service.build)] = await buildService(docker, logger, service.build, baseImageOf(images));
    }
  }
  return Object.keys(built).length ? { ...images, services: built } : images;
}

async function ensurePresent(docker: Docker, logger: Logger, ref: string): Promise<void> {
  if (await imageExists(docker, ref)) return;
  logger.step(`docker pull ${ref} (the service's image is not on this machine)`);
  const outcome = await pullImage(docker, ref, (line) => logger.debug(line)).catch((error: Error) => ({ error: error.message, tail: '' }));
  if (outcome.error !== undefined) {
    throw infraError(
      `the service's image ${ref} is not on this machine and could not be pulled: ${outcome.error}`,
      'check the name; build or `docker load` it here, or give build: a directory with its Dockerfile',
    );
  }
}

async function buildService(docker: Docker, logger: Logger, dir: string, baseImage: string): Promise<string> {
  const name =
    basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9._-]/g, '-') || 'service';
  const hash = contentHash({ base: baseImage, ...directoryContents(dir) });
  const repo = `bench/service-${name}`;
  const tag = `${repo}:${hash}`;
  if (await imageExists(docker, tag)) return withoutOlderBuilds(docker, logger, repo, tag);
  logger.step(`docker build ${tag} from ${dir} (no network, BENCH_BASE_IMAGE=${baseImage})`);
  const outcome = await buildFromDir(docker, dir, {
    tag,
    labels: { [labels.contentHash]: hash, [labels.component]: 'service' },
    buildArgs: { BENCH_BASE_IMAGE: baseImage },
    noNetwork: true,
    onLine: (line) => logger.debug(line),
  });
  if (outcome.error !== undefined) {
    throw infraError(
      `docker build of the service in ${dir} failed: ${outcome.error}\n${indentTail(outcome.tail)}`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's ${BENCH_BASE_IMAGE}, printed as written
      'the build has no network: start FROM ${BENCH_BASE_IMAGE} (ARG BENCH_BASE_IMAGE) or another local image, and COPY what it needs',
    );
  }
  return withoutOlderBuilds(docker, logger, repo, tag);
}

/**
 * Builds from the directory's older contents go, so an image per edit does not pile up (one a container still
 * uses stays). Two build directories of the same name share the repository and evict each other's images: they
 * rebuild when used again, which costs time, not correctness.
 */
async function withoutOlderBuilds(docker: Docker, logger: Logger, repo: string, tag: string): Promise<string> {
  const { removed } = await removeOtherTags(docker, repo, tag);
  if (removed.length) logger.debug(`removed older builds: ${removed.join(', ')}`);
  return tag;
}

/** Every file under the directory by relative path (dot-directories such as .git skipped). */
function directoryContents(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (at: string): void => {
    for (const entry of readdirSync(at).sort()) {
      if (entry.startsWith('.') && statSync(join(at, entry)).isDirectory()) continue;
      const path = join(at, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out[`file:${relative(dir, path)}`] = readFileSync(path);
    }
  };
  walk(dir);
  return out;
}
