// `bench doctor`: what this machine has and lacks for bench, with a fix for each gap. Changes nothing
// (the task API is bundled into a scratch dir to learn its image tag, and removed).
import { existsSync, readFileSync, statfsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError } from '../errors/bench-error.ts';
import { canUseApt } from '../host/apt.ts';
import { benchCacheDir } from '../host/cache-dir.ts';
import { runCommand } from '../host/exec.ts';
import { findExecutable, systemDirs } from '../host/which.ts';
import type { Logger } from '../log/logger.ts';
import { createDockerClient } from '../runtime/docker/client.ts';
import { probeEngine, type EngineInfo } from '../runtime/docker/engine-probe.ts';
import { inspectImages, type ImageStatus } from '../runtime/docker/images/ensure-images.ts';
import type { TaskApiBundler } from '../runtime/docker/images/task-api-image.ts';
import { findGo, goVersionIsSupported, toxiproxyBinaryPath } from '../runtime/docker/images/toxiproxy-image.ts';
import { chooseFlavor, type FlavorChoice } from '../runtime/images.ts';
import type { DoctorCheck } from './doctor-table.ts';
import { readAllowedCpus } from '../host/allowed-cpus.ts';
import { checkCpuSplit } from './doctor-cpu-split.ts';
import { describeEngine } from './engine.ts';
import { findK6 } from './k6.ts';
import { benchVersion, nodeFloor } from '../cli/version.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const gib = 1024 ** 3;

export interface DoctorOptions {
  logger: Logger;
  /** Raw --images value; BENCH_IMAGES and the machine default apply otherwise. */
  flavor?: string;
  bundleTaskApi?: TaskApiBundler;
}

export interface DoctorReport {
  flavor: FlavorChoice;
  checks: DoctorCheck[];
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const flavor = chooseFlavor(options.flavor);
  const checks: DoctorCheck[] = [
    { name: 'bench', status: 'ok', detail: `version ${benchVersion()}` },
    checkNodeVersion(process.versions.node),
    checkNpmDeps(repoRoot),
    await checkDockerCli(),
  ];
  const probe = await probeEngine(2000);
  checks.push(
    probe.ok
      ? { name: 'docker engine', status: 'ok', detail: describeEngine(probe.info) }
      : {
          name: 'docker engine',
          status: 'missing',
          detail: `no answer at ${probe.endpoint}: ${probe.reason}`,
          fix: 'bench setup (as root on Debian it installs and starts one)',
        },
  );
  checks.push(checkBridge(existsSync('/sys/class/net/docker0')));

  let images: ImageStatus[] | undefined;
  if (probe.ok) {
    try {
      images = await inspectImages({
        flavor: flavor.flavor,
        logger: options.logger,
        docker: createDockerClient(),
        ...(options.bundleTaskApi ? { bundleTaskApi: options.bundleTaskApi } : {}),
      });
    } catch (error) {
      checks.push({
        name: `images (${flavor.flavor})`,
        status: 'missing',
        detail: `cannot work out the image tags: ${error instanceof Error ? error.message : String(error)}`,
        ...(error instanceof BenchError && error.hint ? { fix: error.hint } : {}),
      });
    }
  }
  const present = (component: string): boolean => images?.some((s) => s.image.component === component && s.present) ?? false;
  if (flavor.flavor === 'local') {
    checks.push(checkMmdebstrap(findExecutable('mmdebstrap', systemDirs), present('stack'), canUseApt()));
    checks.push(await checkGo(present('toxiproxy') || existsSync(toxiproxyBinaryPath(benchCacheDir()))));
  }
  // Name the flavor in the fix unless setup would pick it anyway.
  const setupFix = flavor.reason.startsWith('default') ? 'bench setup' : `bench setup --images ${flavor.flavor}`;
  if (images) checks.push(...images.map((status) => imageCheck(status, setupFix)));
  else if (!probe.ok)
    checks.push({ name: `images (${flavor.flavor})`, status: 'missing', detail: 'cannot check without a Docker engine', fix: setupFix });

  const k6 = findK6();
  checks.push(
    k6
      ? { name: 'k6 (optional)', status: 'ok', detail: k6 }
      : { name: 'k6 (optional)', status: 'warn', detail: 'not installed; only the k6 driver needs it', fix: 'bench setup --with k6' },
  );
  checks.push(checkDiskSpace(probe.ok ? probe.info : undefined));
  checks.push(checkCpuSplit(readAllowedCpus(), findExecutable('taskset', systemDirs)));
  return { flavor, checks };
}

export function checkNodeVersion(version: string, floor = nodeFloor()): DoctorCheck {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [floorMajor = 0, floorMinor = 0] = floor.split('.').map(Number);
  const ok = major > floorMajor || (major === floorMajor && minor >= floorMinor);
  return ok
    ? { name: 'node', status: 'ok', detail: `v${version} (>= ${floor})` }
    : {
        name: 'node',
        status: 'missing',
        detail: `v${version}; bench needs >= ${floor} (type stripping)`,
        fix: 'npm ci (installs Node 24 into node_modules), then use ./bench',
      };
}

function checkNpmDeps(root: string): DoctorCheck {
  const fix = `cd ${root} && npm ci`;
  let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  try {
    manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as typeof manifest;
  } catch {
    return { name: 'npm deps', status: 'missing', detail: `cannot read ${join(root, 'package.json')}`, fix };
  }
  const wanted = { ...manifest.dependencies, ...manifest.devDependencies };
  const problems: string[] = [];
  for (const [name, version] of Object.entries(wanted)) {
    const installed = installedVersion(root, name);
    if (installed === undefined) problems.push(`${name} missing`);
    else if (/^\d/.test(version) && installed !== version) problems.push(`${name} ${installed} (want ${version})`);
  }
  if (problems.length > 0) return { name: 'npm deps', status: 'missing', detail: problems.slice(0, 4).join(', '), fix };
  const stamp = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(stamp) && statSync(join(root, 'package-lock.json')).mtimeMs > statSync(stamp).mtimeMs) {
    return { name: 'npm deps', status: 'warn', detail: 'package-lock.json is newer than node_modules', fix };
  }
  return { name: 'npm deps', status: 'ok', detail: `${Object.keys(wanted).length} packages installed` };
}

function installedVersion(root: string, name: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return undefined;
  }
}

async function checkDockerCli(): Promise<DoctorCheck> {
  const docker = findExecutable('docker', systemDirs);
  if (!docker)
    return {
      name: 'docker CLI (optional)',
      status: 'warn',
      detail: 'not installed; bench talks to the engine directly',
      fix: 'apt-get install -y docker.io (handy for debugging)',
    };
  const result = await runCommand(docker, ['--version']);
  return { name: 'docker CLI (optional)', status: 'ok', detail: result.tail.trim() || docker };
}

export function checkBridge(hasDocker0: boolean): DoctorCheck {
  return hasDocker0
    ? {
        name: 'no docker0 bridge',
        status: 'warn',
        detail: 'docker0 exists: the engine runs with bridge networking (bench uses host networking on loopback only)',
        fix: 'restart dockerd with --bridge=none --iptables=false --ip-forward=false, then `ip link delete docker0`',
      }
    : { name: 'no docker0 bridge', status: 'ok', detail: 'no docker0 interface' };
}

export function checkMmdebstrap(path: string | undefined, stackPresent: boolean, aptUsable: boolean): DoctorCheck {
  if (path) return { name: 'mmdebstrap', status: 'ok', detail: path };
  if (stackPresent)
    return {
      name: 'mmdebstrap',
      status: 'warn',
      detail: 'not installed; only needed to rebuild bench/stack',
      fix: 'apt-get install -y mmdebstrap',
    };
  if (aptUsable) return { name: 'mmdebstrap', status: 'warn', detail: 'not installed; `bench setup` installs it', fix: 'bench setup' };
  return {
    name: 'mmdebstrap',
    status: 'missing',
    detail: 'not installed; needed to build the local images',
    fix: 'install mmdebstrap, or use `--images official`',
  };
}

async function checkGo(toxiproxyReady: boolean): Promise<DoctorCheck> {
  const go = await findGo();
  if (go && goVersionIsSupported(go.version)) return { name: 'go', status: 'ok', detail: `${go.version} (${go.path})` };
  const detail = go ? `${go.version} is older than 1.22` : 'not found (PATH, /usr/local/go/bin)';
  const fix = 'install Go >= 1.22 from https://go.dev/dl/ into /usr/local/go';
  return toxiproxyReady
    ? { name: 'go', status: 'warn', detail: `${detail}; only needed to rebuild toxiproxy-server or k6`, fix }
    : { name: 'go', status: 'missing', detail: `${detail}; needed to build toxiproxy-server`, fix };
}

function imageCheck(status: ImageStatus, fix: string): DoctorCheck {
  const name = `image ${status.image.component}`;
  if (status.error !== undefined) {
    const message = status.error instanceof Error ? status.error.message.split('\n').slice(0, 2).join(' ') : String(status.error);
    const hint = status.error instanceof BenchError ? status.error.hint : undefined;
    return { name, status: 'missing', detail: `cannot tell which image is needed: ${message}`, ...(hint ? { fix: hint } : {}) };
  }
  if (status.present) return { name, status: 'ok', detail: `${status.image.ref} (${status.image.serves})` };
  const older = status.otherTags.length > 0 ? `; outdated: found ${status.otherTags.slice(0, 2).join(', ')}` : '';
  return { name, status: 'missing', detail: `${status.image.ref} not present${older}`, fix };
}

function checkDiskSpace(engine: EngineInfo | undefined): DoctorCheck {
  const target = engine?.rootDir ?? '/var/lib/docker';
  let path = target;
  while (!existsSync(path) && path !== dirname(path)) path = dirname(path);
  try {
    const stats = statfsSync(path);
    return diskCheck(target, stats.bavail * stats.bsize);
  } catch (error) {
    return { name: 'disk space', status: 'warn', detail: `cannot stat ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The local images take ~1.5 GB; runs add container layers and logs on top. */
export function diskCheck(path: string, freeBytes: number): DoctorCheck {
  const detail = `${(freeBytes / gib).toFixed(1)} GiB free under ${path}`;
  if (freeBytes < 1 * gib)
    return { name: 'disk space', status: 'missing', detail, fix: 'free disk space (docker image prune, docker system prune)' };
  if (freeBytes < 5 * gib)
    return { name: 'disk space', status: 'warn', detail: `${detail} (less than 5 GiB)`, fix: 'free some disk space' };
  return { name: 'disk space', status: 'ok', detail };
}
