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
import {
  ERROR_CLASS_METRICS,
  METRIC_NAMES,
  PLAIN_METRICS,
  isMetricName,
  metricKind,
  type LatencyMetric,
  type MetricKind,
  type MetricName,
} from './metrics.ts';
import { nearName } from './near-name.ts';

export const OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

/** An address segment that matches every variant or every phase (on a reference: the left side's own). */
export const WILDCARD = '*';

/** The word after a relative threshold that asks for a significance test over the repeats. */
export const SIGNIFICANT = 'significant';

interface ThresholdBase {
  /** As written (trimmed), e.g. `flush.p99 < 500ms`. */
  expression: string;
  /** A variant name, or `*` (also when the expression names no variant). */
  variant: string;
  /** A phase name, or `*`. */
  phase: string;
  metric: MetricName;
  operator: Operator;
}

/** `flush.p99 < 500ms`: a figure against a constant. */
export interface AbsoluteThreshold extends ThresholdBase {
  kind: 'absolute';
  /** In the metric's unit: ms for latency, a 0..1 fraction for ratios, a plain number otherwise. */
  value: number;
}

/** `coalescing.flush.p99 < 0.5 * none.flush.p99 [significant]`: a figure against factor × another figure. */
export interface RelativeThreshold extends ThresholdBase {
  kind: 'relative';
  /** 1 when none was written. */
  factor: number;
  reference: ThresholdReference;
  /** Also require a one-sided Mann-Whitney U test over the repeats to give p < 0.05. */
  significant: boolean;
}

/** The figure on the right of a relative threshold. `*` (or an omitted variant): the left side's own. */
export interface ThresholdReference {
  variant: string;
  phase: string;
  metric: MetricName;
}

export type ParsedThreshold = AbsoluteThreshold | RelativeThreshold;

export interface ThresholdProblem {
  message: string;
  /** How to fix it. */
  hint: string;
}

export interface ThresholdAddress {
  variant: string;
  phase: string;
  /** False for `<phase>.<metric>`: lets validation spot a variant written where the phase goes. */
  variantGiven: boolean;
}

/** A reference's address, with what validation needs to word its hints. */
export interface ReferenceAddress extends ThresholdAddress {
  /** As written, e.g. `none.flush.p99`. */
  text: string;
  /** The reference's metric as written (for hints). */
  metricText: string;
}

export type ParseOutcome =
  /** `reference`: a relative threshold's reference as written, for validation's hints. */
  | { ok: true; threshold: ParsedThreshold; reference?: ReferenceAddress }
  /** `address` (and `reference`) are set when they parsed, so their names can still be checked. */
  | { ok: false; problems: ThresholdProblem[]; address?: ThresholdAddress; reference?: ReferenceAddress };

const SHAPE_HINT = 'write [<variant>.]<phase>.<metric> <operator> <value>, e.g. "flush.p99 < 500ms" or "*.errorRate < 1%"';
const REFERENCE_HINT = 'write [<factor> *] <variant>.<phase>.<metric>, e.g. "coalescing.flush.p99 < 0.5 * none.flush.p99"';
const OPERATOR_FIXES: Readonly<Record<string, string>> = { '===': '==', '=': '==', '=<': '<=', '=>': '>=', '<>': '!=', '!==': '!=' };
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const PERCENTILE = /(?:^|\.)(p\([^)]*\))$/;
const NUMBER = /^\d+(?:\.\d+)?$/;
const NUMBER_WITH_UNIT = /^(\d+(?:\.\d+)?)\s*([^\s\d.]*)$/;
const TRAILING_WORD = /^(.*\S)\s+([A-Za-z][A-Za-z-]*)$/;

export function parseThreshold(expression: string): ParseOutcome {
  const text = expression.trim();
  if (text === '') return fail([{ message: 'is empty', hint: SHAPE_HINT }]);

  const operators = text.match(/[<>=!]+/g) ?? [];
  if (operators.length === 0) return fail([{ message: 'has no comparison operator', hint: `${SHAPE_HINT}; operators: ${OPERATORS.join(' ')}` }]);
  if (operators.length > 1) return fail([{ message: `has ${operators.length} operators (${operators.join(', ')})`, hint: 'one comparison per expression: write two expressions instead' }]);
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
    if (problems.length > 0 || !address || !metric || !reference?.address || !reference.metric || side.factor === undefined || !isOperator(operator)) {
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
  return { ok: true, threshold: { kind: 'absolute', expression: text, variant: address.variant, phase: address.phase, metric, operator, value } };
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
      problems.push({ message: `unexpected "${word}" after the reference`, hint: `only "${SIGNIFICANT}" may follow it, e.g. "a.flush.p99 < b.flush.p99 ${SIGNIFICANT}"` });
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
    problems.push({ message: 'has no factor before "*"', hint: `write a number before *, e.g. "0.5 * ${referenceText}", or drop the * to compare with ${referenceText} itself` });
    return { kind: 'relative', factor: undefined, referenceText, significant };
  }
  if (NUMBER.test(factorText)) {
    const factor = Number(factorText);
    if (factor > 0) return { kind: 'relative', factor, referenceText, significant };
    problems.push({ message: `a factor of ${factorText} makes the reference 0`, hint: `write a factor above 0, e.g. "0.5 * ${referenceText}"` });
    return { kind: 'relative', factor: undefined, referenceText, significant };
  }
  if (NUMBER.test(referenceText) && looksLikeReference(factorText)) {
    problems.push({ message: 'has the factor after the reference', hint: `write the factor first: "${referenceText} * ${factorText}"` });
    return { kind: 'relative', factor: undefined, referenceText: factorText, significant };
  }
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(factorText);
  problems.push({
    message: `the factor "${factorText}" is not a number`,
    hint: percent ? `write the factor as a decimal: "${Number(percent[1]) / 100} * ${referenceText}"` : `write a decimal above 0 without a unit, e.g. "0.5 * ${referenceText}"`,
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
    const segment = (after === '.' && (before === undefined || before === '.' || /\s/.test(before))) || (before === '.' && (after === undefined || after === '.'));
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

function splitLeft(left: string): { metricText: string; segments: string[] } {
  const percentile = PERCENTILE.exec(left);
  if (percentile) {
    const prefix = left.slice(0, percentile.index);
    return { metricText: percentile[1] ?? '', segments: prefix === '' ? [] : prefix.split('.') };
  }
  const parts = left.split('.');
  const last = parts.at(-1) ?? '';
  // `flush.errors.http5xx` names a class of errors; `errors.p99` is the p99 of a phase called "errors".
  if (parts.length >= 2 && parts.at(-2) === 'errors' && !(PLAIN_METRICS as readonly string[]).includes(last)) {
    return { metricText: `errors.${last}`, segments: parts.slice(0, -2) };
  }
  return { metricText: last, segments: parts.slice(0, -1) };
}

function parseAddress(segments: string[], metricText: string, problems: ThresholdProblem[], side: 'left' | 'reference'): ThresholdAddress | undefined {
  if (segments.length === 0) {
    const hint = side === 'left' ? `prefix the metric with a phase, or * for every phase: "*.${metricText} …"` : `name the variant and phase it belongs to, e.g. "none.flush.${metricText}"`;
    problems.push({ message: 'names no phase', hint });
    return undefined;
  }
  if (segments.length > 2) {
    problems.push({ message: `has ${segments.length} names before the metric (${segments.join('.')})`, hint: 'write <phase>.<metric> or <variant>.<phase>.<metric>' });
    return undefined;
  }
  let valid = true;
  for (const segment of segments) {
    if (segment === WILDCARD || SEGMENT.test(segment)) continue;
    valid = false;
    problems.push(
      segment.includes(WILDCARD)
        ? { message: `"${segment}": * matches a whole name only`, hint: side === 'left' ? 'write * alone, e.g. "*.p99 < 500ms", or name the phase' : 'write * alone (the left side\'s own), or name it' }
        : segment === ''
          ? { message: 'has an empty name between dots', hint: SHAPE_HINT }
          : { message: `"${segment}" is not a variant or phase name`, hint: 'names are kebab-case, e.g. "warm-up"; or * for all' },
    );
  }
  if (!valid) return undefined;
  const [first = WILDCARD, second] = segments;
  return second === undefined
    ? { variant: WILDCARD, phase: first, variantGiven: false }
    : { variant: first, phase: second, variantGiven: true };
}

// k6's aggregation names, with what to write in bench instead.
const K6_ONLY: Readonly<Record<string, string>> = {
  avg: 'bench keeps no averages (they hide the tail): use p50 for the median, or p90/p99',
  min: 'bench does not record the minimum latency: use p50',
  count: 'name what to count: requests, errors, errors.<class> or dropped',
  rate: 'name the rate: rps (requests per second) or errorRate (failed / all requests)',
  value: 'name the figure: dbQueriesPerSec, cacheHitRatio or a latency percentile',
};
const PERCENTILE_ALIASES: Readonly<Record<string, LatencyMetric>> = { '50': 'p50', '90': 'p90', '99': 'p99', '99.9': 'p999', '100': 'max' };

function resolveMetric(text: string, problems: ThresholdProblem[]): MetricName | undefined {
  if (isMetricName(text)) return text;
  if (text === 'med') return 'p50';
  const percentile = /^p\(\s*(\d+(?:\.\d+)?)\s*\)$/.exec(text);
  if (percentile) {
    const alias = PERCENTILE_ALIASES[String(Number(percentile[1]))];
    if (alias) return alias;
    problems.push({ message: `${text} is not recorded`, hint: 'bench records p50, p90, p99, p99.9 (p999) and max: use the nearest' });
    return undefined;
  }
  const k6Hint = K6_ONLY[text];
  if (k6Hint) {
    problems.push({ message: `"${text}" is a k6 aggregation bench does not have`, hint: k6Hint });
    return undefined;
  }
  if (text.startsWith('errors.')) {
    const near = nearName(text, ERROR_CLASS_METRICS);
    problems.push({
      message: `unknown error class "${text.slice('errors.'.length)}"`,
      hint: near ? `did you mean "${near}"?` : `error classes: ${ERROR_CLASS_METRICS.join(', ')}`,
    });
    return undefined;
  }
  const near = nearName(text, METRIC_NAMES);
  problems.push({
    message: text === '' ? 'names no metric' : `unknown metric "${text}"`,
    hint: near ? `did you mean "${near}"?` : `metrics: ${[...PLAIN_METRICS, 'errors.<class>'].join(', ')}`,
  });
  return undefined;
}

const UNITS = ['ms', 's', '%'] as const;
const UNITS_BY_KIND: Readonly<Record<MetricKind, readonly string[]>> = {
  latency: ['', 'ms', 's'],
  ratio: ['', '%'],
  count: [''],
  perSecond: [''],
};

function unitHint(metric: MetricName, kind: MetricKind): string {
  switch (kind) {
    case 'latency':
      return `${metric} is a latency in ms: write e.g. "${metric} < 500ms", "< 0.5s" or "< 500"`;
    case 'ratio':
      return `${metric} is a ratio: write a percentage ("< 1%") or a fraction from 0 to 1 ("< 0.01")`;
    case 'count':
      return `${metric} is a count: write a bare number, e.g. "== 0"`;
    case 'perSecond':
      return `${metric} is already per second: write a bare number, e.g. "> 100"`;
  }
}

/** The value in the metric's unit, or undefined (with a problem) when it is malformed or does not fit the metric. */
function parseValue(text: string, metric: MetricName | undefined, problems: ThresholdProblem[]): number | undefined {
  const match = NUMBER_WITH_UNIT.exec(text);
  if (!match) {
    problems.push({
      message: `"${text}" is not a number`,
      hint: 'write a non-negative number with an optional unit: 500ms, 0.5s, 1%, 100; or a figure to compare with: "0.5 * none.flush.p99"',
    });
    return undefined;
  }
  const number = Number(match[1]);
  const unit = match[2] ?? '';
  if (unit !== '' && !(UNITS as readonly string[]).includes(unit)) {
    const kind = metric ? metricKind(metric) : undefined;
    problems.push({ message: `unknown unit "${unit}"`, hint: metric && kind ? unitHint(metric, kind) : `units: ${UNITS.join(', ')}` });
    return undefined;
  }
  if (!metric) return undefined;
  const kind = metricKind(metric) ?? 'count';
  if (!UNITS_BY_KIND[kind].includes(unit)) {
    problems.push({ message: `unit "${unit}" does not fit ${metric} (${describeKind(kind)})`, hint: unitHint(metric, kind) });
    return undefined;
  }
  if (kind === 'ratio') {
    // A bare 5 for a ratio reads as 5%, but means 500%: a threshold that can never trip.
    if (unit === '' && number > 1) {
      problems.push({ message: `${metric} is a fraction from 0 to 1, so ${text} is out of range`, hint: `write ${text}% for a percentage, or ${number / 100} as a fraction` });
      return undefined;
    }
    if (unit === '%' && number > 100) {
      problems.push({ message: `${text} is more than 100%`, hint: unitHint(metric, kind) });
      return undefined;
    }
  }
  if (unit === 's') return number * 1000;
  if (unit === '%') return number / 100;
  return number;
}

function describeKind(kind: MetricKind): string {
  return { latency: 'a latency in ms', ratio: 'a ratio', count: 'a count', perSecond: 'a rate per second' }[kind];
}

function isOperator(text: string): text is Operator {
  return (OPERATORS as readonly string[]).includes(text);
}

function fail(problems: ThresholdProblem[]): ParseOutcome {
  return { ok: false, problems };
}
