// k6 is optional (the k6 driver runs it as an external binary): built from source with Go on request,
// `bench setup --with k6`, into the cache dir, like toxiproxy-server.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { infraError } from '../errors/bench-error.ts';
import { benchCacheDir } from '../host/cache-dir.ts';
import { describeExit, indentTail, runCommand } from '../host/exec.ts';
import { findExecutable } from '../host/which.ts';
import type { Logger } from '../log/logger.ts';
import { findGo, goVersionIsSupported } from '../runtime/docker/images/toxiproxy-image.ts';

export const k6Version = '1.8.1';
export const k6Module = 'go.k6.io/k6';

export function k6CachePath(cacheDir = benchCacheDir()): string {
  return join(cacheDir, 'k6', k6Version, 'k6');
}

/** A k6 on PATH wins (the user chose it); else the one `bench setup --with k6` built. */
export function findK6(cacheDir = benchCacheDir()): string | undefined {
  const onPath = findExecutable('k6');
  if (onPath) return onPath;
  const cached = k6CachePath(cacheDir);
  return existsSync(cached) ? cached : undefined;
}

export async function ensureK6(logger: Logger, cacheDir = benchCacheDir()): Promise<string> {
  const found = findK6(cacheDir);
  if (found) {
    logger.step(`k6: up to date (${found})`);
    return found;
  }
  const go = await findGo();
  if (!go || !goVersionIsSupported(go.version)) {
    throw infraError(
      `building k6 needs Go >= 1.22 (${go ? `found ${go.version}` : 'not found'})`,
      'install Go from https://go.dev/dl/ (to /usr/local/go), or install k6 yourself and put it on PATH',
    );
  }
  const target = k6CachePath(cacheDir);
  mkdirSync(join(target, '..'), { recursive: true });
  const gobin = mkdtempSync(join(cacheDir, 'k6', 'gobin-'));
  try {
    const args = ['install', '-trimpath', '-ldflags=-s -w', `${k6Module}@v${k6Version}`];
    logger.step(`building k6 ${k6Version}: ${go.path} ${args.join(' ')} (a few minutes the first time)`);
    const result = await runCommand(go.path, args, {
      env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0' },
      onLine: (line) => logger.debug(line),
    });
    if (result.exitCode !== 0) {
      throw infraError(
        `go install of k6 ${k6Version} ${describeExit(result)}. Last lines:\n${indentTail(result.tail)}`,
        `check that the Go module proxy is reachable (\`go env GOPROXY\`), or install k6 yourself and put it on PATH`,
      );
    }
    renameSync(join(gobin, 'k6'), target);
    logger.info(`k6 built in ${(result.durationMs / 1000).toFixed(1)} s -> ${target}`);
    return target;
  } finally {
    rmSync(gobin, { recursive: true, force: true });
  }
}
