// Thresholds on figures the experiment never measures: a probe's figures without the probe, cache figures without a
// cache, the reference service's counters with another service, Redis, broker or HAProxy figures on a topology
// without them. Such a threshold could only fail ("not measured"), so it is refused before anything starts.
//
// A threshold over every variant (`*`) is refused only when no variant measures its figure: on a ladder of
// topologies `*.cacheHitRatio > 0.9` is meant for the rungs with a cache, `--variant` may run only those, and a
// run's unmeasured cells still fail with their note (thresholds/evaluate.ts), so nothing passes silently.
import type { Issue } from '../errors/bench-error.ts';
import { DEPENDENCY_METRIC } from '../thresholds/metrics.ts';
import { WILDCARD, parseThreshold } from '../thresholds/parse.ts';
import type { TopologyShape } from '../topology/topology-shape.ts';
import { isObject } from './checks.ts';
import type { VariantShape } from './variant-shapes.ts';

/** Why a figure is not measured, in words that follow "<figure> is not measured: ". */
interface Gap {
  reason: string;
  hint: string;
}

const PROBED: Readonly<Record<string, string>> = {
  staleRate: 'read-after-write',
  staleReads: 'read-after-write',
  lostWrites: 'write-ledger',
  unknownWrites: 'write-ledger',
};
const PROBE_EXAMPLE: Readonly<Record<string, string>> = {
  'read-after-write': "{ kind: 'read-after-write', ratePerSec: 20 }",
  'write-ledger': "{ kind: 'write-ledger', ratePerSec: 50 }",
};
/** Read from the reference task-api's counters (orchestrator/service-metrics.ts); another service has its own map. */
const REFERENCE_COUNTERS = new Set(['dbQueriesPerSec', 'dbQueriesPerRequest', 'cacheHitRatio', 'retries', 'breakerRejected', 'rejected']);
const CACHE_HINT = 'use a topology with a cache (e.g. kind: "cache"), or drop the threshold';

/** Why the experiment does not measure `metric` in a variant of this shape; undefined when it does. */
function gap(metric: string, shape: TopologyShape, probes: readonly string[]): Gap | undefined {
  const probe = PROBED[metric];
  if (probe !== undefined) {
    return probes.includes(probe)
      ? undefined
      : {
          reason: `the ${probe} probe counts it, and the experiment runs none`,
          hint: `add probes: [${PROBE_EXAMPLE[probe]}], or drop the threshold`,
        };
  }
  if (REFERENCE_COUNTERS.has(metric) && shape.ownService) {
    return {
      reason: "it comes from the reference task-api's counters, which the experiment's own service does not have",
      hint: "name a figure of your service's metrics map instead: <phase>.service.all.<figure>.mean",
    };
  }
  if (metric === 'cacheHitRatio') {
    if (shape.caches.length === 0) return { reason: `topology ${shape.kind} has no cache`, hint: CACHE_HINT };
    if (shape.cacheMode === 'off')
      return {
        reason: 'the service does not use the cache (cacheMode "off")',
        hint: 'set cacheMode (e.g. "aside"), or drop the threshold',
      };
  }
  const source = DEPENDENCY_METRIC.exec(metric)?.[1];
  if (source === 'redis' && shape.redis.length === 0) return { reason: `topology ${shape.kind} has no Redis`, hint: CACHE_HINT };
  if (source === 'broker' && shape.brokers.length === 0)
    return { reason: `topology ${shape.kind} has no queue broker`, hint: 'broker figures come from kind: "queue"; or drop the threshold' };
  if (source === 'haproxy' && shape.balancers.length === 0)
    return {
      reason: `topology ${shape.kind} has no HAProxy`,
      hint: 'use a topology with a balancer (e.g. kind: "lb"), or drop the threshold',
    };
  return undefined;
}

/** `expressions` and `probeList` as loaded; malformed ones and unknown names are left to their own checks. */
export function unmeasuredFigureIssues(expressions: unknown, shapes: readonly VariantShape[], probeList: unknown, file?: string): Issue[] {
  if (!Array.isArray(expressions) || shapes.length === 0) return [];
  const probes = Array.isArray(probeList)
    ? probeList.flatMap((p: unknown) => (isObject(p) && typeof p.kind === 'string' ? [p.kind] : []))
    : [];
  const issues: Issue[] = [];
  const byName = (name: string): VariantShape[] => (name === WILDCARD ? [...shapes] : shapes.filter((s) => s.variant === name));
  expressions.forEach((expression: unknown, index) => {
    if (typeof expression !== 'string') return;
    const outcome = parseThreshold(expression);
    if (!outcome.ok) return;
    const { threshold } = outcome;
    const left = byName(threshold.variant);
    const sides = [{ metric: threshold.metric, variants: left }];
    if (threshold.kind === 'relative')
      sides.push({
        metric: threshold.reference.metric,
        variants: threshold.reference.variant === WILDCARD ? left : byName(threshold.reference.variant),
      });
    const seen = new Set<string>();
    for (const { metric, variants } of sides) {
      const gaps = variants.map((v) => gap(metric, v.shape, probes));
      // Unknown variant names (no shapes) are validateThresholds' to report; a figure some variant measures is fine.
      if (gaps.length === 0 || gaps.some((g) => g === undefined)) continue;
      const reasons = [...new Set(gaps.map((g) => g!.reason))];
      const scope =
        shapes.length === 1 || metric in PROBED ? '' : variants.length === 1 ? ` in variant "${variants[0]!.variant}"` : ' in any variant';
      const message = `${JSON.stringify(expression.trim())}: ${metric} is not measured${scope}: ${reasons.join('; ')}`;
      if (seen.has(message)) continue;
      seen.add(message);
      issues.push({ ...(file === undefined ? {} : { file }), path: `thresholds[${index}]`, message, hint: gaps[0]!.hint });
    }
  });
  return issues;
}
