// What `bench load` reports: one JSON object (--json) or a short readable block, both from the same figures.
import type { ErrorCounts } from '../results/run-result.ts';
import type { LatencyHistogram } from '../recorder/latency-histogram.ts';

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
  /** Requests that ended (responses and errors) among those sent in the measured window. */
  requests: number;
  rps: number;
  /** Open model: requests never sent because every connection was busy and the waiting line was full. */
  dropped: number;
  errorRate: number;
  errors: ErrorCounts;
  /** Closed loop with a rate: corrected for coordinated omission (the uncorrected figures beside it). */
  latencyMs: LatencyPercentilesMs;
  uncorrectedLatencyMs?: LatencyPercentilesMs;
  generatorSaturated: boolean;
  generator: { seconds: number; saturatedSeconds: number; reasons: string[] };
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
  const model = s.driver === 'open' ? 'open model' : s.driver === 'closed' ? 'closed loop' : s.driver === 'k6' ? 'k6 arrival rate' : s.driver;
  const rate = s.targetRatePerSec === null ? 'as fast as it answers' : `${s.targetRatePerSec} req/s`;
  const errorText = Object.entries(s.errors)
    .map(([cls, n]) => `${cls} ${n}`)
    .join(', ');
  const lines = [
    `${s.url}: ${model}, ${rate}, ${s.connections} connections, ${fmtSeconds(s.durationMs)}`,
    `  requests   ${s.requests} (${s.rps.toFixed(1)} req/s)${s.driver === 'closed' ? '' : `, dropped ${s.dropped}`}`,
    `  errors     ${(s.errorRate * 100).toFixed(2)}%${errorText ? ` (${errorText})` : ''}`,
    `  latency    ${latencyLine(s.latencyMs)}${s.uncorrectedLatencyMs ? '  (corrected for coordinated omission)' : ''}`,
  ];
  if (s.uncorrectedLatencyMs) lines.push(`  raw        ${latencyLine(s.uncorrectedLatencyMs)}  (uncorrected: understates)`);
  lines.push(
    s.generatorSaturated
      ? `  generator  SATURATED in ${s.generator.saturatedSeconds}/${s.generator.seconds} s: ${s.generator.reasons.join('; ')}; these figures measure the load generator too`
      : `  generator  kept up (${s.generator.saturatedSeconds}/${s.generator.seconds} s over a line)`,
  );
  return lines.join('\n');
}

export function latencyLine(l: LatencyPercentilesMs): string {
  return `p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  p99.9 ${ms(l.p999)}  max ${ms(l.max)}`;
}

const ms = (v: number): string => `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v)} ms`;
const fmtSeconds = (durationMs: number): string => `${durationMs / 1000} s`;
