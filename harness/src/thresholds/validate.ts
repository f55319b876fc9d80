// Checks an experiment's `thresholds` before anything starts: every problem at once, each naming the expression's
// index, what is wrong and the fix.
import { badInput, type Issue } from '../errors/bench-error.ts';
import { nearName } from './near-name.ts';
import { WILDCARD, parseThreshold, type ParsedThreshold, type ReferenceAddress, type ThresholdAddress } from './parse.ts';
import { alternativeFor, minimumRepeats } from './significance.ts';

/** The names an expression may address: the experiment's variants and phases. */
export interface ThresholdNames {
  variants: readonly string[];
  phases: readonly string[];
  /** The figures the service's metrics map declares (every variant's service together), for `service.*` thresholds. */
  serviceFigures?: readonly string[];
}

/** `expressions` is the experiment's `thresholds` field as loaded (unknown: it comes from a user's file). */
export function validateThresholds(expressions: unknown, names: ThresholdNames, file?: string): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string, hint: string): void => {
    issues.push({ ...(file === undefined ? {} : { file }), path, message, hint });
  };
  if (expressions === undefined) return issues;
  if (!Array.isArray(expressions)) {
    add('thresholds', 'must be an array of strings', 'e.g. thresholds: ["flush.p99 < 500ms", "*.errorRate < 1%"]');
    return issues;
  }
  expressions.forEach((expression: unknown, index) => {
    const path = `thresholds[${index}]`;
    if (typeof expression !== 'string') {
      add(path, `must be a string, got ${expression === null ? 'null' : typeof expression}`, 'e.g. "flush.p99 < 500ms"');
      return;
    }
    const outcome = parseThreshold(expression);
    const quoted = JSON.stringify(expression.trim());
    if (!outcome.ok) for (const problem of outcome.problems) add(path, `${quoted}: ${problem.message}`, problem.hint);
    if (outcome.ok)
      for (const problem of serviceFigureProblems(outcome.threshold.metric, names))
        add(path, `${quoted}: ${problem.message}`, problem.hint);
    const address = outcome.ok ? addressOf(outcome.threshold) : outcome.address;
    if (address) for (const problem of nameProblems(address, names)) add(path, `${quoted}: ${problem.message}`, problem.hint);
    const reference = outcome.reference;
    if (reference)
      for (const problem of referenceProblems(reference, address, names)) add(path, `${quoted}: ${problem.message}`, problem.hint);
  });
  return issues;
}

/** `service.<instance>.<figure>.<stat>`: the figure must be one the service's metrics map names. */
function serviceFigureProblems(metric: string, names: ThresholdNames): Array<{ message: string; hint: string }> {
  const [source, , figure] = metric.split('.');
  const known = names.serviceFigures;
  if (source !== 'service' || known === undefined || figure === undefined || known.includes(figure) || figure === 'replicas') return [];
  const near = nearName(figure, known);
  return [
    {
      message: `the service's metrics map has no figure "${figure}"`,
      hint: near
        ? `did you mean "${near}"?`
        : known.length
          ? `its figures: ${known.join(', ')}, replicas`
          : 'declare it in topology.service.metrics (counters or gauges)',
    },
  ];
}

/**
 * Before anything starts: the `significant` thresholds that `repeats` runs per variant could never pass (the test
 * cannot reach p < 0.05), each with the repeats it needs. Malformed expressions are skipped (validateThresholds
 * reports them).
 */
export function validateThresholdRepeats(expressions: unknown, repeats: number, file?: string): Issue[] {
  if (!Array.isArray(expressions)) return [];
  const issues: Issue[] = [];
  expressions.forEach((expression: unknown, index) => {
    if (typeof expression !== 'string') return;
    const outcome = parseThreshold(expression);
    if (!outcome.ok) return;
    const needed = minimumRepeatsFor([outcome.threshold]);
    if (needed === undefined || repeats >= needed) return;
    const runs = repeats === 1 ? 'one run per variant' : `${repeats} repeats per variant`;
    issues.push({
      ...(file === undefined ? {} : { file }),
      path: `thresholds[${index}]`,
      message: `${JSON.stringify(expression.trim())}: with ${runs} the significance test cannot reach p < 0.05, so this threshold would always fail`,
      hint: `run with --repeat ${needed} or more (or set repeat: ${needed} in the experiment), or drop "significant" to compare the medians only`,
    });
  });
  return issues;
}

/** The fewest repeats per variant every `significant` threshold needs; undefined when none is significant. */
export function minimumRepeatsFor(thresholds: readonly ParsedThreshold[]): number | undefined {
  let needed: number | undefined;
  for (const t of thresholds) {
    if (t.kind !== 'relative' || !t.significant) continue;
    const alternative = alternativeFor(t.operator);
    if (alternative) needed = Math.max(needed ?? 0, minimumRepeats(alternative));
  }
  return needed;
}

/** Parses expressions already validated; throws bad-input (with every issue) if any is malformed. */
export function parseThresholds(expressions: readonly string[], file?: string): ParsedThreshold[] {
  const parsed: ParsedThreshold[] = [];
  const issues: Issue[] = [];
  expressions.forEach((expression, index) => {
    const outcome = parseThreshold(expression);
    if (outcome.ok) parsed.push(outcome.threshold);
    else {
      for (const problem of outcome.problems) {
        issues.push({
          ...(file === undefined ? {} : { file }),
          path: `thresholds[${index}]`,
          message: `${JSON.stringify(expression)}: ${problem.message}`,
          hint: problem.hint,
        });
      }
    }
  });
  if (issues.length > 0) throw badInput('the thresholds are malformed', 'Fix each expression listed above.', issues);
  return parsed;
}

function addressOf(threshold: ParsedThreshold): ThresholdAddress {
  return { variant: threshold.variant, phase: threshold.phase, variantGiven: threshold.variant !== WILDCARD };
}

/** The reference's names, its `*` standing for the left side's own (checked there). */
function referenceProblems(
  reference: ReferenceAddress,
  left: ThresholdAddress | undefined,
  names: ThresholdNames,
): Array<{ message: string; hint: string }> {
  const problems: Array<{ message: string; hint: string }> = [];
  const where = `in the reference "${reference.text}"`;
  if (reference.variant !== WILDCARD && !names.variants.includes(reference.variant)) {
    problems.push({
      message: `no variant is named "${reference.variant}" (${where})`,
      hint: suggest(reference.variant, names.variants, 'variants', false),
    });
  }
  if (reference.phase !== WILDCARD && !names.phases.includes(reference.phase)) {
    const phase = left && left.phase !== WILDCARD ? left.phase : '<phase>';
    const hint =
      !reference.variantGiven && names.variants.includes(reference.phase)
        ? `"${reference.phase}" is a variant: write "${reference.phase}.${phase}.${reference.metricText}"`
        : suggest(reference.phase, names.phases, 'phases', false);
    problems.push({ message: `no phase is named "${reference.phase}" (${where})`, hint });
  }
  return problems;
}

function nameProblems(address: ThresholdAddress, names: ThresholdNames): Array<{ message: string; hint: string }> {
  const problems: Array<{ message: string; hint: string }> = [];
  if (address.variant !== WILDCARD && !names.variants.includes(address.variant)) {
    problems.push({ message: `no variant is named "${address.variant}"`, hint: suggest(address.variant, names.variants, 'variants') });
  }
  if (address.phase !== WILDCARD && !names.phases.includes(address.phase)) {
    // `baseline.p99` where baseline is a variant: the phase is missing, not misspelt.
    const hint =
      !address.variantGiven && names.variants.includes(address.phase)
        ? `"${address.phase}" is a variant: write "${address.phase}.*.<metric>" for all its phases, or "${address.phase}.<phase>.<metric>"`
        : suggest(address.phase, names.phases, 'phases');
    problems.push({ message: `no phase is named "${address.phase}"`, hint });
  }
  return problems;
}

/** `wildcard`: whether * (all of them) is an alternative worth offering; a reference names one. */
function suggest(name: string, known: readonly string[], what: string, wildcard = true): string {
  const near = nearName(name, known);
  if (near !== undefined) return wildcard ? `did you mean "${near}"? (or * for all ${what})` : `did you mean "${near}"?`;
  if (known.length === 0) return `the experiment has no ${what}${wildcard ? '; use *' : ''}`;
  return wildcard ? `the ${what} are: ${known.join(', ')}; or * for all` : `the ${what} are: ${known.join(', ')}`;
}
