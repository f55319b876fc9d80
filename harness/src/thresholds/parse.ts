// Threshold expressions in k6's grammar (grafana/k6 metrics/thresholds_parser.go: `aggregation operator value`), with
// the metric's address written in front, because bench has no per-metric map key to hang them on:
//
//   expression -> address "." metric ws* operator ws* number ws* unit?
//   address    -> phase | variant "." phase          (either may be "*": every variant / every phase)
//   metric     -> p50 | p90 | p99 | p999 | max | requests | rps | errorRate | errors | errors.<class> | dropped
//                 | dbQueriesPerSec | cacheHitRatio | med | "p(" number ")"      (k6 spellings of recorded percentiles)
//   operator   -> "<" | "<=" | ">" | ">=" | "==" | "!="
//   number     -> digit+ ("." digit+)?                                           (k6's documented float)
//   unit       -> "ms" | "s" | "%"
//
// Kept from k6: the operators (less `===`), bare latency numbers meaning ms, rates as 0..1 fractions, `p(N)` and `med`.
// Differs: the address; named figures instead of avg/min/count/rate/value; units; `===` and numbers Go's ParseFloat
// would take (1e3, Inf, 0x10) are refused.
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

/** An address segment that matches every variant or every phase. */
export const WILDCARD = '*';

export interface ParsedThreshold {
  /** As written (trimmed), e.g. `flush.p99 < 500ms`. */
  expression: string;
  /** A variant name, or `*` (also when the expression names no variant). */
  variant: string;
  /** A phase name, or `*`. */
  phase: string;
  metric: MetricName;
  operator: Operator;
  /** In the metric's unit: ms for latency, a 0..1 fraction for ratios, a plain number otherwise. */
  value: number;
}

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

export type ParseOutcome =
  | { ok: true; threshold: ParsedThreshold }
  /** `address` is set when the address itself parsed, so its names can still be checked. */
  | { ok: false; problems: ThresholdProblem[]; address?: ThresholdAddress };

const SHAPE_HINT = 'write [<variant>.]<phase>.<metric> <operator> <value>, e.g. "flush.p99 < 500ms" or "*.errorRate < 1%"';
const OPERATOR_FIXES: Readonly<Record<string, string>> = { '===': '==', '=': '==', '=<': '<=', '=>': '>=', '<>': '!=', '!==': '!=' };
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const PERCENTILE = /(?:^|\.)(p\([^)]*\))$/;
const NUMBER_WITH_UNIT = /^(\d+(?:\.\d+)?)\s*([^\s\d.]*)$/;

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
  const address = parseAddress(segments, metricText, problems);
  const metric = resolveMetric(metricText, problems);
  let value: number | undefined;
  if (right === '') problems.push({ message: 'has no value after the operator', hint: SHAPE_HINT });
  else value = parseValue(right, metric, problems);

  if (problems.length > 0 || !address || !metric || value === undefined || !isOperator(operator)) {
    return address ? { ok: false, problems, address } : { ok: false, problems };
  }
  return { ok: true, threshold: { expression: text, variant: address.variant, phase: address.phase, metric, operator, value } };
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

function parseAddress(segments: string[], metricText: string, problems: ThresholdProblem[]): ThresholdAddress | undefined {
  if (segments.length === 0) {
    problems.push({ message: 'names no phase', hint: `prefix the metric with a phase, or * for every phase: "*.${metricText} …"` });
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
        ? { message: `"${segment}": * matches a whole name only`, hint: 'write * alone, e.g. "*.p99 < 500ms", or name the phase' }
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
    problems.push({ message: `"${text}" is not a number`, hint: 'write a non-negative number with an optional unit: 500ms, 0.5s, 1%, 100' });
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
