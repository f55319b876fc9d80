import { readFileSync } from 'node:fs';

const manifest = (): { version: string; engines?: { node?: string } } =>
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string; engines?: { node?: string } };

/** The package version, from package.json. */
export function benchVersion(): string {
  return manifest().version;
}

/** The oldest Node bench runs on, from package.json's `engines.node` (`>=22.19`): one number for every check. */
export function nodeFloor(): string {
  return /(\d+\.\d+)/.exec(manifest().engines?.node ?? '')?.[1] ?? '22.19';
}
