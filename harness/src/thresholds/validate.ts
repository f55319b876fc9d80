// Checks an experiment's `thresholds` before anything starts: every problem at once, each naming the expression's
// index, what is wrong and the fix.
import { badInput, type Issue } from '../errors/bench-error.ts';
import { nearName } from './near-name.ts';
import { WILDCARD, parseThreshold, type ParsedThreshold, type ThresholdAddress } from './parse.ts';

/** The names an expression may address: the experiment's variants and phases. */
export interface ThresholdNames {
  variants: readonly string[];
  phases: readonly string[];
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
    const address = outcome.ok ? addressOf(outcome.threshold) : outcome.address;
    if (address) for (const problem of nameProblems(address, names)) add(path, `${quoted}: ${problem.message}`, problem.hint);
  });
  return issues;
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
        issues.push({ ...(file === undefined ? {} : { file }), path: `thresholds[${index}]`, message: `${JSON.stringify(expression)}: ${problem.message}`, hint: problem.hint });
      }
    }
  });
  if (issues.length > 0) throw badInput('the thresholds are malformed', 'Fix each expression listed above.', issues);
  return parsed;
}

function addressOf(threshold: ParsedThreshold): ThresholdAddress {
  return { variant: threshold.variant, phase: threshold.phase, variantGiven: threshold.variant !== WILDCARD };
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

function suggest(name: string, known: readonly string[], what: string): string {
  const near = nearName(name, known);
  if (near !== undefined) return `did you mean "${near}"? (or * for all ${what})`;
  return known.length > 0 ? `the ${what} are: ${known.join(', ')}; or * for all` : `the experiment has no ${what}; use *`;
}
