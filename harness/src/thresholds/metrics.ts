// The metrics a threshold can name and how each is read from a recorded phase. One definition, so thresholds, their
// rendering and `bench compare` agree on units and on what counts as "not measured" (null).
import { ERROR_CLASSES, type FailureClass, type PhaseResult } from '../results/run-result.ts';

/** latency: ms; ratio: 0..1; count: a plain number; perSecond: events per second. */
export type MetricKind = 'latency' | 'ratio' | 'count' | 'perSecond';

export const LATENCY_METRICS = ['p50', 'p90', 'p99', 'p999', 'max'] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

const PLAIN_KINDS = {
  p50: 'latency',
  p90: 'latency',
  p99: 'latency',
  p999: 'latency',
  max: 'latency',
  requests: 'count',
  rps: 'perSecond',
  errorRate: 'ratio',
  errors: 'count',
  dropped: 'count',
  dbQueriesPerSec: 'perSecond',
  cacheHitRatio: 'ratio',
  goodput: 'perSecond',
  dbQueriesPerRequest: 'count',
  retries: 'count',
  breakerRejected: 'count',
  rejected: 'count',
  errorsUntilMs: 'latency',
  staleRate: 'ratio',
  staleReads: 'count',
  lostWrites: 'count',
  unknownWrites: 'count',
} as const satisfies Record<string, MetricKind>;

export type PlainMetric = keyof typeof PLAIN_KINDS;

/** What the dependency sampler records per second, by source; a threshold names `<source>.<instance>.<figure>.<mean|peak>`. */
const DEPENDENCY_FIGURES = {
  postgres: {
    statementsPerSec: 'perSecond',
    transactionsPerSec: 'perSecond',
    rowsReadPerSec: 'perSecond',
    rowsWrittenPerSec: 'perSecond',
    cacheHitRatio: 'ratio',
    connections: 'count',
    active: 'count',
    lockWaits: 'count',
    replicationLagBytes: 'count',
    replicationLagSec: 'count',
  },
  containers: { cpuCores: 'count', cpuOfLimit: 'ratio', throttledShare: 'ratio', memoryMb: 'count' },
  haproxy: {
    up: 'ratio',
    sessions: 'count',
    queue: 'count',
    http5xxPerSec: 'perSecond',
    retriesPerSec: 'perSecond',
    redispatchesPerSec: 'perSecond',
  },
  redis: {
    commandsPerSec: 'perSecond',
    hitsPerSec: 'perSecond',
    missesPerSec: 'perSecond',
    hitRatio: 'ratio',
    evictionsPerSec: 'perSecond',
    expiredPerSec: 'perSecond',
    clients: 'count',
    memoryMb: 'count',
  },
  broker: { length: 'count', lag: 'count', pending: 'count', lengthChangePerSec: 'perSecond' },
} as const satisfies Record<string, Record<string, MetricKind>>;

/** The service's own figures are named by its `metrics` map, so any name is one here (validation checks the map). */
type DependencySource = keyof typeof DEPENDENCY_FIGURES | 'service';
export const DEPENDENCY_SOURCES: readonly DependencySource[] = [
  ...(Object.keys(DEPENDENCY_FIGURES) as Array<keyof typeof DEPENDENCY_FIGURES>),
  'service',
];
export type DependencyMetric = `${DependencySource}.${string}.${string}.${'mean' | 'peak'}`;
/** `<source>.<instance>.<figure>.<mean|peak>`, unanchored, for finding one at the end of a threshold's left side. */
export const DEPENDENCY_METRIC_TEXT = `(?:${DEPENDENCY_SOURCES.join('|')})\\.[A-Za-z0-9_-]+\\.[A-Za-z][A-Za-z0-9]*\\.(?:mean|peak)`;
export const DEPENDENCY_METRIC = new RegExp(
  `^(${DEPENDENCY_SOURCES.join('|')})\\.([A-Za-z0-9_-]+)\\.([A-Za-z][A-Za-z0-9]*)\\.(mean|peak)$`,
);
/** `primary` names the single primary, whatever its role is called. */
const INSTANCE_ALIASES: Record<string, string> = { primary: 'postgres' };

function dependencyParts(text: string): { source: DependencySource; instance: string; figure: string; stat: 'mean' | 'peak' } | undefined {
  const m = DEPENDENCY_METRIC.exec(text);
  if (!m) return undefined;
  const source = m[1] as DependencySource;
  if (source !== 'service' && !(m[3]! in DEPENDENCY_FIGURES[source])) return undefined;
  return { source, instance: INSTANCE_ALIASES[m[2]!] ?? m[2]!, figure: m[3]!, stat: m[4] as 'mean' | 'peak' };
}

const dependencyKind = (source: DependencySource, figure: string): MetricKind | undefined =>
  source === 'service' ? 'count' : (DEPENDENCY_FIGURES[source] as Record<string, MetricKind>)[figure];

/** The figures a source has, for hints. */
export const dependencyFigures = (source: string): string[] =>
  Object.keys(DEPENDENCY_FIGURES[source as keyof typeof DEPENDENCY_FIGURES] ?? {});

/** `errors` is every failed request, dropped ones included; `errors.<class>` one class of them (see ERROR_CLASSES). */
export type MetricName = PlainMetric | `errors.${FailureClass}` | DependencyMetric;

export const PLAIN_METRICS = Object.keys(PLAIN_KINDS) as PlainMetric[];
export const ERROR_CLASS_METRICS = ERROR_CLASSES.map((c) => `errors.${c}` as const);
export const METRIC_NAMES: readonly MetricName[] = [...PLAIN_METRICS, ...ERROR_CLASS_METRICS];

export function isMetricName(text: string): text is MetricName {
  return (METRIC_NAMES as readonly string[]).includes(text) || dependencyParts(text) !== undefined;
}

/** undefined for a name this bench does not know (e.g. from a newer run.json). */
export function metricKind(metric: string): MetricKind | undefined {
  if (metric in PLAIN_KINDS) return PLAIN_KINDS[metric as PlainMetric];
  const dependency = dependencyParts(metric);
  if (dependency) return dependencyKind(dependency.source, dependency.figure);
  return metric.startsWith('errors.') ? 'count' : undefined;
}

export interface MetricReading {
  /** In the metric's unit (ms, a 0..1 ratio, a count, per second); null when the phase did not measure it. */
  value: number | null;
  /** Why the value is null. */
  note?: string;
}

const NO_REQUESTS = 'no requests completed in this phase';
const NOT_PROBED = (kind: string): string => `not measured: the experiment has no ${kind} probe`;

export function readMetric(phase: PhaseResult, metric: MetricName): MetricReading {
  switch (metric) {
    case 'p50':
    case 'p90':
    case 'p99':
    case 'p999':
    case 'max':
      // A phase without requests has an empty histogram: its zeros are not measurements.
      return phase.requests > 0 ? { value: phase.latencyMs[metric] } : { value: null, note: NO_REQUESTS };
    case 'requests':
      return { value: phase.requests };
    case 'rps':
      return { value: phase.rps };
    case 'errorRate':
      // Every request due was dropped: all of them failed, which is a measurement (1), not a gap.
      return phase.requests > 0 || (phase.dropped ?? 0) > 0 ? { value: phase.errorRate } : { value: null, note: NO_REQUESTS };
    case 'errors':
      return { value: Object.values(phase.errors).reduce((sum, n) => sum + (n ?? 0), 0) };
    case 'dropped':
      // Only an open-model driver counts dropped requests; absent means nobody counted, not zero.
      return phase.dropped === undefined
        ? { value: null, note: 'not counted: only an open-model driver records dropped requests' }
        : { value: phase.dropped };
    case 'dbQueriesPerSec':
      return nullable(phase.server.dbQueriesPerSec, "not measured: the service's DB counters were not read");
    case 'cacheHitRatio':
      return nullable(phase.server.cacheHitRatio, 'not measured: no cache traffic in this phase');
    case 'goodput': {
      // Successful requests per second: what users got, whatever the retries and errors. rps counts requests that
      // ended (dropped ones never did), so the successes are those minus the failures that were sent.
      if (phase.requests === 0) return { value: null, note: NO_REQUESTS };
      const failedSent = Object.entries(phase.errors).reduce((sum, [cls, n]) => (cls === 'dropped' ? sum : sum + (n ?? 0)), 0);
      return { value: Math.round(phase.rps * Math.max(0, 1 - failedSent / phase.requests) * 1000) / 1000 };
    }
    case 'dbQueriesPerRequest':
      return nullable(phase.server.dbQueriesPerRequest, "not measured: the service's DB counters were not read");
    case 'retries':
    case 'breakerRejected':
    case 'rejected':
      return nullable(phase.server[metric], "not measured: the service's counters were not read");
    case 'errorsUntilMs':
      // null when the phase had no errors at all: nothing to wait for.
      return phase.errorsUntilMs === undefined
        ? { value: null, note: 'not recorded by this bench version' }
        : { value: phase.errorsUntilMs ?? 0 };
    case 'staleRate':
      return phase.readAfterWrite
        ? nullable(phase.readAfterWrite.staleRate, 'no read-after-write check both wrote and read')
        : { value: null, note: NOT_PROBED('read-after-write') };
    case 'staleReads':
      return phase.readAfterWrite ? { value: phase.readAfterWrite.stale } : { value: null, note: NOT_PROBED('read-after-write') };
    case 'lostWrites':
    case 'unknownWrites':
      if (!phase.writes) return { value: null, note: NOT_PROBED('write-ledger') };
      if (metric === 'unknownWrites') return { value: phase.writes.unknown };
      return phase.writes.verified
        ? { value: phase.writes.lost }
        : { value: null, note: 'the database could not be checked after the run' };
    default: {
      const dependency = dependencyParts(metric);
      if (dependency) {
        const instances = dependency.source === 'containers' ? phase.containers : phase.dependencies?.[dependency.source];
        const figure = instances?.[dependency.instance]?.[dependency.figure];
        if (figure) return { value: figure[dependency.stat] };
        const known = Object.keys(instances ?? {});
        return {
          value: null,
          note: known.length
            ? `not measured: no ${dependency.figure} for "${dependency.instance}" (measured: ${known.join(', ')})`
            : `not measured: no ${dependency.source} figures in this phase`,
        };
      }
      // errors.<class>: a class missing from the counts had no failures.
      const errorClass = metric.slice('errors.'.length) as FailureClass;
      return { value: phase.errors[errorClass] ?? 0 };
    }
  }
}

function nullable(value: number | null | undefined, note: string): MetricReading {
  return value === null || value === undefined ? { value: null, note } : { value };
}
