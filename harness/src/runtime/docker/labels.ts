// Labels on every container the harness starts: how sweeps and `bench down` find them.
import { hostname } from 'node:os';

export const LABEL = {
  project: 'bench.project',
  run: 'bench.run',
  role: 'bench.role',
  pid: 'bench.pid',
  host: 'bench.host',
  /** Set by `bench up`: the container outlives its process and is removed by `bench down`. */
  keep: 'bench.keep',
  /** The part of the run (variant) the container belongs to; see RuntimeOptions.scope. */
  scope: 'bench.scope',
} as const;

export const PROJECT = 'bench';

export function containerLabels(runId: string, role: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    [LABEL.project]: PROJECT,
    [LABEL.run]: runId,
    [LABEL.role]: role,
    [LABEL.pid]: String(process.pid),
    [LABEL.host]: hostname(),
    ...extra,
  };
}

/** Docker name: short, unique per run, readable in `docker ps`. */
export function containerName(runId: string, role: string, scope?: string): string {
  const clean = (part: string): string => part.replace(/[^a-zA-Z0-9_.-]/g, '').toLowerCase();
  return `bench-${clean(runId)}-${scope === undefined ? '' : `${clean(scope)}-`}${role}`;
}

/** True when the labels name a process on this host that no longer exists (and the container is not kept). */
export function isOrphan(labels: Record<string, string>, isAlive: (pid: number) => boolean, host = hostname()): boolean {
  if (labels[LABEL.project] !== PROJECT || labels[LABEL.keep] === 'true') return false;
  if (labels[LABEL.host] !== host) return false;
  const pid = Number(labels[LABEL.pid]);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  return !isAlive(pid);
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
