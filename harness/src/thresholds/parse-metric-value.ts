// The metric and the value of a threshold expression: k6's spellings mapped to bench's figures, units checked
// against the metric's kind (a ratio's bare 5 would mean 500%).
import {
  DEPENDENCY_METRIC,
  ERROR_CLASS_METRICS,
  METRIC_NAMES,
  PLAIN_METRICS,
  dependencyFigures,
  isMetricName,
  metricKind,
  type LatencyMetric,
  type MetricKind,
  type MetricName,
} from './metrics.ts';
import { nearName } from './near-name.ts';
import type { ThresholdProblem } from './threshold-types.ts';

export const NUMBER_WITH_UNIT = /^(\d+(?:\.\d+)?)\s*([^\s\d.]*)$/;

// k6's aggregation names, with what to write in bench instead.
const K6_ONLY: Readonly<Record<string, string>> = {
  avg: 'bench keeps no averages (they hide the tail): use p50 for the median, or p90/p99',
  min: 'bench does not record the minimum latency: use p50',
  count: 'name what to count: requests, errors, errors.<class> or dropped',
  rate: 'name the rate: rps (requests per second) or errorRate (failed / all requests)',
  value: 'name the figure: dbQueriesPerSec, cacheHitRatio or a latency percentile',
};
const PERCENTILE_ALIASES: Readonly<Record<string, LatencyMetric>> = { '50': 'p50', '90': 'p90', '99': 'p99', '99.9': 'p999', '100': 'max' };

export function resolveMetric(text: string, problems: ThresholdProblem[]): MetricName | undefined {
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
  const dependency = DEPENDENCY_METRIC.exec(text);
  if (dependency) {
    const figures = dependencyFigures(dependency[1]!);
    const near = nearName(dependency[3]!, figures);
    problems.push({
      message: `${dependency[1]} has no figure "${dependency[3]}"`,
      hint: near ? `did you mean "${near}"?` : `its figures: ${figures.join(', ')}`,
    });
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

export const UNITS = ['ms', 's', '%'] as const;
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
export function parseValue(text: string, metric: MetricName | undefined, problems: ThresholdProblem[]): number | undefined {
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
      problems.push({
        message: `${metric} is a fraction from 0 to 1, so ${text} is out of range`,
        hint: `write ${text}% for a percentage, or ${number / 100} as a fraction`,
      });
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

export function describeKind(kind: MetricKind): string {
  return { latency: 'a latency in ms', ratio: 'a ratio', count: 'a count', perSecond: 'a rate per second' }[kind];
}
