// bench/toxiproxy: toxiproxy-server built from source with the Go toolchain (the Go module proxy is reachable
// where a container registry is not), copied onto bench/stack.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { infraError } from '../../../errors/bench-error.ts';
import { describeExit, indentTail, runCommand } from '../../../host/exec.ts';
import { findExecutable } from '../../../host/which.ts';
import type { Logger } from '../../../log/logger.ts';
import type { Docker } from '../client.ts';
import { buildFromDir } from './docker-ops.ts';
import { labels, toxiproxyDockerfile, toxiproxyGoInstallArgs, toxiproxyVersion } from './recipe.ts';

const goDirs = ['/usr/local/go/bin', '/usr/lib/go/bin'];
const installGoHint =
  "install Go >= 1.22 from https://go.dev/dl/ (unpack it to /usr/local/go; Debian bookworm's own golang package is too old), then run `bench setup` again";

export function toxiproxyBinaryPath(cacheDir: string): string {
  return join(cacheDir, 'toxiproxy', toxiproxyVersion, 'toxiproxy-server');
}

/** "go1.26.8" -> true when at least 1.22 (older toolchains cannot even switch to the version toxiproxy asks for). */
export function goVersionIsSupported(goVersion: string): boolean {
  const match = /^go(\d+)\.(\d+)/.exec(goVersion.trim());
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 1 || (major === 1 && minor >= 22);
}

export async function findGo(): Promise<{ path: string; version: string } | undefined> {
  const go = findExecutable('go', goDirs);
  if (!go) return undefined;
  const result = await runCommand(go, ['env', 'GOVERSION']);
  return { path: go, version: result.exitCode === 0 ? result.tail.trim() : 'unknown' };
}

/** Builds toxiproxy-server once per version into the cache dir; later setups reuse it. */
export async function ensureToxiproxyBinary(input: { logger: Logger; cacheDir: string }): Promise<string> {
  const { logger, cacheDir } = input;
  const target = toxiproxyBinaryPath(cacheDir);
  if (existsSync(target)) {
    logger.debug(`toxiproxy-server ${toxiproxyVersion}: cached at ${target}`);
    return target;
  }
  const go = await findGo();
  if (!go) throw infraError('the Go toolchain is needed to build toxiproxy-server and was not found', installGoHint);
  if (!goVersionIsSupported(go.version)) {
    throw infraError(`${go.path} is ${go.version}; building toxiproxy ${toxiproxyVersion} needs Go >= 1.22`, installGoHint);
  }
  mkdirSync(join(target, '..'), { recursive: true });
  // GOBIN in a scratch dir, then an atomic rename: a half-written binary never looks cached.
  const gobin = mkdtempSync(join(cacheDir, 'toxiproxy', 'gobin-'));
  try {
    const args = toxiproxyGoInstallArgs();
    logger.step(`building toxiproxy-server ${toxiproxyVersion}: ${go.path} ${args.join(' ')}`);
    const result = await runCommand(go.path, args, {
      env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0' },
      onLine: (line) => logger.debug(line),
    });
    if (result.exitCode !== 0) {
      throw infraError(
        `go install of toxiproxy ${toxiproxyVersion} ${describeExit(result)}. Last lines:\n${indentTail(result.tail)}`,
        `check that the Go module proxy is reachable (\`go env GOPROXY\`), or build it yourself and put the binary at ${target}`,
      );
    }
    // `go install .../cmd/server` names the binary after its package directory.
    renameSync(join(gobin, 'server'), target);
    logger.info(`toxiproxy-server built in ${(result.durationMs / 1000).toFixed(1)} s -> ${target}`);
    return target;
  } finally {
    rmSync(gobin, { recursive: true, force: true });
  }
}

export async function buildToxiproxyImage(input: {
  docker: Docker;
  logger: Logger;
  cacheDir: string;
  stackRef: string;
  repo: string;
  hash: string;
}): Promise<void> {
  const { docker, logger, hash } = input;
  const binary = await ensureToxiproxyBinary(input);
  const dir = mkdtempSync(join(tmpdir(), 'bench-toxiproxy-'));
  try {
    copyFileSync(binary, join(dir, 'toxiproxy-server'));
    writeFileSync(join(dir, 'Dockerfile'), toxiproxyDockerfile(input.stackRef));
    const tag = `${input.repo}:${hash}`;
    logger.step(`docker build ${tag} (FROM ${input.stackRef}, legacy builder)`);
    const outcome = await buildFromDir(docker, dir, {
      tag,
      labels: { [labels.contentHash]: hash, [labels.component]: 'toxiproxy' },
      onLine: (line) => logger.debug(line),
    });
    if (outcome.error !== undefined) {
      throw infraError(
        `docker build of ${tag} failed: ${outcome.error}\n${indentTail(outcome.tail)}`,
        `check that ${input.stackRef} exists (\`docker images bench/stack\`) and there is free disk space; then run \`bench setup\` again`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
