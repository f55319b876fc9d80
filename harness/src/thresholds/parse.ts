// Threshold expressions in k6's grammar (grafana/k6 metrics/thresholds_parser.go: `aggregation operator value`), with
// the metric's address written in front, because bench has no per-metric map key to hang them on, and a second form
// that compares a figure with another variant's (or phase's) instead of a constant:
//
//   expression -> absolute | relative
//   absolute   -> address "." metric ws* operator ws* number ws* unit?
//   relative   -> address "." metric ws* operator ws* (factor ws* ("*" | "×") ws*)? reference (ws+ "significant")?
//   address    -> phase | variant "." phase          (either may be "*": every variant / every phase)
//   reference  -> phase "." metric | variant "." phase "." metric
//                 (an omitted variant, or a "*" under a "*" on the left, is the left side's own)
//   metric     -> p50 | p90 | p99 | p999 | max | requests | rps | errorRate | errors | errors.<class> | dropped
//                 | dbQueriesPerSec | cacheHitRatio | med | "p(" number ")"      (k6 spellings of recorded percentiles)
//   operator   -> "<" | "<=" | ">" | ">=" | "==" | "!="
//   number     -> digit+ ("." digit+)?                                           (k6's documented float)
//   factor     -> number                                                        (above 0, no unit)
//   unit       -> "ms" | "s" | "%"
//
// Kept from k6: the operators (less `===`), bare latency numbers meaning ms, rates as 0..1 fractions, `p(N)` and `med`.
// Differs: the address; named figures instead of avg/min/count/rate/value; units; `===` and numbers Go's ParseFloat
// would take (1e3, Inf, 0x10) are refused. k6 has no relative form: its thresholds see one test run at a time.
//
// Relative: `coalescing.flush.p99 < 0.5 * none.flush.p99` compares the two figures as reported (with repeats, the
// medians across them); `significant` also requires a one-sided Mann-Whitney U test over the repeats' values
// (evaluate.ts). `*.flush.p99 < none.flush.p99` checks every variant against none (none itself is skipped);
// `*.*.p99 < 2 * *.baseline.p99` every phase against its own variant's baseline.
import { metricKind, type MetricName } from './metrics.ts';
import { SHAPE_HINT, parseAddress, splitLeft } from './parse-address.ts';
import { NUMBER_WITH_UNIT, UNITS, describeKind, parseValue, resolveMetric } from './parse-metric-value.ts';
import { nearName } from './near-name.ts';
import {
  OPERATORS,
  SIGNIFICANT,
  WILDCARD,
  type Operator,
  type ParseOutcome,
  type ParsedThreshold,
  type ThresholdAddress,
  type ThresholdProblem,
} from './threshold-types.ts';

export * from './threshold-types.ts';

const REFERENCE_HINT = 'write [<factor> *] <variant>.<phase>.<metric>, e.g. "coalescing.flush.p99 < 0.5 * none.flush.p99"';
const OPERATOR_FIXES: Readonly<Record<string, string>> = { '===': '==', '=': '==', '=<': '<=', '=>': '>=', '<>': '!=', '!==': '!=' };
const NUMBER = /^\d+(?:\.\d+)?$/;
const TRAILING_WORD = /^(.*\S)\s+([A-Za-z][A-Za-z-]*)$/;

export function parseThreshold(expression: string): ParseOutcome {
  const text = expression.trim();
  if (text === '') return fail([{ message: 'is empty', hint: SHAPE_HINT }]);

  const operators = text.match(/[<>=!]+/g) ?? [];
  if (operators.length === 0)
    return fail([{ message: 'has no comparison operator', hint: `${SHAPE_HINT}; operators: ${OPERATORS.join(' ')}` }]);
  if (operators.length > 1)
    return fail([
      {
        message: `has ${operators.length} operators (${operators.join(', ')})`,
        hint: 'one comparison per expression: write two expressions instead',
      },
    ]);
  const operator = operators[0] ?? '';
  const at = text.indexOf(operator);
  const left = text.slice(0, at).trim();
  const right = text.slice(at + operator.length).trim();

  const problems: ThresholdProblem[] = [];
  if (!isOperator(operator)) {
    const fix = OPERATOR_FIXES[operator];
    problems.push({ message: `unknown operator "${operator}"`, hint: fix ? `write "${fix}"` : `use one of ${OPERATORS.join(' ')}` });
  }
  if (left === '') return fail([...problems, { message: 'names no metric before the operator', hint: SHAPE_HINT }]);

  const { metricText, segments } = splitLeft(left);
  const address = parseAddress(segments, metricText, problems, 'left');
  const metric = resolveMetric(metricText, problems);
  const side = right === '' ? undefined : splitRight(right, problems);
  if (right === '') problems.push({ message: 'has no value after the operator', hint: SHAPE_HINT });

  if (side?.kind === 'relative') {
    const reference = side.referenceText === undefined ? undefined : parseReference(side.referenceText, problems);
    if (address && metric && reference?.metric) checkPairing(address, metric, reference, reference.metric, left, problems);
    if (side.significant && (operator === '==' || operator === '!=')) {
      problems.push({
        message: `"${SIGNIFICANT}" tests a direction, and ${operator} has none`,
        hint: 'use < or <= (smaller than the reference) or > or >= (larger), or drop "significant"',
      });
    }
    const referenceAddress = reference?.address
      ? { ...reference.address, text: side.referenceText ?? '', metricText: reference.metric ? reference.metricText : '<metric>' }
      : undefined;
    if (
      problems.length > 0 ||
      !address ||
      !metric ||
      !reference?.address ||
      !reference.metric ||
      side.factor === undefined ||
      !isOperator(operator)
    ) {
      return { ok: false, problems, ...(address ? { address } : {}), ...(referenceAddress ? { reference: referenceAddress } : {}) };
    }
    return {
      ok: true,
      reference: referenceAddress,
      threshold: {
        kind: 'relative',
        expression: text,
        variant: address.variant,
        phase: address.phase,
        metric,
        operator,
        factor: side.factor,
        reference: { variant: reference.address.variant, phase: reference.address.phase, metric: reference.metric },
        significant: side.significant,
      },
    };
  }

  const value = side?.kind === 'absolute' ? parseValue(side.text, metric, problems) : undefined;
  if (problems.length > 0 || !address || !metric || value === undefined || !isOperator(operator)) {
    return address ? { ok: false, problems, address } : { ok: false, problems };
  }
  return {
    ok: true,
    threshold: { kind: 'absolute', expression: text, variant: address.variant, phase: address.phase, metric, operator, value },
  };
}

/** The variants a threshold names (left and reference), without `*`: it can be checked only if all of them ran. */
export function namedVariants(threshold: ParsedThreshold): string[] {
  const names = [threshold.variant];
  if (threshold.kind === 'relative') names.push(threshold.reference.variant);
  return [...new Set(names.filter((n) => n !== WILDCARD))];
}

type RightSide =
  | { kind: 'absolute'; text: string }
  /** `factor` and `referenceText` are undefined when malformed (a problem was added). */
  | { kind: 'relative'; factor: number | undefined; referenceText: string | undefined; significant: boolean };

/** Tells a constant (`500ms`) from a reference (`[0.5 *] none.flush.p99 [significant]`), and takes the latter apart. */
function splitRight(right: string, problems: ThresholdProblem[]): RightSide {
  let body = right;
  let significant = false;
  const trailing = TRAILING_WORD.exec(right);
  if (trailing) {
    const [, before = '', word = ''] = trailing;
    if (word === SIGNIFICANT) {
      body = before;
      significant = true;
    } else if (!(UNITS as readonly string[]).includes(word) && nearName(word, [SIGNIFICANT]) !== undefined) {
      problems.push({ message: `unknown word "${word}"`, hint: `did you mean "${SIGNIFICANT}"?` });
      body = before;
      significant = true;
    } else if (looksLikeReference(before) || multiplications(before.replaceAll('×', '*')).length > 0) {
      problems.push({
        message: `unexpected "${word}" after the reference`,
        hint: `only "${SIGNIFICANT}" may follow it, e.g. "a.flush.p99 < b.flush.p99 ${SIGNIFICANT}"`,
      });
      body = before;
    }
  }

  // `×` as the reports print it, so a copied line parses.
  body = body.replaceAll('×', '*');
  const stars = multiplications(body);
  if (stars.length === 0 && !significant && !looksLikeReference(body)) return { kind: 'absolute', text: body };
  if (stars.length === 0 && significant && NUMBER_WITH_UNIT.test(body)) {
    problems.push({
      message: `"${SIGNIFICANT}" compares with another variant's figure, not a constant`,
      hint: `drop "${SIGNIFICANT}", or name the reference, e.g. "coalescing.flush.p99 < none.flush.p99 ${SIGNIFICANT}"`,
    });
    return { kind: 'relative', factor: undefined, referenceText: undefined, significant };
  }
  if (stars.length > 1) {
    problems.push({ message: `has ${stars.length} factors`, hint: `write one factor before the reference: ${REFERENCE_HINT}` });
    return { kind: 'relative', factor: undefined, referenceText: undefined, significant };
  }
  if (stars.length === 0) return { kind: 'relative', factor: 1, referenceText: body, significant };

  const star = stars[0] ?? 0;
  const factorText = body.slice(0, star).trim();
  const referenceText = body.slice(star + 1).trim();
  if (referenceText === '') {
    problems.push({ message: 'has nothing after "*"', hint: REFERENCE_HINT });
    return { kind: 'relative', factor: undefined, referenceText: undefined, significant };
  }
  if (factorText === '') {
    problems.push({
      message: 'has no factor before "*"',
      hint: `write a number before *, e.g. "0.5 * ${referenceText}", or drop the * to compare with ${referenceText} itself`,
    });
    return { kind: 'relative', factor: undefined, referenceText, significant };
  }
  if (NUMBER.test(factorText)) {
    const factor = Number(factorText);
    if (factor > 0) return { kind: 'relative', factor, referenceText, significant };
    problems.push({
      message: `a factor of ${factorText} makes the reference 0`,
      hint: `write a factor above 0, e.g. "0.5 * ${referenceText}"`,
    });
    return { kind: 'relative', factor: undefined, referenceText, significant };
  }
  if (NUMBER.test(referenceText) && looksLikeReference(factorText)) {
    problems.push({ message: 'has the factor after the reference', hint: `write the factor first: "${referenceText} * ${factorText}"` });
    return { kind: 'relative', factor: undefined, referenceText: factorText, significant };
  }
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(factorText);
  problems.push({
    message: `the factor "${factorText}" is not a number`,
    hint: percent
      ? `write the factor as a decimal: "${Number(percent[1]) / 100} * ${referenceText}"`
      : `write a decimal above 0 without a unit, e.g. "0.5 * ${referenceText}"`,
  });
  return { kind: 'relative', factor: undefined, referenceText, significant };
}

/**
 * Positions of `*` used as a multiplication: beside a space, a digit or an end (`0.5 * a.flush.p99`, `2*a…`), and not
 * a whole address segment (`*.flush`, `.*.`, `.*` at the end). A `*` inside a name (`fl*`) is left to the address check.
 */
function multiplications(text: string): number[] {
  const found: number[] = [];
  const edge = (c: string | undefined): boolean => c === undefined || /[\s\d)]/.test(c);
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '*') continue;
    const before = text[i - 1];
    const after = text[i + 1];
    const segment =
      (after === '.' && (before === undefined || before === '.' || /\s/.test(before))) ||
      (before === '.' && (after === undefined || after === '.'));
    if (!segment && (edge(before) || edge(after))) found.push(i);
  }
  return found;
}

/** `none.flush.p99`, `baseline.p99`, `*.flush.p99`, `2-replicas.flush.p99`: not `500ms`, `0.5s`, `fast` or `1e3`. */
function looksLikeReference(text: string): boolean {
  if (NUMBER_WITH_UNIT.test(text) || !text.includes('.')) return false;
  return /^[A-Za-z_*]/.test(text) || (text.split('.').length >= 3 && /[A-Za-z]/.test(text));
}

interface ParsedReference {
  address: ThresholdAddress | undefined;
  metric: MetricName | undefined;
  metricText: string;
}

/** The reference's problems name it, so they read apart from the left side's. */
function parseReference(text: string, problems: ThresholdProblem[]): ParsedReference {
  if (/\s/.test(text)) {
    const spelled = /^(\d+(?:\.\d+)?)\s*[xX]\s*(\S+)$/.exec(text);
    problems.push({
      message: `reference ${JSON.stringify(text)}: has a space in it`,
      hint: spelled ? `write the factor with *: "${spelled[1]} * ${spelled[2]}"` : REFERENCE_HINT,
    });
    return { address: undefined, metric: undefined, metricText: '<metric>' };
  }
  const own: ThresholdProblem[] = [];
  const { metricText, segments } = splitLeft(text);
  const address = parseAddress(segments, metricText, own, 'reference');
  const metric = resolveMetric(metricText, own);
  for (const problem of own) problems.push({ message: `reference ${JSON.stringify(text)}: ${problem.message}`, hint: problem.hint });
  return { address, metric, metricText };
}

/** What a (left, reference) pair may be: one kind of figure, `*` only where the left has one, not itself. */
function checkPairing(
  left: ThresholdAddress,
  metric: MetricName,
  reference: ParsedReference,
  referenceMetric: MetricName,
  leftText: string,
  problems: ThresholdProblem[],
): void {
  const address = reference.address;
  if (!address) return;
  const leftKind = metricKind(metric) ?? 'count';
  const referenceKind = metricKind(referenceMetric) ?? 'count';
  if (leftKind !== referenceKind) {
    problems.push({
      message: `compares ${metric} (${describeKind(leftKind)}) with ${referenceMetric} (${describeKind(referenceKind)})`,
      hint: `compare figures of one kind, e.g. "${leftText} < 0.5 * <variant>.<phase>.${metric}"`,
    });
  }
  const rewrite = (variant: string, phase: string): string => `${variant}.${phase}.${reference.metricText}`;
  if (address.variantGiven && address.variant === WILDCARD && left.variant !== WILDCARD) {
    problems.push({
      message: `* in the reference stands for the left side's variant, and the left names "${left.variant}"`,
      hint: `write "${rewrite(left.variant, address.phase)}", or name another variant`,
    });
  }
  if (address.phase === WILDCARD && left.phase !== WILDCARD) {
    problems.push({
      message: `* in the reference stands for the left side's phase, and the left names "${left.phase}"`,
      hint: `write "${rewrite(address.variantGiven ? address.variant : left.variant, left.phase)}", or name another phase`,
    });
  }
  const sameVariant = address.variant === WILDCARD || address.variant === left.variant;
  const samePhase = address.phase === WILDCARD || address.phase === left.phase;
  if (sameVariant && samePhase && referenceMetric === metric) {
    problems.push({
      message: 'compares a figure with itself',
      hint: `name another variant or phase in the reference, e.g. "${leftText} < 0.5 * <variant>.${left.phase}.${metric}"`,
    });
  }
}

function isOperator(text: string): text is Operator {
  return (OPERATORS as readonly string[]).includes(text);
}

function fail(problems: ThresholdProblem[]): ParseOutcome {
  return { ok: false, problems };
}
