import type { ImageSet } from '../../runtime/images.ts';
import type { ContainerSpec } from '../../runtime/runtime.ts';

/** Redis without persistence: a cache, as the playbook uses it. */
export function redisSpec(images: ImageSet, options: { port: number; maxMemoryMb?: number }): ContainerSpec {
  const { port } = options;
  return {
    role: 'redis',
    image: images.redis,
    cmd: [
      'redis-server',
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory',
      `${options.maxMemoryMb ?? 256}mb`,
      '--maxmemory-policy',
      'allkeys-lru',
    ],
    wait: { kind: 'command', cmd: ['redis-cli', '-p', String(port), 'ping'], timeoutMs: 30_000 },
  };
}

/** A command through redis-cli inside the container (FLUSHALL, DEL ...): cache faults need no Redis client here. */
export const redisCliCommand = (port: number, ...args: string[]): string[] => ['redis-cli', '-p', String(port), ...args];
