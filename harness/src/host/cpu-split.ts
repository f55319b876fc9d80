// Which CPUs the load generator gets and which the system under test (every container) gets. Pure.
//
// Why a split: on a small host the generator and the stack compete for the same cores, and whichever waits for a
// core shows it as latency: the generator's wait lands in the figures it measures, the stack's in the system's.
// With disjoint CPU sets each side's limit is its own, and the monitor can say which side ran out (stack CPUs busy,
// or generator saturated).
// Default: the generator takes ceil(n/4) CPUs (at least 1) from the end of the allowed list, the stack the rest.
// A quarter, because bench's generator costs ~30-90 us of CPU per request (issue #11) while a request through the
// stack (HAProxy, Node service, PostgreSQL/Redis) costs several times that, so the stack is the side that needs
// most cores; from the end, because CPU 0 takes most of the kernel's own interrupt and housekeeping work, which
// belongs with the system side. On 2 CPUs: generator 1, stack 0. On 8: generator 6-7, stack 0-5.
import { formatCpuList, parseCpuList } from './cpu-list.ts';

export type CpuSplitSource = 'default' | 'flag' | 'experiment' | 'off';

/** What a user asked for: a generator CPU list, `false` for no split, undefined for the default. */
export type CpuSplitRequest = { generatorCpus: string } | false | undefined;

export interface CpuSplitPlan {
  /** Empty when there is no split (off, or fewer than two allowed CPUs). */
  generator: number[];
  stack: number[];
  source: CpuSplitSource;
  /** Why this split (or none), for doctor and logs. */
  reason: string;
}

/** As recorded in run.json (EnvironmentInfo.cpuSplit). */
export interface CpuSplitInfo {
  /** CPU list, e.g. "1"; empty string when there is no split. */
  generator: string;
  stack: string;
  source: CpuSplitSource;
  /** Whether this process (and its threads and children) really runs on `generator` (taskset worked). */
  pinned: boolean;
}

export interface CpuSplitProblem {
  message: string;
  hint: string;
}

/** ceil(n/4), at least 1, from the end of the allowed list; [] when fewer than two CPUs are allowed. */
export function defaultGeneratorCpus(allowed: readonly number[]): number[] {
  if (allowed.length < 2) return [];
  const count = Math.max(1, Math.ceil(allowed.length / 4));
  return [...allowed].sort((a, b) => a - b).slice(-count);
}

/** The split for `request` on a process allowed `allowed`; problems name what is wrong and the fix (nothing is pinned). */
export function planCpuSplit(
  allowed: readonly number[],
  request: CpuSplitRequest,
  source: Exclude<CpuSplitSource, 'off' | 'default'> = 'flag',
): { ok: true; plan: CpuSplitPlan } | { ok: false; problems: CpuSplitProblem[] } {
  const sorted = [...allowed].sort((a, b) => a - b);
  const allowedText = formatCpuList(sorted);
  if (request === false) return { ok: true, plan: { generator: [], stack: [], source: 'off', reason: 'the split is turned off' } };
  if (request === undefined) {
    const generator = defaultGeneratorCpus(sorted);
    if (generator.length === 0) {
      return {
        ok: true,
        plan: { generator: [], stack: [], source: 'default', reason: `only CPU ${allowedText} is allowed, too few to split` },
      };
    }
    const stack = sorted.filter((c) => !generator.includes(c));
    return {
      ok: true,
      plan: {
        generator,
        stack,
        source: 'default',
        reason: `default: a quarter of the ${sorted.length} allowed CPUs (${allowedText}) for the generator, from the end`,
      },
    };
  }
  const parsed = parseCpuList(request.generatorCpus);
  if (!parsed.ok) {
    return {
      ok: false,
      problems: [
        {
          message: `"${request.generatorCpus}" is not a CPU list (${parsed.error})`,
          hint: `a CPU list like "1" or "2-3" or "1,3" from the allowed CPUs ${allowedText}, or "none" for no split`,
        },
      ],
    };
  }
  const problems: CpuSplitProblem[] = [];
  const outside = parsed.cpus.filter((c) => !sorted.includes(c));
  if (outside.length > 0) {
    problems.push({
      message: `CPU ${formatCpuList(outside)} ${outside.length === 1 ? 'does' : 'do'} not exist or ${outside.length === 1 ? 'is' : 'are'} not allowed for this process (allowed: ${allowedText})`,
      hint: `pick generator CPUs from ${allowedText}`,
    });
  }
  const stack = sorted.filter((c) => !parsed.cpus.includes(c));
  if (stack.length === 0) {
    problems.push({
      message: `leaves no CPU for the system under test (allowed: ${allowedText})`,
      hint:
        sorted.length < 2
          ? 'with one CPU there is nothing to split: use "none"'
          : `leave at least one of ${allowedText} to the stack, e.g. "${formatCpuList(defaultGeneratorCpus(sorted))}"`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, plan: { generator: parsed.cpus, stack, source, reason: `set by ${source === 'flag' ? 'flag' : 'the experiment'}` } };
}

/** "generator CPU 1, stack CPU 0 (default)" or "off (the split is turned off)". */
export function describeCpuSplit(split: Pick<CpuSplitInfo, 'generator' | 'stack' | 'source'> & { pinned?: boolean }): string {
  if (!split.generator)
    return `no split (${split.source === 'off' ? 'turned off' : 'fewer than two CPUs'}): generator and containers share every CPU`;
  const pinned = split.pinned === false ? ', generator NOT pinned (taskset missing or failed)' : '';
  return `generator CPU ${split.generator}, stack CPU ${split.stack} (${split.source}${pinned})`;
}

export function splitInfo(plan: CpuSplitPlan, pinned: boolean): CpuSplitInfo {
  return { generator: formatCpuList(plan.generator), stack: formatCpuList(plan.stack), source: plan.source, pinned };
}
