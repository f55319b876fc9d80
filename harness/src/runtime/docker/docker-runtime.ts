// Runtime on dockerode: containers on host networking (loopback ports), labelled with the run id.
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { infraError } from '../../errors/bench-error.ts';
import type { ContainerSpec, ContainerStats, Runtime, RuntimeOptions, StartedContainer } from '../runtime.ts';
import { httpProbe, tcpProbe } from '../wait/probes.ts';
import { waitUntil } from '../wait/wait-until.ts';
import { createDockerClient } from './client.ts';
import { demuxDockerStream, lastLines } from './demux.ts';
import { LABEL, PROJECT, containerLabels, containerName, isOrphan, processIsAlive } from './labels.ts';
import { createPreparedDirs } from './prepared-dir.ts';
import { benchCacheDir } from '../../host/cache-dir.ts';
import { cpuQuotaFor, cpusOf } from '../cpu-quota.ts';

const DEFAULT_WAIT_MS = 60_000;

export function createDockerRuntime(options: RuntimeOptions & { docker?: Docker }): Runtime {
  const docker = options.docker ?? createDockerClient();
  const started = new Map<string, DockerContainer>();
  const logger = options.logger;
  const prepared = createPreparedDirs({ docker, cacheDir: benchCacheDir(), logger });
  const scopeLabel: Record<string, string> = options.scope === undefined ? {} : { [LABEL.scope]: options.scope };
  const scopeFilter = options.scope === undefined ? [] : [`${LABEL.scope}=${options.scope}`];

  return {
    runId: options.runId,

    async start(spec: ContainerSpec, useCopy = true): Promise<StartedContainer> {
      const startMs = performance.now();
      await requireImage(docker, spec.image);
      const name = containerName(options.runId, spec.role, options.scope);
      const created = await docker.createContainer({
        name,
        Image: spec.image,
        ...(spec.cmd ? { Cmd: spec.cmd } : {}),
        ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
        Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
        ...(spec.user ? { User: spec.user } : {}),
        Labels: containerLabels(options.runId, spec.role, { ...scopeLabel, ...options.labels, ...spec.labels }),
        HostConfig: {
          NetworkMode: 'host',
          ...(spec.cpus ? quotaFields(spec.cpus) : {}),
          // The stack's CPUs, away from the load generator's (host/cpu-split.ts); the quota applies within them.
          ...(options.cpusetCpus ? { CpusetCpus: options.cpusetCpus } : {}),
          ...(spec.memoryBytes ? { Memory: spec.memoryBytes } : {}),
        },
      });
      const container = new DockerContainer(docker, created, name, spec.role);
      started.set(created.id, container);
      logger.debug(`started ${name} (${spec.image})`);
      const fromCopy = spec.preparedDir && useCopy ? await prepared.putInto(created, spec) : false;
      await created.start();
      const runningMs = performance.now();
      if (spec.wait) {
        const failure = await waitReady(container, spec).then(
          () => undefined,
          (error: unknown) => error ?? new Error('not ready'),
        );
        if (failure !== undefined && fromCopy) {
          // The kept copy did not work: drop it and start this container once more, doing the work itself.
          logger.warn(
            `${spec.role} did not start from its prepared ${spec.preparedDir!.path}; starting it without (${(failure as Error).message.split('\n')[0]})`,
          );
          await prepared.discard(spec);
          await removeQuietly(docker, created.id);
          started.delete(created.id);
          return (this as { start(s: ContainerSpec, useCopy: boolean): Promise<StartedContainer> }).start(spec, false);
        }
        if (failure !== undefined) throw failure;
      }
      if (spec.preparedDir && !fromCopy) await prepared.capture(created, spec);
      // Where a topology's start-up goes: Docker's create/start, then the container's own start until ready.
      logger.debug(
        `${spec.role}: created and started in ${Math.round(runningMs - startMs)} ms, ready ${Math.round(performance.now() - runningMs)} ms later`,
      );
      return container;
    },

    async removeAll(): Promise<void> {
      // Also catch containers created but never tracked (e.g. a crash between create and set).
      const listed = await docker.listContainers({ all: true, filters: { label: [`${LABEL.run}=${options.runId}`, ...scopeFilter] } });
      const ids = new Set([...started.keys(), ...listed.map((c) => c.Id)]);
      await Promise.all([...ids].map((id) => removeQuietly(docker, id)));
      started.clear();
    },

    async sweepOrphans(): Promise<number> {
      const listed = await docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${PROJECT}`] } });
      const orphans = listed.filter((c) => isOrphan(c.Labels ?? {}, processIsAlive));
      for (const orphan of orphans) {
        logger.step(`removing leftover container ${orphan.Names[0] ?? orphan.Id} (its run's process is gone)`);
        await removeQuietly(docker, orphan.Id);
      }
      return orphans.length;
    },

    async serverVersion(): Promise<string> {
      const version = await docker.version();
      return version.Version;
    },
  };
}

/** A CPU limit as Docker's quota fields; 0 lifts the limit (a quota of -1 is the kernel's "unlimited"). */
function quotaFields(cpus: number): { CpuPeriod?: number; CpuQuota: number } {
  if (!(cpus > 0)) return { CpuQuota: -1 };
  const { periodUs, quotaUs } = cpuQuotaFor(cpus);
  return { CpuPeriod: periodUs, CpuQuota: quotaUs };
}

async function requireImage(docker: Docker, image: string): Promise<void> {
  try {
    await docker.getImage(image).inspect();
  } catch {
    throw infraError(`image ${image} is not present in the Docker engine`, 'run `./bench setup` to build or pull the images');
  }
}

async function removeQuietly(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (error) {
    // Already gone is fine; anything else would leave a container behind, so say so.
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
}

async function waitReady(container: DockerContainer, spec: ContainerSpec): Promise<void> {
  const wait = spec.wait;
  if (!wait) return;
  const timeoutMs = wait.timeoutMs ?? DEFAULT_WAIT_MS;
  let describe: string;
  let probe: () => Promise<boolean>;
  switch (wait.kind) {
    case 'http':
      describe = `HTTP ${wait.expectStatus ?? 200} from ${wait.url}`;
      probe = () => httpProbe(wait.url, wait.expectStatus ?? 200);
      break;
    case 'tcp':
      describe = `TCP connection to ${wait.host}:${wait.port}`;
      probe = () => tcpProbe(wait.host, wait.port);
      break;
    case 'log':
      describe = `log line matching ${wait.pattern}`;
      probe = async () => wait.pattern.test(await container.logs(500));
      break;
    case 'command':
      describe = `exit code 0 from \`${wait.cmd.join(' ')}\``;
      probe = async () => (await container.exec(wait.cmd, { timeoutMs: 5000 }).catch(() => ({ exitCode: -1 }))).exitCode === 0;
      break;
  }
  const outcome = await waitUntil({ describe, probe, timeoutMs, deadReason: () => container.deadReason() });
  if (!outcome.ok) {
    const logs = await container.logs(30).catch(() => '(logs unavailable)');
    throw infraError(
      `container ${container.name} (${spec.role}) did not become ready: ${outcome.reason}\n--- last log lines ---\n${logs || '(no output)'}`,
      'read the log lines above; `./bench doctor` checks the engine and images',
    );
  }
}

class DockerContainer implements StartedContainer {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly #docker: Docker;
  readonly #container: Docker.Container;

  constructor(docker: Docker, container: Docker.Container, name: string, role: string) {
    this.#docker = docker;
    this.#container = container;
    this.id = container.id;
    this.name = name;
    this.role = role;
  }

  async deadReason(): Promise<string | null> {
    const info = await this.#container.inspect();
    return info.State.Running ? null : `the container exited (status ${info.State.Status}, exit code ${info.State.ExitCode})`;
  }

  async exec(cmd: string[], options: { user?: string; timeoutMs?: number } = {}): Promise<{ exitCode: number; output: string }> {
    const exec = await this.#container.exec({
      Cmd: cmd,
      AttachStdout: true,
      AttachStderr: true,
      ...(options.user ? { User: options.user } : {}),
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    this.#docker.modem.demuxStream(stream, sink, sink);
    const timeoutMs = options.timeoutMs ?? 30_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stream.destroy();
        reject(new Error(`\`${cmd.join(' ')}\` in ${this.name} did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
      stream.once('end', () => {
        clearTimeout(timer);
        resolve();
      });
      stream.once('error', (error: Error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const info = await exec.inspect();
    return { exitCode: info.ExitCode ?? -1, output: Buffer.concat(chunks).toString('utf8') };
  }

  async kill(signal = 'SIGKILL'): Promise<void> {
    await this.#container.kill({ signal });
  }

  async pause(): Promise<void> {
    await this.#container.pause();
  }

  async unpause(): Promise<void> {
    await this.#container.unpause();
  }

  async stop(timeoutSec = 10): Promise<void> {
    await this.#container.stop({ t: timeoutSec });
  }

  async restart(): Promise<void> {
    await this.#container.restart();
  }

  async remove(): Promise<void> {
    await removeQuietly(this.#docker, this.id);
  }

  async cpus(): Promise<number> {
    const info = await this.#container.inspect();
    return cpusOf(info.HostConfig);
  }

  async updateCpus(cpus: number): Promise<void> {
    await this.#container.update(quotaFields(cpus));
  }

  async stats(): Promise<ContainerStats> {
    const s = (await this.#container.stats({ stream: false })) as unknown as DockerStats;
    const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
    const systemDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
    const cpus = s.cpu_stats.online_cpus ?? 1;
    return {
      cpuPercent: systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0,
      memoryBytes: s.memory_stats.usage ?? 0,
    };
  }

  async logs(tailLines = 100): Promise<string> {
    const raw = (await this.#container.logs({ stdout: true, stderr: true, tail: tailLines, follow: false })) as unknown as Buffer;
    return lastLines(demuxDockerStream(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))), tailLines);
  }
}

interface DockerStats {
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
  memory_stats: { usage?: number };
}
