// Checks parsed thresholds against a recorded run. Pure. Nothing passes silently: a figure that was not measured, or
// a phase or variant the run never recorded (an aborted run), fails with `actual: null` and a note saying why.
import type { PhaseResult, RunResult, ThresholdResult, VariantResult } from '../results/run-result.ts';
import { readMetric } from './metrics.ts';
import { WILDCARD, type Operator, type ParsedThreshold } from './parse.ts';

/** One result per (threshold, variant, phase) the threshold addresses, in threshold, variant, phase order. */
export function evaluateThresholds(parsed: readonly ParsedThreshold[], result: RunResult): ThresholdResult[] {
  return parsed.flatMap((threshold) => evaluateOne(threshold, result));
}

/** True when every result passed (also when there are none). */
export function thresholdsPassed(results: readonly ThresholdResult[]): boolean {
  return results.every((r) => r.passed);
}

export function compareValue(actual: number, operator: Operator, value: number): boolean {
  switch (operator) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}

function evaluateOne(threshold: ParsedThreshold, result: RunResult): ThresholdResult[] {
  const variants =
    threshold.variant === WILDCARD ? result.variants : result.variants.filter((v) => v.name === threshold.variant);
  if (variants.length === 0) {
    const note =
      threshold.variant === WILDCARD ? 'the run recorded no variant' : `the run recorded no variant named "${threshold.variant}"`;
    return [missing(threshold, threshold.variant, threshold.phase, note)];
  }
  return variants.flatMap((variant) => evaluateVariant(threshold, variant));
}

function evaluateVariant(threshold: ParsedThreshold, variant: VariantResult): ThresholdResult[] {
  const phases = threshold.phase === WILDCARD ? variant.phases : variant.phases.filter((p) => p.name === threshold.phase);
  if (phases.length === 0) {
    const note =
      threshold.phase === WILDCARD
        ? 'this variant recorded no phase'
        : `this variant recorded no phase named "${threshold.phase}" (the run may have ended early)`;
    return [missing(threshold, variant.name, threshold.phase, note)];
  }
  return phases.map((phase) => evaluatePhase(threshold, variant.name, phase));
}

function evaluatePhase(threshold: ParsedThreshold, variant: string, phase: PhaseResult): ThresholdResult {
  const reading = readMetric(phase, threshold.metric);
  if (reading.value === null) return missing(threshold, variant, phase.name, reading.note ?? 'not measured');
  return {
    expression: threshold.expression,
    variant,
    phase: phase.name,
    metric: threshold.metric,
    actual: reading.value,
    passed: compareValue(reading.value, threshold.operator, threshold.value),
  };
}

function missing(threshold: ParsedThreshold, variant: string, phase: string, note: string): ThresholdResult {
  return { expression: threshold.expression, variant, phase, metric: threshold.metric, actual: null, passed: false, note };
}
