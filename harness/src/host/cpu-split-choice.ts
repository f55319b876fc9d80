// Turns the flags (--generator-cpus, --no-cpu-split) and the experiment's `cpuSplit` field into one split, or
// into exit-2 problems that name the flag or field and the fix. A flag wins over the experiment, which wins over
// the default. Pure: the allowed CPUs are passed in.
import { badInput, type Issue } from '../errors/bench-error.ts';
import { planCpuSplit, type CpuSplitPlan, type CpuSplitRequest } from './cpu-split.ts';

export interface CpuSplitFlags {
  /** `--generator-cpus <list>`; "none" turns the split off. */
  generatorCpus?: string;
  /** commander's `--no-cpu-split` sets this to false. */
  cpuSplit?: boolean;
}

const FLAG = '--generator-cpus';

export const GENERATOR_CPUS_HELP =
  "CPUs for the load generator, e.g. 1 or 2-3; containers get the others (default: a quarter of the allowed CPUs, from the end; 'none': no split)";
export const NO_CPU_SPLIT_HELP = 'generator and containers share every CPU (same as --generator-cpus none)';

/** The flags' request, or null when no flag was given. */
export function flagRequest(flags: CpuSplitFlags): CpuSplitRequest | null {
  if (flags.cpuSplit === false) return false;
  if (flags.generatorCpus === undefined) return null;
  return flags.generatorCpus.trim().toLowerCase() === 'none' ? false : { generatorCpus: flags.generatorCpus };
}

/** Problems with the flags (conflicts, bad lists, CPUs not allowed), each naming the flag. */
export function cpuSplitFlagIssues(flags: CpuSplitFlags, allowed: readonly number[]): Issue[] {
  if (flags.cpuSplit === false && flags.generatorCpus !== undefined && flags.generatorCpus.trim().toLowerCase() !== 'none') {
    return [{ path: FLAG, message: `"${flags.generatorCpus}" and --no-cpu-split contradict each other`, hint: 'pass one of them' }];
  }
  const request = flagRequest(flags);
  if (request === null || request === false) return [];
  const planned = planCpuSplit(allowed, request, 'flag');
  return planned.ok ? [] : planned.problems.map((p) => ({ path: FLAG, ...p }));
}

/** Problems with an experiment's `cpuSplit` value (shape, list syntax, CPUs not allowed), each naming the field. */
export function cpuSplitFieldIssues(value: unknown, allowed: readonly number[], file?: string, path = 'cpuSplit'): Issue[] {
  const at = (p: string, message: string, hint: string): Issue => ({ ...(file ? { file } : {}), path: p, message, hint });
  if (value === undefined || value === false) return [];
  const example = "cpuSplit: { generatorCpus: '1' } (generator on CPU 1, containers on the rest), or cpuSplit: false (no split)";
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [at(path, `must be an object or false, got ${JSON.stringify(value)}`, example)];
  }
  const { generatorCpus, ...rest } = value as Record<string, unknown>;
  const issues = Object.keys(rest).map((k) => at(`${path}.${k}`, `unknown field "${k}"`, `remove it; known fields: generatorCpus`));
  if (typeof generatorCpus !== 'string') {
    issues.push(
      at(
        `${path}.generatorCpus`,
        `must be a CPU list string, got ${generatorCpus === undefined ? 'missing' : JSON.stringify(generatorCpus)}`,
        example,
      ),
    );
    return issues;
  }
  const planned = planCpuSplit(allowed, { generatorCpus }, 'experiment');
  if (!planned.ok) issues.push(...planned.problems.map((p) => at(`${path}.generatorCpus`, p.message, p.hint)));
  return issues;
}

/** The split to use; exit 2 (nothing started) when the flags are wrong. The experiment's field is validated with the file. */
export function chooseCpuSplit(allowed: readonly number[], flags: CpuSplitFlags, experiment?: CpuSplitRequest): CpuSplitPlan {
  const issues = cpuSplitFlagIssues(flags, allowed);
  if (issues.length > 0)
    throw badInput(`${FLAG}: ${issues.length === 1 ? 'a problem' : `${issues.length} problems`}; nothing was started`, undefined, issues);
  const fromFlag = flagRequest(flags);
  const request = fromFlag ?? experiment;
  const planned = planCpuSplit(allowed, request, fromFlag !== null ? 'flag' : 'experiment');
  if (!planned.ok) {
    // Only reachable for an experiment not validated with this machine's CPUs; still named and not started.
    throw badInput(
      'cpuSplit: the CPU split cannot be used on this machine; nothing was started',
      undefined,
      planned.problems.map((p) => ({ path: 'cpuSplit.generatorCpus', ...p })),
    );
  }
  return planned.plan;
}
