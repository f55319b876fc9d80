// Asks a Docker engine who it is, with a short timeout, so provisioning and doctor can tell
// "no engine" from "engine up" quickly. The only place setup talks to dockerode about the engine.
import { createDockerClient } from './client.ts';

export interface EngineInfo {
  /** Where the engine was reached: DOCKER_HOST, else the default socket. */
  endpoint: string;
  serverVersion: string;
  apiVersion: string;
  storageDriver: string;
  /** '1' or '2' as the engine reports it; 'unknown' on engines too old to say. */
  cgroupVersion: string;
  cgroupDriver: string;
  /** The engine's data dir (images, containers), e.g. /var/lib/docker. */
  rootDir: string;
}

export type ProbeResult = { ok: true; info: EngineInfo } | { ok: false; endpoint: string; reason: string };

export const defaultSocketPath = '/var/run/docker.sock';

export function engineEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST && env.DOCKER_HOST.length > 0 ? env.DOCKER_HOST : `unix://${defaultSocketPath}`;
}

/** True when the endpoint is the local default socket, i.e. one bench may start an engine behind. */
export function isDefaultEndpoint(endpoint: string): boolean {
  return endpoint === `unix://${defaultSocketPath}` || endpoint === 'unix:///run/docker.sock';
}

export async function probeEngine(timeoutMs = 2000): Promise<ProbeResult> {
  const endpoint = engineEndpoint();
  const docker = createDockerClient();
  const signal = (): AbortSignal => AbortSignal.timeout(timeoutMs);
  try {
    // dockerode accepts abortSignal on these calls; its typings omit the options argument.
    const withSignal = docker as unknown as {
      ping(opts: { abortSignal: AbortSignal }): Promise<unknown>;
      version(opts: { abortSignal: AbortSignal }): Promise<{ Version?: string; ApiVersion?: string }>;
      info(opts: { abortSignal: AbortSignal }): Promise<Record<string, unknown>>;
    };
    await withSignal.ping({ abortSignal: signal() });
    const version = await withSignal.version({ abortSignal: signal() });
    const info = await withSignal.info({ abortSignal: signal() });
    const text = (key: string, fallback = 'unknown'): string => {
      const value = info[key];
      return typeof value === 'string' && value.length > 0 ? value : fallback;
    };
    return {
      ok: true,
      info: {
        endpoint,
        serverVersion: version.Version ?? 'unknown',
        apiVersion: version.ApiVersion ?? 'unknown',
        storageDriver: text('Driver'),
        cgroupVersion: text('CgroupVersion'),
        cgroupDriver: text('CgroupDriver'),
        rootDir: text('DockerRootDir', '/var/lib/docker'),
      },
    };
  } catch (error) {
    return { ok: false, endpoint, reason: error instanceof Error ? error.message : String(error) };
  }
}
