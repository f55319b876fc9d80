// Variants and runs for comparison tests: the shared run fixture's no-coalescing variant, and a coalescing variant
// whose flush phase has round ratios to it (requests ×2, p50 and p99.9 ×0.5, DB q/s ×0.05).
import type { RunResult, VariantResult } from '../../results/run-result.ts';
import { fixtureRunResult } from '../run-result-fixture.ts';

export function noCoalescingVariant(): VariantResult {
  const variant = fixtureRunResult().variants[0];
  if (!variant) throw new Error('the run fixture lost its first variant');
  return structuredClone(variant);
}

export function coalescingVariant(): VariantResult {
  const variant = noCoalescingVariant();
  variant.name = 'coalescing';
  const flush = variant.phases[1];
  if (!flush) throw new Error('the run fixture lost its flush phase');
  flush.requests = 87_024;
  flush.rps = 5801.6;
  flush.errorRate = 0;
  flush.errors = {};
  flush.latencyMs = { ...flush.latencyMs, p50: 9.205, p99: 412, p999: 1005.75 };
  flush.server = { dbQueriesPerSec: 143.73, cacheHitRatio: 0.82 };
  flush.dropped = 12;
  return variant;
}

/** A saved run of `variants`, with its own run id. */
export function fixtureRun(runId: string, variants: VariantResult[], changes: Partial<RunResult> = {}): RunResult {
  return { ...fixtureRunResult(), runId, variants, events: [], ...changes };
}
