// A directory a container's command creates on its first start and reuses when present (an initialized
// PostgreSQL data directory): the first container to create it leaves a pristine copy that is archived on the
// host, keyed by the image id and the spec's key; later containers get it put in before they start, and skip
// the work. Anything wrong with the copy falls back to the container doing the work itself.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import type { Logger } from '../../log/logger.ts';
import type { ContainerSpec } from '../runtime.ts';

export interface PreparedDirs {
  /** Before start: puts the archived directory into the container; false when there is none yet (or it failed). */
  putInto(container: Docker.Container, spec: ContainerSpec): Promise<boolean>;
  /** After the container became ready without a copy: archives the directory it created. */
  capture(container: Docker.Container, spec: ContainerSpec): Promise<void>;
  /** The container did not become ready with a copy: drop it, so the next start does the work itself. */
  discard(spec: ContainerSpec): Promise<void>;
}

/** The cache file for one image and key: both are in the name, so a rebuilt image never gets an old copy. */
export function preparedArchiveName(imageId: string, key: string): string {
  const digest = createHash('sha256').update(`${imageId}\n${key}`).digest('hex').slice(0, 16);
  return `${digest}.tar`;
}

export function createPreparedDirs(options: { docker: Docker; cacheDir: string; logger: Logger }): PreparedDirs {
  const { docker, logger } = options;
  const dir = join(options.cacheDir, 'prepared-dirs');
  const fileFor = async (spec: ContainerSpec): Promise<string | undefined> => {
    if (!spec.preparedDir) return undefined;
    const image = await docker.getImage(spec.image).inspect();
    return join(dir, preparedArchiveName(image.Id, spec.preparedDir.key));
  };
  return {
    async putInto(container, spec) {
      const file = await fileFor(spec);
      if (
        !file ||
        !(await stat(file).then(
          (s) => s.size > 0,
          () => false,
        ))
      )
        return false;
      try {
        // Into the parent directory: the archive holds the directory itself, with its owner and modes.
        await container.putArchive(createReadStream(file), { path: posix.dirname(spec.preparedDir!.path) });
        return true;
      } catch (error) {
        logger.debug(`${spec.role}: prepared ${spec.preparedDir!.path} not used (${String(error)}); the container prepares it itself`);
        return false;
      }
    },
    async capture(container, spec) {
      const file = await fileFor(spec);
      if (!file) return;
      const partial = `${file}.${process.pid}.partial`;
      try {
        await mkdir(dirname(file), { recursive: true });
        const archive = await container.getArchive({ path: spec.preparedDir!.path });
        await pipeline(archive, createWriteStream(partial));
        await rename(partial, file);
        logger.debug(`${spec.role}: kept a copy of ${spec.preparedDir!.path} for the next containers (${file})`);
      } catch (error) {
        await rm(partial, { force: true });
        logger.debug(`${spec.role}: could not keep a copy of ${spec.preparedDir!.path}: ${String(error)}`);
      }
    },
    async discard(spec) {
      const file = await fileFor(spec).catch(() => undefined);
      if (file) await rm(file, { force: true });
    },
  };
}
