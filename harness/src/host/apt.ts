// Installs Debian packages for provisioning. `apt-get update` runs only when an install fails for want
// of package lists, so a machine with fresh lists never touches the network for them.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { infraError } from '../errors/bench-error.ts';
import type { Logger } from '../log/logger.ts';
import { describeExit, indentTail, runCommand, type CommandResult } from './exec.ts';
import { findExecutable, systemDirs } from './which.ts';

const policyRcPath = '/usr/sbin/policy-rc.d';

/** True when this process can install Debian packages itself (root with apt-get). */
export function canUseApt(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && findExecutable('apt-get', systemDirs) !== undefined;
}

/** apt-get output that means "the package lists are missing or stale", which `apt-get update` fixes. */
export function needsListUpdate(output: string): boolean {
  return /Unable to locate package|has no installation candidate|is not available, but is referred to|Failed to fetch|404\s+Not Found/i.test(
    output,
  );
}

export interface AptInstallOptions {
  logger: Logger;
  /**
   * Stop packages from starting their services while installing (policy-rc.d exit 101). docker.io would
   * otherwise start dockerd with a docker0 bridge and iptables rules on a systemd host, which bench must never do.
   */
  denyServiceStarts?: boolean;
}

export async function aptInstall(packages: readonly string[], options: AptInstallOptions): Promise<void> {
  const { logger } = options;
  const aptGet = findExecutable('apt-get', systemDirs);
  if (!aptGet || process.getuid?.() !== 0) {
    throw infraError(
      `cannot install ${packages.join(', ')}: apt-get as root is needed`,
      `install ${packages.join(' ')} with your system's package manager, then run \`bench setup\` again`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const addedPolicy = options.denyServiceStarts === true && !existsSync(policyRcPath);
  if (addedPolicy) writeFileSync(policyRcPath, '#!/bin/sh\n# added by bench setup for one install\nexit 101\n', { mode: 0o755 });
  try {
    const install = (): Promise<CommandResult> =>
      runCommand(aptGet, ['install', '-y', ...packages], { env, onLine: (line) => logger.debug(line) });
    logger.step(`apt-get install -y ${packages.join(' ')}`);
    let result = await install();
    if (result.exitCode !== 0 && needsListUpdate(result.tail)) {
      logger.step('apt-get update (package lists are missing or stale)');
      const update = await runCommand(aptGet, ['update'], { env, onLine: (line) => logger.debug(line) });
      if (update.exitCode !== 0) {
        throw infraError(
          `apt-get update ${describeExit(update)}:\n${indentTail(update.tail)}`,
          'check /etc/apt/sources.list* and that the Debian mirror is reachable, then run `bench setup` again',
        );
      }
      logger.step(`apt-get install -y ${packages.join(' ')} (after update)`);
      result = await install();
    }
    if (result.exitCode !== 0) {
      throw infraError(
        `apt-get install ${packages.join(' ')} ${describeExit(result)}:\n${indentTail(result.tail)}`,
        `run \`apt-get update && apt-get install -y ${packages.join(' ')}\` by hand to see the full error (another apt process holding the lock is a common cause)`,
      );
    }
    logger.info(`installed ${packages.join(', ')} in ${(result.durationMs / 1000).toFixed(1)} s`);
  } finally {
    if (addedPolicy) rmSync(policyRcPath, { force: true });
  }
}
