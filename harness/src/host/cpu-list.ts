// Linux CPU lists ("0-1,3", as in /proc/self/status Cpus_allowed_list, taskset -c and Docker's CpusetCpus). Pure.

export type CpuListParse = { ok: true; cpus: number[] } | { ok: false; error: string };

/** Highest CPU index accepted; far above any real machine, low enough that "0-99999999" cannot allocate much. */
const MAX_CPU = 4095;

/** "0-1,3" -> [0, 1, 3] (sorted, deduplicated). */
export function parseCpuList(text: string): CpuListParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'is empty' };
  const cpus = new Set<number>();
  for (const part of trimmed.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) return { ok: false, error: `"${part.trim()}" is not a CPU number or range (a-b)` };
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return { ok: false, error: `range "${part.trim()}" ends before it starts` };
    if (to > MAX_CPU) return { ok: false, error: `CPU ${to} is above ${MAX_CPU}` };
    for (let cpu = from; cpu <= to; cpu++) cpus.add(cpu);
  }
  return { ok: true, cpus: [...cpus].sort((a, b) => a - b) };
}

/** [0, 1, 3] -> "0-1,3". */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
