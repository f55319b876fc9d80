// What `bench load` reports: one JSON object (--json) or a short readable block, both from the same figures.
import { isClosedLoop } from '../driver/driver.ts';
import { describeCpuSplit, type CpuSplitInfo } from '../host/cpu-split.ts';
import { stackCpuNote, type StackCpuVerdict } from '../generator/saturation.ts';
import type { ErrorCounts } from '../results/run-result.ts';
import type { LatencyHistogram } from '../recorder/latency-histogram.ts';
import { droppedNote, droppedShare } from '../report/format.ts';

export interface LatencyPercentilesMs {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export interface LoadSummary {
  driver: string;
  url: string;
  connections: number;
  /** The arrival rate asked for; null when closed loop ran flat out. */
  targetRatePerSec: number | null;
  durationMs: number;
  /**
   * Requests due in the measured window that ended, answered or failed (including timeouts of requests that waited
   * for a connection past --timeout and never left); dropped ones are not in it.
   */
  requests: number;
  rps: number;
  /** Open model and k6: requests due but never sent (the waiting line was full; k6: every VU was busy). */
  dropped: number;
  /** (errors + dropped) / (requests + dropped): a dropped request is a failed one (errors.dropped). */
  errorRate: number;
  errors: ErrorCounts;
  /** Over `requests`: drops have no latency (formatLoadSummary says so). Closed loop with a rate: corrected for coordinated omission. */
  latencyMs: LatencyPercentilesMs;
  uncorrectedLatencyMs?: LatencyPercentilesMs;
  generatorSaturated: boolean;
  generator: {
    seconds: number;
    saturatedSeconds: number;
    reasons: string[];
    stackCpu?: StackCpuVerdict /** saturation.ts WindowVerdict.worstDelayMs */;
    worstDelayMs?: number;
  };
  /** Which CPUs the generator ran on and which it left to the stack (bench load: to whatever serves the URL). */
  cpuSplit?: CpuSplitInfo;
}

/** p50..max in ms from a histogram (LatencySummaryMs has no p95; the load summary wants it). */
export function percentilesMs(histogram: LatencyHistogram): LatencyPercentilesMs {
  if (histogram.count === 0) return { p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  return {
    p50: histogram.percentileMs(50),
    p90: histogram.percentileMs(90),
    p95: histogram.percentileMs(95),
    p99: histogram.percentileMs(99),
    p999: histogram.percentileMs(99.9),
    max: histogram.percentileMs(100),
  };
}

export function formatLoadSummary(s: LoadSummary): string {
  const model =
    s.driver === 'open'
      ? 'open model'
      : s.driver === 'closed'
        ? 'closed loop'
        : s.driver === 'autocannon'
          ? 'closed loop (autocannon)'
          : s.driver === 'k6'
            ? 'k6 arrival rate'
            : s.driver;
  const rate = s.targetRatePerSec === null ? 'as fast as it answers' : `${s.targetRatePerSec} req/s`;
  const errorText = Object.entries(s.errors)
    .map(([cls, n]) => `${cls} ${n}`)
    .join(', ');
  const lines = [
    `${s.url}: ${model}, ${rate}, ${s.connections} connections, ${fmtSeconds(s.durationMs)}`,
    `  requests   ${s.requests} (${s.rps.toFixed(1)} req/s)${isClosedLoop(s.driver) ? '' : `, dropped ${s.dropped}`}`,
    `  errors     ${(s.errorRate * 100).toFixed(2)}%${errorText ? ` (${errorText})` : ''}`,
    `  latency    ${latencyLine(s.latencyMs)}${s.uncorrectedLatencyMs ? '  (corrected for coordinated omission)' : ''}`,
  ];
  const excluded = droppedNote(s);
  if (excluded) lines.push(`             ${excluded}: never sent, so not measured`);
  if (s.uncorrectedLatencyMs) lines.push(`  raw        ${latencyLine(s.uncorrectedLatencyMs)}  (uncorrected: understates)`);
  // As loud as a saturated generator: the drops are the slowest requests, missing from every percentile.
  if (s.dropped > 0) {
    lines.push(
      `  DROPPED    ${droppedShare(s)}: ${s.driver === 'k6' ? 'k6 found every VU busy (raise --connections)' : 'the waiting line was full (raise or drop --max-queue)'}; ` +
        'counted as failed requests, and the percentiles above understate the latency',
    );
  }
  lines.push(
    s.generatorSaturated
      ? `  generator  SATURATED in ${s.generator.saturatedSeconds}/${s.generator.seconds} s: ${s.generator.reasons.join('; ')}; these figures measure the load generator too`
      : `  generator  kept up (${s.generator.saturatedSeconds}/${s.generator.seconds} s over a line)`,
  );
  const stack = stackCpuNote(s.generator.stackCpu, s.generatorSaturated);
  if (stack) lines.push(`  STACK CPU  ${stack}`);
  else if (s.generator.stackCpu)
    lines.push(`  stack CPU  ${s.generator.stackCpu.cpus}: ${Math.round(s.generator.stackCpu.busyPercent)}% busy`);
  if (s.cpuSplit) lines.push(`  CPUs       ${describeCpuSplit(s.cpuSplit)}`);
  return lines.join('\n');
}

export function latencyLine(l: LatencyPercentilesMs): string {
  return `p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  p99.9 ${ms(l.p999)}  max ${ms(l.max)}`;
}

const ms = (v: number): string => `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v)} ms`;
const fmtSeconds = (durationMs: number): string => `${durationMs / 1000} s`;
