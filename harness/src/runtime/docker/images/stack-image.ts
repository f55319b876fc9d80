// bench/stack: a Debian bookworm rootfs made by mmdebstrap from this machine's apt sources and imported
// into the engine. No registry is involved, so it builds on machines that only reach a Debian mirror.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { infraError } from '../../../errors/bench-error.ts';
import { aptInstall, canUseApt } from '../../../host/apt.ts';
import { describeExit, indentTail, runCommand } from '../../../host/exec.ts';
import { findExecutable, systemDirs } from '../../../host/which.ts';
import type { Logger } from '../../../log/logger.ts';
import type { Docker } from '../client.ts';
import { importRootfs } from './docker-ops.ts';
import { labels, mmdebstrapArgs, repos, stackImportChanges } from './recipe.ts';

export async function ensureMmdebstrap(logger: Logger): Promise<string> {
  const found = findExecutable('mmdebstrap', systemDirs);
  if (found) return found;
  if (!canUseApt()) {
    throw infraError(
      'mmdebstrap is needed to build the local images and is not installed',
      'install it (`apt-get install -y mmdebstrap` as root), or use the official images: `bench setup --images official` (needs a registry)',
    );
  }
  logger.step('mmdebstrap is not installed: installing it');
  await aptInstall(['mmdebstrap'], { logger });
  const installed = findExecutable('mmdebstrap', systemDirs);
  if (!installed) throw infraError('mmdebstrap was installed but is not on PATH', 'check `dpkg -L mmdebstrap | grep bin/`');
  return installed;
}

export async function buildStackImage(input: { docker: Docker; logger: Logger; hash: string }): Promise<void> {
  const { docker, logger, hash } = input;
  const mmdebstrap = await ensureMmdebstrap(logger);
  const dir = mkdtempSync(join(tmpdir(), 'bench-stack-'));
  try {
    const tarPath = join(dir, 'stack.tar');
    const args = mmdebstrapArgs(tarPath);
    logger.step(`building the base rootfs: mmdebstrap ${args.join(' ')} (about a minute, ~500 MB)`);
    const result = await runCommand(mmdebstrap, args, { onLine: (line) => logger.debug(line) });
    if (result.exitCode !== 0) {
      throw infraError(
        `mmdebstrap ${describeExit(result)}. Last lines:\n${indentTail(result.tail)}`,
        `apt-get update && bench setup (stale package lists are the usual cause); check that /etc/apt/sources.list* reach a Debian bookworm mirror; run \`mmdebstrap ${args.join(' ')}\` by hand for the full output`,
      );
    }
    logger.info(`rootfs built in ${(result.durationMs / 1000).toFixed(1)} s`);
    logger.step(`importing the rootfs as ${repos.stack}:${hash}`);
    const outcome = await importRootfs(docker, tarPath, {
      repo: repos.stack,
      tag: hash,
      changes: [...stackImportChanges(), `LABEL ${labels.contentHash}=${hash} ${labels.component}=stack`],
      onLine: (line) => logger.debug(line),
    });
    if (outcome.error !== undefined) {
      throw infraError(
        `docker import of the rootfs failed: ${outcome.error}\n${indentTail(outcome.tail)}`,
        'check free disk space under the Docker root dir (`bench doctor`) and the engine log, then run `bench setup` again',
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
