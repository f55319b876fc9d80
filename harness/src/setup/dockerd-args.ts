// How bench starts dockerd itself. Pure, so the network-safety flags are pinned by a unit test.

export type StorageDriver = 'overlay2' | 'vfs';

/** Appended to, never truncated, so earlier failures stay readable. */
export const dockerdLogPath = '/var/log/bench-dockerd.log';
export const dockerdPidPath = '/var/run/docker.pid';

/**
 * No bridge, no iptables, no IP forwarding: containers get host networking only and bench's traffic stays on
 * loopback. These three flags are not negotiable; only the storage driver varies (vfs where overlay2 fails,
 * e.g. on overlay-on-overlay filesystems).
 */
export function dockerdArgs(storageDriver: StorageDriver): string[] {
  return ['--iptables=false', '--ip-forward=false', '--bridge=none', `--storage-driver=${storageDriver}`];
}

export type PidFileState = { kind: 'absent' } | { kind: 'stale'; pid: number | undefined } | { kind: 'running'; pid: number };

/**
 * Classifies /var/run/docker.pid. `commandOf(pid)` returns the process name (from /proc/PID/comm) or undefined
 * when no such process exists. A pid reused by another program counts as stale: dockerd is not running.
 */
export function classifyPidFile(content: string | undefined, commandOf: (pid: number) => string | undefined): PidFileState {
  if (content === undefined) return { kind: 'absent' };
  const pid = Number.parseInt(content.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0) return { kind: 'stale', pid: undefined };
  const command = commandOf(pid);
  return command === 'dockerd' ? { kind: 'running', pid } : { kind: 'stale', pid };
}
