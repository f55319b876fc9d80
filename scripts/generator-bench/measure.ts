// Figures of one tool at one rate: a short and a long run, their difference is the marginal cost (start-up, JIT,
// connection set-up and k6's script compilation cancel out). Pure: no I/O.
import { median } from '../../harness/src/stats/median.ts';

/** What a tool reports about one run (requests come from nginx, the same counter for every tool). */
export interface ToolRun {
  cpuUs: number;
  /** Requests due but never sent; null when the tool has no such notion (wrk2 sends late instead, wrk is closed). */
  dropped: number | null;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** The harness's generator check: '' ok, else its reasons; null when the tool has no such check. */
  generator: string | null;
}

export interface ServedRun extends ToolRun {
  /** Requests nginx served during the run. */
  served: number;
  seconds: number;
}

/** One round's figures for one tool: latency, drops and rate from the long run, CPU from long minus short. */
export interface RoundFigures {
  requests: number;
  reqPerSec: number;
  dropped: number | null;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  marginalCpuUsPerRequest: number;
  generator: string | null;
}

export function roundFigures(short: ServedRun, long: ServedRun): RoundFigures {
  const extra = long.served - short.served;
  return {
    requests: long.served,
    reqPerSec: long.served / long.seconds,
    dropped: long.dropped,
    errors: long.errors,
    p50Ms: long.p50Ms,
    p99Ms: long.p99Ms,
    marginalCpuUsPerRequest: extra > 0 ? (long.cpuUs - short.cpuUs) / extra : Number.NaN,
    generator: long.generator,
  };
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite) };
}

/** Every round of one tool at one rate (or at the ceiling), summarised as medians with their min-max range. */
export interface ToolResult {
  tool: string;
  rounds: RoundFigures[];
  /** Why rounds are missing (a failed run), one line each. */
  failures: string[];
}

export interface ToolSummary {
  tool: string;
  rounds: number;
  requests: Spread;
  reqPerSec: Spread;
  dropped: Spread | null;
  errors: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  cpuUs: Spread;
  /** Generator check per round: null when the tool has none; else how many rounds were flagged and why. */
  generator: { flagged: number; reasons: string[] } | null;
  failures: string[];
}

export function summarise(result: ToolResult): ToolSummary {
  const r = result.rounds;
  const checked = r.filter((x) => x.generator !== null);
  const flagged = checked.filter((x) => x.generator !== '');
  return {
    tool: result.tool,
    rounds: r.length,
    requests: spread(r.map((x) => x.requests)),
    reqPerSec: spread(r.map((x) => x.reqPerSec)),
    dropped: r.some((x) => x.dropped !== null) ? spread(r.map((x) => x.dropped ?? Number.NaN)) : null,
    errors: spread(r.map((x) => x.errors)),
    p50Ms: spread(r.map((x) => x.p50Ms)),
    p99Ms: spread(r.map((x) => x.p99Ms)),
    cpuUs: spread(r.map((x) => x.marginalCpuUsPerRequest)),
    generator: checked.length === 0 ? null : { flagged: flagged.length, reasons: [...new Set(flagged.map((x) => x.generator!))] },
    failures: result.failures,
  };
}
