// Makes sure a Docker engine answers: use the one that is there, else (root on Debian) install docker.io and
// start dockerd detached with bench's network-safety flags. Every action is printed.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { infraError } from '../errors/bench-error.ts';
import { aptInstall, canUseApt } from '../host/apt.ts';
import { indentTail } from '../host/exec.ts';
import { findExecutable, systemDirs } from '../host/which.ts';
import type { Logger } from '../log/logger.ts';
import { engineEndpoint, isDefaultEndpoint, probeEngine, type EngineInfo } from '../runtime/docker/engine-probe.ts';
import { classifyPidFile, dockerdArgs, dockerdLogPath, dockerdPidPath, type StorageDriver } from './dockerd-args.ts';

export type { EngineInfo } from '../runtime/docker/engine-probe.ts';

export interface EnsuredEngine extends EngineInfo {
  /** What ensureEngine had to do: nothing, start dockerd, or install docker.io and start it. */
  action: 'found' | 'started' | 'installed-and-started';
}

export interface EnsureEngineOptions {
  /** How long to wait for a freshly started dockerd to answer. */
  startTimeoutMs?: number;
}

export async function ensureEngine(logger: Logger, options: EnsureEngineOptions = {}): Promise<EnsuredEngine> {
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const first = await probeEngine(2000);
  if (first.ok) {
    logger.step(`docker engine: running (${describeEngine(first.info)})`);
    warnIfBridge(logger);
    return { ...first.info, action: 'found' };
  }
  const endpoint = engineEndpoint();
  if (!isDefaultEndpoint(endpoint)) {
    throw infraError(
      `the Docker engine at DOCKER_HOST=${endpoint} does not answer (${first.reason})`,
      'start that engine, or unset DOCKER_HOST so bench uses (and, as root on Debian, starts) the local one',
    );
  }
  logger.step(`docker engine: none answers at ${endpoint} (${first.reason})`);
  if (process.platform !== 'linux') {
    throw infraError(
      'no Docker engine is running',
      'install Docker (Docker Desktop, Colima or Docker Engine), start it, and run `bench setup` again; or set DOCKER_HOST to a running engine',
    );
  }
  if (process.getuid?.() !== 0) {
    throw infraError(
      'no Docker engine is running, and bench can only start one as root',
      'start the Docker daemon (e.g. `sudo systemctl start docker`), make sure your user may use /var/run/docker.sock (the docker group), or set DOCKER_HOST; or run `sudo bench setup` on Debian to let bench install and start it',
    );
  }

  let installed = false;
  let dockerd = findExecutable('dockerd', systemDirs);
  if (!dockerd) {
    if (!canUseApt()) {
      throw infraError(
        'dockerd is not installed and apt-get is not available to install it',
        'install Docker Engine for your distribution (https://docs.docker.com/engine/install/), start it with `dockerd --iptables=false --ip-forward=false --bridge=none`, then run `bench setup` again',
      );
    }
    logger.step('dockerd is not installed: installing docker.io');
    await aptInstall(['docker.io'], { logger, denyServiceStarts: true });
    installed = true;
    dockerd = findExecutable('dockerd', systemDirs);
    if (!dockerd) {
      throw infraError('docker.io was installed but no dockerd binary was found', 'check `dpkg -L docker.io | grep bin/dockerd`');
    }
  }

  const pidState = classifyPidFile(readIfExists(dockerdPidPath), commandOf);
  if (pidState.kind === 'stale') {
    logger.step(`removing stale ${dockerdPidPath} (pid ${String(pidState.pid ?? '?')} is not a running dockerd)`);
    rmSync(dockerdPidPath, { force: true });
  } else if (pidState.kind === 'running') {
    // A dockerd that is still starting (or stuck): give it the same grace as one we start, then report.
    logger.step(`dockerd is already running (pid ${pidState.pid}) but not answering yet: waiting up to ${startTimeoutMs / 1000} s`);
    const info = await waitForEngine(startTimeoutMs, () => false);
    if (info) return finish(logger, info, 'found');
    throw infraError(
      `dockerd (pid ${pidState.pid}) is running but does not answer on ${endpoint}`,
      `look at its log (${dockerdLogPath} if bench started it); stop it with \`kill ${pidState.pid}\` and run \`bench setup\` again`,
    );
  }

  const action = installed ? 'installed-and-started' : 'started';
  const overlay = await startDockerd(dockerd, 'overlay2', logger, startTimeoutMs);
  if (overlay.ok) return finish(logger, overlay.info, action);
  if (!overlay.exited) throw notAnswering(overlay.logTail, startTimeoutMs);
  logger.warn(`dockerd with overlay2 exited before answering; retrying with --storage-driver=vfs (slower, uses more disk)`);
  logger.info(indentTail(overlay.logTail));
  const vfs = await startDockerd(dockerd, 'vfs', logger, startTimeoutMs);
  if (vfs.ok) return finish(logger, vfs.info, action);
  if (!vfs.exited) throw notAnswering(vfs.logTail, startTimeoutMs);
  throw infraError(
    `dockerd failed to start with overlay2 and with vfs. Last lines of ${dockerdLogPath}:\n${indentTail(vfs.logTail)}`,
    `read ${dockerdLogPath}; common causes: another dockerd or containerd holding /var/lib/docker, or a kernel without the needed cgroups. Fix it and run \`bench setup\` again`,
  );
}

type StartResult = { ok: true; info: EngineInfo } | { ok: false; exited: boolean; logTail: string };

async function startDockerd(dockerd: string, driver: StorageDriver, logger: Logger, timeoutMs: number): Promise<StartResult> {
  const args = dockerdArgs(driver);
  logger.step(`starting ${dockerd} ${args.join(' ')} (log: ${dockerdLogPath})`);
  const fd = openSync(dockerdLogPath, 'a');
  const logOffset = fstatSync(fd).size;
  writeSync(fd, `\n--- ${new Date().toISOString()} bench setup: ${dockerd} ${args.join(' ')}\n`);
  // Its own session and a log file for stdio, so dockerd outlives this process and never writes to our terminal.
  const child = spawn(dockerd, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  child.on('error', () => {
    exited = true;
  });
  const started = performance.now();
  const info = await waitForEngine(timeoutMs, () => exited);
  if (info) {
    child.unref();
    logger.info(`dockerd (pid ${String(child.pid)}) answered after ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { ok: true, info };
  }
  const logTail = readLogTail(logOffset);
  if (!exited && child.pid !== undefined) {
    // Ours, never answered: do not leave a half-started daemon behind.
    process.kill(child.pid, 'SIGTERM');
  }
  return { ok: false, exited, logTail };
}

async function waitForEngine(timeoutMs: number, gaveUp: () => boolean): Promise<EngineInfo | undefined> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (gaveUp()) return undefined;
    const probe = await probeEngine(1000);
    if (probe.ok) return probe.info;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return undefined;
}

function finish(logger: Logger, info: EngineInfo, action: EnsuredEngine['action']): EnsuredEngine {
  logger.step(`docker engine: ready (${describeEngine(info)})`);
  warnIfBridge(logger);
  return { ...info, action };
}

function notAnswering(logTail: string, timeoutMs: number): Error {
  return infraError(
    `dockerd did not answer within ${timeoutMs / 1000} s. Last lines of ${dockerdLogPath}:\n${indentTail(logTail)}`,
    `read ${dockerdLogPath}, fix what it reports, and run \`bench setup\` again`,
  );
}

export function describeEngine(info: EngineInfo): string {
  return `Docker ${info.serverVersion}, API ${info.apiVersion}, ${info.storageDriver}, cgroup v${info.cgroupVersion} (${info.cgroupDriver}), ${info.endpoint}`;
}

function warnIfBridge(logger: Logger): void {
  if (existsSync('/sys/class/net/docker0')) {
    logger.warn(
      'a docker0 bridge exists: this engine was started with bridge networking. bench uses host networking on loopback only; restart dockerd with --bridge=none --iptables=false --ip-forward=false to remove it',
    );
  }
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string | undefined {
  return readIfExists(`/proc/${pid}/comm`)?.trim();
}

function readLogTail(fromOffset: number, lines = 30): string {
  const text = readIfExists(dockerdLogPath) ?? '';
  return Buffer.from(text).subarray(fromOffset).toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
