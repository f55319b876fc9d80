// The address in front of a threshold's metric: [<variant>.]<phase>, either may be * (every variant / phase).
import { DEPENDENCY_METRIC_TEXT, PLAIN_METRICS } from './metrics.ts';
import { WILDCARD, type ThresholdAddress, type ThresholdProblem } from './threshold-types.ts';

export const SHAPE_HINT = 'write [<variant>.]<phase>.<metric> <operator> <value>, e.g. "flush.p99 < 500ms" or "*.errorRate < 1%"';
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const PERCENTILE = /(?:^|\.)(p\([^)]*\))$/;
const DEPENDENCY = new RegExp(`(?:^|\\.)(${DEPENDENCY_METRIC_TEXT})$`);

export function splitLeft(left: string): { metricText: string; segments: string[] } {
  const percentile = PERCENTILE.exec(left);
  if (percentile) {
    const prefix = left.slice(0, percentile.index);
    return { metricText: percentile[1] ?? '', segments: prefix === '' ? [] : prefix.split('.') };
  }
  // `flush.postgres.primary.statementsPerSec.peak`: a dependency figure is four names long.
  const dependency = DEPENDENCY.exec(left);
  if (dependency) {
    const prefix = left.slice(0, dependency.index);
    return { metricText: dependency[1] ?? '', segments: prefix === '' ? [] : prefix.split('.') };
  }
  const parts = left.split('.');
  const last = parts.at(-1) ?? '';
  // `flush.errors.http5xx` names a class of errors; `errors.p99` is the p99 of a phase called "errors".
  if (parts.length >= 2 && parts.at(-2) === 'errors' && !(PLAIN_METRICS as readonly string[]).includes(last)) {
    return { metricText: `errors.${last}`, segments: parts.slice(0, -2) };
  }
  return { metricText: last, segments: parts.slice(0, -1) };
}

export function parseAddress(
  segments: string[],
  metricText: string,
  problems: ThresholdProblem[],
  side: 'left' | 'reference',
): ThresholdAddress | undefined {
  if (segments.length === 0) {
    const hint =
      side === 'left'
        ? `prefix the metric with a phase, or * for every phase: "*.${metricText} …"`
        : `name the variant and phase it belongs to, e.g. "none.flush.${metricText}"`;
    problems.push({ message: 'names no phase', hint });
    return undefined;
  }
  if (segments.length > 2) {
    problems.push({
      message: `has ${segments.length} names before the metric (${segments.join('.')})`,
      hint: 'write <phase>.<metric> or <variant>.<phase>.<metric>',
    });
    return undefined;
  }
  let valid = true;
  for (const segment of segments) {
    if (segment === WILDCARD || SEGMENT.test(segment)) continue;
    valid = false;
    problems.push(
      segment.includes(WILDCARD)
        ? {
            message: `"${segment}": * matches a whole name only`,
            hint:
              side === 'left'
                ? 'write * alone, e.g. "*.p99 < 500ms", or name the phase'
                : "write * alone (the left side's own), or name it",
          }
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
