// The narrow interface the orchestrator and topologies use; docker/ is its only implementation so far.
import type { Logger } from '../log/logger.ts';

export type WaitStrategy =
  | { kind: 'http'; url: string; expectStatus?: number }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'log'; pattern: RegExp }
  | { kind: 'command'; cmd: string[] };

export interface ContainerSpec {
  /** Role in the topology, e.g. `postgres`, `redis`, `service-1`. Becomes a label and part of the name. */
  role: string;
  image: string;
  cmd?: string[];
  entrypoint?: string[];
  env?: Record<string, string>;
  user?: string;
  /** CPU limit in cores (e.g. 0.5). */
  cpus?: number;
  memoryBytes?: number;
  /** How to tell the container is ready, and how long to wait. */
  wait?: WaitStrategy & { timeoutMs?: number };
  labels?: Record<string, string>;
  /**
   * A directory the command creates on first start when it is missing, and uses as it is when present (e.g. an
   * initialized PostgreSQL data directory). `path` must hold a pristine copy once the container is ready; the
   * runtime may keep it and put it into later containers of the same image and `key` before they start.
   */
  preparedDir?: { path: string; key: string };
}

export interface ContainerStats {
  cpuPercent: number;
  memoryBytes: number;
}

export interface StartedContainer {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  exec(cmd: string[], options?: { user?: string; timeoutMs?: number }): Promise<{ exitCode: number; output: string }>;
  kill(signal?: string): Promise<void>;
  pause(): Promise<void>;
  unpause(): Promise<void>;
  stop(timeoutSec?: number): Promise<void>;
  restart(): Promise<void>;
  remove(): Promise<void>;
  stats(): Promise<ContainerStats>;
  logs(tailLines?: number): Promise<string>;
  /** CPU limit in cores; 0 when unlimited. */
  cpus(): Promise<number>;
  /** 0 removes the limit. */
  updateCpus(cpus: number): Promise<void>;
}

export interface Runtime {
  /** Run id written into every container's labels. */
  readonly runId: string;
  start(spec: ContainerSpec): Promise<StartedContainer>;
  /** Remove every container this runtime started (idempotent). */
  removeAll(): Promise<void>;
  /** Remove containers left by runs whose process is gone. Returns how many were removed. */
  sweepOrphans(): Promise<number>;
  serverVersion(): Promise<string>;
}

export interface RuntimeOptions {
  runId: string;
  logger: Logger;
  /** Extra labels on every container (e.g. `bench.keep`). */
  labels?: Record<string, string>;
  /** CPUs every container may run on (Docker CpusetCpus, e.g. "0"): the stack's side of the CPU split. */
  cpusetCpus?: string;
  /**
   * One part of the run (e.g. the variant's position): in the containers' names and labels, and `removeAll`
   * removes only this part's, so the next part's containers can start while these are being removed.
   */
  scope?: string;
}
