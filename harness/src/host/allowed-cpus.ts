// The CPUs this process may run on: a container, cgroup cpuset or taskset can allow fewer than the machine has,
// and os.cpus() lists the machine's. Linux: /proc/self/status Cpus_allowed_list; elsewhere every CPU os.cpus() lists.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseCpuList } from './cpu-list.ts';

export function readAllowedCpus(): number[] {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(status);
    const parsed = line ? parseCpuList(line[1]!) : null;
    if (parsed?.ok) return parsed.cpus;
  } catch {
    // Not Linux: fall through.
  }
  return cpus().map((_, i) => i);
}
