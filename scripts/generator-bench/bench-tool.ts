// bench's own drivers as the benchmark runs them: each run in a child process (bench-child.ts) under /usr/bin/time.
import { fileURLToPath } from 'node:url';
import { createDriver, type DriverName } from '../../harness/src/driver/create-driver.ts';
import type { LoadSummary } from '../../harness/src/load/load-summary.ts';
import type { ChildArgs } from './bench-child.ts';
import type { ToolRun } from './measure.ts';
import { runTimed } from './processes.ts';

export const CHILD = fileURLToPath(new URL('./bench-child.ts', import.meta.url));

/**
 * Names that may be closed-loop drivers: 'closed' (bench's own loop) and 'autocannon'; every one createDriver knows
 * is run. BENCH_CLOSED_DRIVERS=a,b overrides the list.
 */
const CLOSED_CANDIDATES = (process.env.BENCH_CLOSED_DRIVERS ?? 'closed,autocannon').split(',').filter((n) => n.length > 0);

/** The closed-loop drivers createDriver knows, each once (two names for one driver object count once). */
export function closedDriverNames(): string[] {
  const seen = new Set<unknown>();
  const names: string[] = [];
  for (const name of CLOSED_CANDIDATES) {
    try {
      // With no k6, an unknown name falls through to the k6 branch and throws: that is how "unknown" shows today.
      const driver = createDriver(name as DriverName, { findK6: () => undefined });
      if (driver.name === 'open' || driver.name === 'k6' || seen.has(driver)) continue;
      seen.add(driver);
      names.push(name);
    } catch {
      // not a driver name (yet)
    }
  }
  return names;
}

export async function runBench(
  driver: string,
  url: string,
  ratePerSec: number | null,
  seconds: number,
  connections: number,
  warmupMs?: number,
): Promise<ToolRun> {
  const args: ChildArgs = {
    driver,
    url,
    connections,
    seconds,
    ...(ratePerSec !== null ? { ratePerSec } : {}),
    ...(warmupMs !== undefined ? { warmupMs } : {}),
  };
  const r = await runTimed(process.execPath, [CHILD, JSON.stringify(args)], { timeoutMs: (seconds + 60) * 1000 });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.exitCode !== 0 || !line.startsWith('{'))
    throw new Error(`bench ${driver} exited with ${r.exitCode}: ${r.stderr.trim().slice(-1500)}`);
  const { summary } = JSON.parse(line) as { summary: LoadSummary };
  // errors.dropped repeats `dropped`: the other classes are failed requests.
  const errors = Object.entries(summary.errors).reduce((s, [cls, n]) => s + (cls === 'dropped' ? 0 : (n ?? 0)), 0);
  return {
    cpuUs: r.cpuUs,
    dropped: ratePerSec === null ? null : summary.dropped,
    errors,
    p50Ms: summary.latencyMs.p50,
    p99Ms: summary.latencyMs.p99,
    generator: summary.generatorSaturated ? summary.generator.reasons.join('; ') : '',
  };
}
