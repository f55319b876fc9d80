// Which container images a run uses. Importable without dockerode: topologies take an ImageSet, and only
// runtime/docker/images/ knows how to produce one.
import { badInput } from '../errors/bench-error.ts';
import { findExecutable, systemDirs } from '../host/which.ts';

/** `local`: built on this machine from Debian packages, no registry. `official`: pinned upstream images, pulled. */
export type ImageFlavor = 'local' | 'official';

export const imageFlavors: readonly ImageFlavor[] = ['local', 'official'];

/** Image references for every role a topology can have. With `local`, postgres, redis and haproxy share one image. */
export interface ImageSet {
  flavor: ImageFlavor;
  postgres: string;
  redis: string;
  haproxy: string;
  toxiproxy: string;
  taskApi: string;
  /** The experiments' own services built from a Dockerfile: `build:<dir>` -> the built image's tag. */
  services?: Record<string, string>;
}

/** Pinned upstream tags for the `official` flavor (the task API is still built locally, FROM node:24-bookworm-slim). */
export const officialImages = {
  postgres: 'postgres:16.4-bookworm',
  redis: 'redis:7.4-bookworm',
  haproxy: 'haproxy:3.0-bookworm',
  toxiproxy: 'ghcr.io/shopify/toxiproxy:2.12.0',
} as const;

export function parseFlavor(value: string, source: string): ImageFlavor {
  const flavor = imageFlavors.find((f) => f === value.trim().toLowerCase());
  if (!flavor) {
    throw badInput(`${source} is "${value}", which is not an image flavor`, `use one of: ${imageFlavors.join(', ')}`);
  }
  return flavor;
}

export interface FlavorChoice {
  flavor: ImageFlavor;
  /** Why this flavor, for the log: the option, the environment, or the default for this machine. */
  reason: string;
}

/**
 * The option beats BENCH_IMAGES, which beats the machine default: `local` where Debian tooling can build images
 * offline, else `official`. Never decided by probing a registry.
 */
export function selectFlavor(input: { option?: string | undefined; env?: string | undefined; canBuildLocal: boolean }): FlavorChoice {
  if (input.option !== undefined && input.option.length > 0) {
    return { flavor: parseFlavor(input.option, '--images'), reason: '--images option' };
  }
  if (input.env !== undefined && input.env.length > 0) {
    return { flavor: parseFlavor(input.env, 'BENCH_IMAGES'), reason: 'BENCH_IMAGES' };
  }
  return input.canBuildLocal
    ? { flavor: 'local', reason: 'default here: Debian tooling (apt-get/mmdebstrap) can build images offline' }
    : { flavor: 'official', reason: 'default here: no apt-get/mmdebstrap to build images locally' };
}

/** Linux with mmdebstrap, or root with apt-get to install it. */
export function canBuildLocalImages(): boolean {
  if (process.platform !== 'linux') return false;
  if (findExecutable('mmdebstrap', systemDirs)) return true;
  return process.getuid?.() === 0 && findExecutable('apt-get', systemDirs) !== undefined;
}

/** selectFlavor with this process's environment and machine. */
export function chooseFlavor(option?: string): FlavorChoice {
  return selectFlavor({ option, env: process.env.BENCH_IMAGES, canBuildLocal: canBuildLocalImages() });
}
