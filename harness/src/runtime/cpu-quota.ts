// A container's CPU limit as a CFS quota over a short period. Pure.
// Docker's `--cpus` (NanoCpus) uses the kernel's default 100 ms period: a container limited to 0.15 cores may run
// 15 ms and is then frozen for 85 ms, so under load every request that arrives in the frozen part waits up to
// 85 ms, and a p99 SLO near 100 ms fails at 60-80% average use, at rates that pass on the next run. Over a 10 ms
// period the same limit freezes the container for at most 8.5 ms at a time: the limit behaves like a slower CPU,
// and the knee of a capacity search sits near the limit itself.

/** The period bench uses, unless the quota would fall below the kernel's minimum. */
export const CPU_PERIOD_US = 10_000;
/** The kernel refuses cfs_quota_us below 1 ms. */
const MIN_QUOTA_US = 1_000;

export interface CpuQuota {
  periodUs: number;
  quotaUs: number;
}

export function cpuQuotaFor(cpus: number): CpuQuota {
  if (!(cpus > 0) || !Number.isFinite(cpus)) throw new RangeError(`cpus must be a positive number, got ${cpus}`);
  const periodUs = Math.max(CPU_PERIOD_US, Math.ceil(MIN_QUOTA_US / cpus));
  return { periodUs, quotaUs: Math.round(cpus * periodUs) };
}

/** The limit a container was given, whichever way it was set (NanoCpus, or quota over period). */
export function cpusOf(host: { NanoCpus?: number; CpuQuota?: number; CpuPeriod?: number }): number {
  if (host.NanoCpus) return host.NanoCpus / 1e9;
  if (host.CpuQuota && host.CpuQuota > 0 && host.CpuPeriod) return host.CpuQuota / host.CpuPeriod;
  return 0;
}
