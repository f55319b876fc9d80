import type { ImageSet } from '../../runtime/images.ts';
import type { ContainerSpec } from '../../runtime/runtime.ts';

export interface TaskApiOptions {
  role: string;
  port: number;
  cpus: number;
  memoryBytes?: number;
  /** Dependencies and switches (DATABASE_URL, REDIS_URL, CACHE_MODE, ...), passed as environment. */
  env?: Record<string, string>;
}

/** One replica of the reference service (targets/task-api). */
export function taskApiSpec(images: ImageSet, options: TaskApiOptions): ContainerSpec {
  return {
    role: options.role,
    image: images.taskApi,
    cmd: ['node', '/app/server.js'],
    env: {
      PORT: String(options.port),
      HOST: '127.0.0.1',
      INSTANCE_ID: options.role,
      ...options.env,
    },
    cpus: options.cpus,
    ...(options.memoryBytes ? { memoryBytes: options.memoryBytes } : {}),
    // Seeding 100k rows happens on first start, under the CPU limit: allow for it.
    wait: { kind: 'http', url: `http://127.0.0.1:${options.port}/health`, timeoutMs: 120_000 },
  };
}
