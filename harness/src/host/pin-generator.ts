// Pins this process (the load generator) to its CPU set. Node has no affinity API; `taskset -a -p -c LIST PID`
// (util-linux) sets it on every thread the process has, and threads and children started later (the load workers,
// libuv's pool, k6) inherit it, so this runs before any of them start, beside raiseGeneratorPriority.
// The affinity is the whole process's, so the split in effect is kept here (activeStackCpus) for the generator
// monitor, and restore() gives the process its CPUs back when the run ends (a test process runs many).
import { execFileSync } from 'node:child_process';
import type { Logger } from '../log/logger.ts';
import { formatCpuList } from './cpu-list.ts';
import { splitInfo, type CpuSplitInfo, type CpuSplitPlan } from './cpu-split.ts';

let active: { stack: number[] } | null = null;
let warnedMissing = false;

/** The stack's CPUs while a split is in effect (the generator monitor samples how busy they are); else null. */
export function activeStackCpus(): number[] | null {
  return active?.stack ?? null;
}

export interface PinnedGenerator {
  info: CpuSplitInfo;
  /** Gives the process back the CPUs it had before (idempotent). */
  restore(): void;
}

export function pinGenerator(plan: CpuSplitPlan, allowedBefore: readonly number[], logger: Logger, taskset = 'taskset'): PinnedGenerator {
  if (plan.generator.length === 0) return { info: splitInfo(plan, false), restore: () => undefined };
  let pinned = false;
  try {
    setAffinity(taskset, formatCpuList(plan.generator));
    pinned = true;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (!missing || !warnedMissing) {
      logger.warn(
        missing
          ? `taskset (util-linux) is not installed: the load generator runs unpinned, on every CPU (containers still get CPU ${formatCpuList(plan.stack)}); \`apt-get install util-linux\` fixes it`
          : `taskset could not pin the load generator to CPU ${formatCpuList(plan.generator)} (${firstLine(error)}): it runs unpinned`,
      );
    }
    if (missing) warnedMissing = true;
  }
  active = { stack: plan.stack };
  let restored = false;
  return {
    info: splitInfo(plan, pinned),
    restore() {
      if (restored) return;
      restored = true;
      active = null;
      if (!pinned) return;
      try {
        setAffinity(taskset, formatCpuList(allowedBefore));
      } catch (error) {
        logger.warn(`could not give the process its CPUs back (${firstLine(error)})`);
      }
    },
  };
}

function setAffinity(taskset: string, list: string): void {
  execFileSync(taskset, ['-a', '-p', '-c', list, String(process.pid)], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5000 });
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8').trim();
  return (stderr || (error as Error).message).split('\n')[0]!;
}
