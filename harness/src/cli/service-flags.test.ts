import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors/bench-error.ts';
import type { TopologyConfig } from '../topology/registry.ts';
import { checkUpService, serviceFromFlags } from './service-flags.ts';

const issuesOf = async (p: Promise<unknown> | (() => unknown)): Promise<string[]> => {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (error) {
    if (error instanceof BenchError && error.code === 'bad-input') return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
};

describe('--service-* flags', () => {
  it('make a partial service, env split at the first =', () => {
    expect(serviceFromFlags({})).toBeUndefined();
    expect(
      serviceFromFlags({
        serviceImage: 'api:1',
        serviceEnv: ['DATABASE_URL={postgres.url}/app?x=1', 'PORT={port}'],
        serviceHealth: '/healthz',
      }),
    ).toEqual({
      image: 'api:1',
      env: { DATABASE_URL: '{postgres.url}/app?x=1', PORT: '{port}' },
      healthPath: '/healthz',
    });
  });

  it('refuse what is not a service, every problem at once', async () => {
    expect(await issuesOf(() => serviceFromFlags({ serviceImage: 'a:1', serviceBuild: '.', serviceEnv: ['NOEQUALS', '=x'] }))).toEqual([
      '--service-env: "NOEQUALS" is not KEY=VALUE',
      '--service-env: "=x" is not KEY=VALUE',
      '--service-image: and --service-build both name the service',
    ]);
  });

  it('bench up: a placeholder the kind lacks, or a reference switch, is refused before anything starts, named by its flag', async () => {
    const up = (config: Record<string, unknown>) => checkUpService(config as unknown as TopologyConfig);
    expect(await issuesOf(up({ kind: 'lb', service: { image: 'a:1', env: { PORT: '{port}' } } }))).toEqual([]);
    expect(await issuesOf(up({ kind: 'single', service: { image: 'a:1', env: { R: '{redis.url}' } } }))).toEqual([
      '--service-env R: {redis.url} is not something this topology has',
    ]);
    expect(await issuesOf(up({ kind: 'cache', cacheMode: 'swr', service: { image: 'a:1' } }))).toEqual([
      '--cache-mode: is a switch of the reference task-api, which this experiment replaces with its own service',
    ]);
  });
});
