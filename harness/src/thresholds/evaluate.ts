// Checks parsed thresholds against a recorded run. Pure. Nothing passes silently: a figure that was not measured, or
// a phase or variant the run never recorded (an aborted run), fails with `actual: null` and a note saying why.
//
// Relative thresholds compare the figures as reported (with repeats: the medians across them). `significant` ones
// also need a one-sided Mann-Whitney U test over the repeats' own values (the left side's against factor × the
// reference's) to give p < 0.05. Each such threshold is one claim stated before the run, so there is no correction
// for testing several; a threshold the run has too few repeats to ever pass fails with the repeats it needs.
import type {
  PhaseResult,
  RunResult,
  ThresholdReferenceResult,
  ThresholdResult,
  ThresholdSignificance,
  VariantResult,
} from '../results/run-result.ts';
import { readMetric, type MetricName } from './metrics.ts';
import { WILDCARD, type AbsoluteThreshold, type Operator, type ParsedThreshold, type RelativeThreshold } from './parse.ts';
import { SIGNIFICANCE_ALPHA, alternativeFor, formatPValue, testSignificance } from './significance.ts';

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
  const variants = threshold.variant === WILDCARD ? result.variants : result.variants.filter((v) => v.name === threshold.variant);
  if (variants.length === 0) {
    const note =
      threshold.variant === WILDCARD ? 'the run recorded no variant' : `the run recorded no variant named "${threshold.variant}"`;
    return [missing(threshold, threshold.variant, threshold.phase, note)];
  }
  return variants.flatMap((variant) => evaluateVariant(threshold, variant, result));
}

function evaluateVariant(threshold: ParsedThreshold, variant: VariantResult, result: RunResult): ThresholdResult[] {
  const phases = threshold.phase === WILDCARD ? variant.phases : variant.phases.filter((p) => p.name === threshold.phase);
  if (phases.length === 0) {
    const note =
      threshold.phase === WILDCARD
        ? 'this variant recorded no phase'
        : `this variant recorded no phase named "${threshold.phase}" (the run may have ended early)`;
    return [missing(threshold, variant.name, threshold.phase, note)];
  }
  if (threshold.kind === 'absolute') return phases.map((phase) => evaluatePhase(threshold, variant.name, phase));
  return phases.flatMap((phase) => evaluateRelative(threshold, variant, phase, result));
}

function evaluatePhase(threshold: AbsoluteThreshold, variant: string, phase: PhaseResult): ThresholdResult {
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

/** [] for the reference itself under a left `*` (`*.flush.p99 < none.flush.p99` does not compare none with none). */
function evaluateRelative(threshold: RelativeThreshold, variant: VariantResult, phase: PhaseResult, result: RunResult): ThresholdResult[] {
  const ref = threshold.reference;
  const refVariantName = ref.variant === WILDCARD ? variant.name : ref.variant;
  const refPhaseName = ref.phase === WILDCARD ? phase.name : ref.phase;
  if (refVariantName === variant.name && refPhaseName === phase.name && ref.metric === threshold.metric) return [];

  const base = {
    expression: threshold.expression,
    variant: variant.name,
    phase: phase.name,
    metric: threshold.metric,
    factor: threshold.factor,
  };
  const reference: ThresholdReferenceResult = { variant: refVariantName, phase: refPhaseName, metric: ref.metric, value: null };
  const reading = readMetric(phase, threshold.metric);
  const actual = reading.value;
  const fail = (note: string, significance?: ThresholdSignificance): ThresholdResult => ({
    ...base,
    actual,
    passed: false,
    note,
    reference,
    ...(significance ? { significance } : {}),
  });

  const refVariant = result.variants.find((v) => v.name === refVariantName);
  if (!refVariant) return [fail(`the run recorded no variant named "${refVariantName}" (the reference)`)];
  const refPhase = refVariant.phases.find((p) => p.name === refPhaseName);
  if (!refPhase) return [fail(`the reference ${refVariantName} recorded no phase named "${refPhaseName}" (the run may have ended early)`)];
  const refReading = readMetric(refPhase, ref.metric);
  reference.value = refReading.value;
  if (actual === null) return [fail(reading.note ?? 'not measured')];
  if (refReading.value === null)
    return [fail(`the reference ${refVariantName}.${refPhaseName}.${ref.metric} was not measured: ${refReading.note ?? 'no value'}`)];

  const holds = compareValue(actual, threshold.operator, threshold.factor * refReading.value);
  if (!threshold.significant) return [{ ...base, actual, passed: holds, reference }];

  const alternative = alternativeFor(threshold.operator);
  if (!alternative) return [fail(`"significant" needs a direction, and ${threshold.operator} has none`)];
  const left = repeatValues(variant, phase.name, threshold.metric);
  const right = repeatValues(refVariant, refPhaseName, ref.metric)?.map((v) => threshold.factor * v);
  const outcome = testSignificance(left, right, alternative);
  const significance = outcome.significance;
  if (outcome.note !== undefined) return [fail(outcome.note, significance)];
  const significant = significance.pValue !== null && significance.pValue < SIGNIFICANCE_ALPHA;
  if (holds && significant) return [{ ...base, actual, passed: true, reference, significance }];
  if (!holds) return [{ ...base, actual, passed: false, reference, significance }];
  return [
    fail(
      `not significant: ${formatPValue(significance.pValue)}, not below ${SIGNIFICANCE_ALPHA}, over ${repeatCounts(significance)}`,
      significance,
    ),
  ];
}

/** The figure in each repeat that measured it; undefined when the variant has no repeats. */
function repeatValues(variant: VariantResult, phase: string, metric: MetricName): number[] | undefined {
  if (!variant.repeats) return undefined;
  return variant.repeats.flatMap((r) => {
    const recorded = r.phases.find((p) => p.name === phase);
    const value = recorded ? readMetric(recorded, metric).value : null;
    return value !== null && Number.isFinite(value) ? [value] : [];
  });
}

function repeatCounts(s: ThresholdSignificance): string {
  return s.n === s.m ? `${s.n} repeats each` : `${s.n} and ${s.m} repeats`;
}

function missing(threshold: ParsedThreshold, variant: string, phase: string, note: string): ThresholdResult {
  return { expression: threshold.expression, variant, phase, metric: threshold.metric, actual: null, passed: false, note };
}
