// `bench doctor`'s CPU-split row: the split `bench run` / `bench load` would use here by default, and whether
// taskset can pin the generator to it. Pure: the allowed CPUs and taskset's path are passed in.
import { formatCpuList } from '../host/cpu-list.ts';
import { describeCpuSplit, planCpuSplit, splitInfo } from '../host/cpu-split.ts';
import type { DoctorCheck } from './doctor-table.ts';

export function checkCpuSplit(allowed: readonly number[], tasksetPath: string | undefined): DoctorCheck {
  const planned = planCpuSplit(allowed, undefined);
  const plan = planned.ok ? planned.plan : null;
  const name = 'cpu split';
  if (!plan || plan.generator.length === 0) {
    return { name, status: 'ok', detail: `no split: only CPU ${formatCpuList(allowed)} is allowed, generator and containers share it` };
  }
  const detail = `${describeCpuSplit(splitInfo(plan, true))}; allowed CPUs ${formatCpuList(allowed)}`;
  if (!tasksetPath) {
    return {
      name,
      status: 'warn',
      detail: `${detail}; taskset not found: the generator would run unpinned`,
      fix: 'apt-get install util-linux (provides taskset)',
    };
  }
  return { name, status: 'ok', detail: `${detail} (taskset: ${tasksetPath})` };
}
