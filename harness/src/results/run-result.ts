// run.json: a versioned contract. Later work adds fields; it never renames or removes them.
import type { InstanceFigures } from '../dependencies/phase-dependencies.ts';
export const SCHEMA_VERSION = 1;

export type RunStatus = 'passed' | 'failed' | 'aborted' | 'error';

/**
 * Failure classes shared by every driver, the keys of `errors`. `dropped`: a request due on the schedule that the
 * driver never sent (the open driver's waiting line was full, or k6 found every VU busy); it has no latency, so
 * percentiles exclude it.
 */
export const ERROR_CLASSES = ['connrefused', 'reset', 'timeout', 'http5xx', 'http4xx', 'other', 'dropped'] as const;
export type FailureClass = (typeof ERROR_CLASSES)[number];
/** The class of a request that was sent and failed (recorder/classify.ts): every failure class but `dropped`. */
export type ErrorClass = Exclude<FailureClass, 'dropped'>;
export type ErrorCounts = Partial<Record<FailureClass, number>>;

export interface LatencySummaryMs {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export interface ServerFigures {
  /** DB queries per second summed over every service replica during the phase. */
  dbQueriesPerSec: number | null;
  /** hits / (hits + misses) during the phase; null when there was no cache traffic. */
  cacheHitRatio: number | null;
  dbQueries?: number;
  cacheHits?: number;
  cacheMisses?: number;
  /** DB attempts per client request over the phase (retries amplify it). */
  dbQueriesPerRequest?: number | null;
  /** Counter deltas over the phase, summed over replicas. */
  retries?: number;
  breakerRejected?: number;
  /** Requests shed by the service's bulkhead. */
  rejected?: number;
  /** DB queries per target (primary, replica-N, shard-N) during the phase. */
  dbQueriesByTarget?: Record<string, number>;
}

export interface PhaseResult {
  name: string;
  /** Milliseconds since the variant's load started. */
  startMs: number;
  endMs: number;
  /**
   * Requests due in the phase that ended, answered or failed (an open-model request that waited for a connection
   * past its timeout is a failed one, a timeout, though it never left); dropped ones are not in it (`dropped`).
   */
  requests: number;
  /** requests / duration: what was sent, not what was due. */
  rps: number;
  /** Failed over due: (errors + dropped) / (requests + dropped); `errors` counts the drops under `dropped`. */
  errorRate: number;
  errors: ErrorCounts;
  /** Over `requests` (answered and failed); dropped requests have no latency and are not in it (report.droppedNote). */
  latencyMs: LatencySummaryMs;
  /** File name of the phase's HdrHistogram percentile distribution, relative to the run directory. */
  hgrm: string;
  /** The histogram itself, compressed (HdrHistogram's base64 encoding), so reports can be re-rendered from run.json. */
  histogram?: string;
  server: ServerFigures;
  /** Fault events that happened in this phase. */
  faults?: string[];
  /**
   * Requests an open-model driver never sent because its queue was full (k6's dropped_iterations); also in
   * `errors.dropped` and in `errorRate`. Absent for drivers that cannot drop (closed loop).
   */
  dropped?: number;
  /** The closed loop's raw figures when a rate was set (latencyMs is then corrected for coordinated omission). */
  uncorrectedLatencyMs?: LatencySummaryMs;
  /** The load generator was the bottleneck during this phase: its figures understate the system's. */
  generatorSaturated?: boolean;
  /** With a CPU split: how busy the stack's CPUs were (mean over the phase) and whether they were the limit (>= 90%). */
  stackCpu?: { cpus: string; busyPercent: number; limited: boolean };
  /**
   * Ms from the phase start to the end of its last second with an error or a dropped request (how long a failure
   * burst lasted); null without either.
   */
  errorsUntilMs?: number | null;
  /**
   * Every container's CPU (cores, share of its limit, share of CFS periods throttled) and memory, from its cgroup
   * files once a second: mean and peak over the phase, by role.
   */
  containers?: InstanceFigures;
  /**
   * The dependencies' own counters once a second, mean and peak by instance: PostgreSQL (pg_stat_statements,
   * pg_stat_database, ...) and Redis (INFO) by server, HAProxy by backend server, the broker by stream, and the
   * service's own Prometheus figures (its `metrics` map) by replica and summed as `all`.
   */
  dependencies?: {
    postgres?: InstanceFigures;
    haproxy?: InstanceFigures;
    redis?: InstanceFigures;
    broker?: InstanceFigures;
    service?: InstanceFigures;
  };
  /** The read-after-write probe's checks written in this phase. */
  readAfterWrite?: ReadAfterWriteFigures;
  /** The write ledger's writes sent in this phase, checked against the database after the variant. */
  writes?: WriteFigures;
  /**
   * 95% intervals, keyed by metric name (`p50`, `p99`, `errorRate`, `dbQueriesPerSec`, ...). With repeats: across the
   * repeats' values (the phase's figures are then their medians); with one run: latency percentiles only, from the
   * histogram's counts (order-statistic bounds).
   */
  intervals?: Record<string, FigureInterval>;
  /** Server-Timing components the service reported, and where the time of the median and the slowest 1% went. */
  serverTiming?: ServerTimingFigures;
}

/** A two-sided interval for one figure, in the figure's unit. */
export interface FigureInterval {
  lo: number;
  hi: number;
  /** The confidence it actually has (order statistics give discrete levels, e.g. 0.9375 with 5 repeats), 0..1. */
  level: number;
  /** `repeats`: across repeats; `histogram`: within one run, from the percentile's rank bounds in the histogram. */
  method: 'repeats' | 'histogram';
  /** Values behind it: repeats, or requests in the histogram. */
  n: number;
}

/** Per-component latency from `Server-Timing` response headers (W3C: `db;dur=12.3, cache;dur=0.4`). */
export interface ServerTimingFigures {
  /** Component name -> how many responses reported it, its latency summary, its compressed histogram. */
  components: Record<string, { count: number; latencyMs: LatencySummaryMs; histogram?: string }>;
  /**
   * Mean ms per component (and `other`: end-to-end minus the components) for requests near the median end-to-end
   * latency and for the slowest 1%; null when no response carried the header.
   */
  breakdown: { median: LatencyBreakdown; slowest1pct: LatencyBreakdown } | null;
}

export interface LatencyBreakdown {
  /** Mean end-to-end latency of the requests in this slice, ms. */
  totalMs: number;
  requests: number;
  /** Mean ms per component name, plus `other` (network, balancer queueing, service CPU: whatever is left). */
  componentsMs: Record<string, number>;
}

/** One repeat of a variant: its figures as measured, before the medians across repeats. */
export interface RepeatResult {
  /** 1-based. */
  repeat: number;
  /** Position of this (variant, repeat) in the run's order, 0-based. */
  orderIndex: number;
  phases: PhaseResult[];
  generatorSaturated?: boolean;
  steadyState?: { before?: SteadyStateResult; after?: SteadyStateResult };
  capacity?: CapacityFigures;
}

/** Write a task, then read the user's tasks back at once: was it there? */
export interface ReadAfterWriteFigures {
  checks: number;
  fresh: number;
  stale: number;
  /** stale / (fresh + stale); null when no check both wrote and read. */
  staleRate: number | null;
  /** Its 20 latest tasks were all newer: the check could not tell. */
  displaced: number;
  writeFailed: number;
  readFailed: number;
  /** Stale reads answered by another service instance than the one that took the write. */
  staleCrossInstance: number;
  /** Checks not sent because the probe had too many in flight. */
  skipped: number;
}

/** Writes with a known title, looked up in the database of record once the variant's faults were rolled back. */
export interface WriteFigures {
  sent: number;
  /** Answered 2xx. */
  acknowledged: number;
  /** Acknowledged but absent afterwards: lost. */
  lost: number;
  /** Refused in a way that proves nothing was written (4xx, connection refused). */
  rejected: number;
  /** Timed out, reset or 5xx: may or may not have committed. */
  unknown: number;
  /** Of the unknown ones, present afterwards. */
  unknownPresent: number;
  /** Rows beyond the first for one write (a write applied twice). */
  duplicates: number;
  /** Writes due in this phase but never sent: the ledger had too many in flight (a hanging service). */
  skipped?: number;
  /** False when the database could not be checked (then lost/unknownPresent are 0 and not measured). */
  verified: boolean;
}

export interface VariantResult {
  name: string;
  /** What this variant changed relative to the experiment's base (topology parameters, service switches). */
  overrides?: Record<string, unknown>;
  phases: PhaseResult[];
  /** True when the load generator was saturated in any of this variant's phases. */
  generatorSaturated?: boolean;
  /** Steady-state checks before the load and after the last phase (faults rolled back). */
  steadyState?: { before?: SteadyStateResult; after?: SteadyStateResult };
  /** The experiment's capacity search on this variant, after its phases. */
  capacity?: CapacityFigures;
  /** What the once-a-second dependency sampler cost: its samples and the wall time of one (all reads), ms. */
  dependencySampler?: { samples: number; meanMs: number; maxMs: number };
  /**
   * With repeats: every repeat's own figures, in repeat order; `phases` then holds the medians across them, with
   * `intervals` across repeats.
   */
  repeats?: RepeatResult[];
}

export interface SteadyStateResult {
  passed: boolean;
  /** How long the checks took to pass (or to give up). */
  afterMs: number;
  checks: Array<{ name: string; expected: string; observed: string; passed: boolean }>;
}

/** The highest arrival rate that met the SLO, and every step that found it. */
export interface CapacityFigures {
  slo: string;
  /** null when even the first rate failed (or the generator saturated first). */
  kneeRatePerSec: number | null;
  firstFailingRatePerSec: number | null;
  stoppedBy: string;
  /** Both ends of the bracket [knee, firstFailing] were settled by a majority of their runs (absent in older runs). */
  confirmed?: boolean;
  /** Runs and passes per rate tried. */
  tally?: Array<{ ratePerSec: number; runs: number; passes: number }>;
  /** What stopped it, from the per-container CPU figures of the failing steps, e.g. "service replicas at 97% of their CPU limit". */
  stoppingResource?: string;
  /** Steps sorted by rate: the latency/throughput curve. */
  curve: CapacityStepFigures[];
}

/** One rate tried by the capacity search. */
export interface CapacityStepFigures {
  ratePerSec: number;
  /** Responses and errors per second in the measured window. */
  achievedRps: number;
  requests: number;
  dropped: number;
  /** (errors + dropped) / (requests + dropped): a dropped request is one the service could not take. */
  errorRate: number;
  p50Ms: number;
  p99Ms: number;
  pass: boolean;
  failures: string[];
  generatorSaturated: boolean;
  /** Why the generator was judged saturated (e.g. "main thread event-loop delay p99 > 10 ms"). */
  generatorReasons?: string[];
  /** With generatorSaturated: the generator's worst delay in the step (scheduler lag or event-loop delay), ms. */
  generatorWorstDelayMs?: number;
  /**
   * With generatorSaturated: the step fails the SLO even with every latency shortened by twice that delay (and,
   * when the delay is a small part of the timeout, with its errors), so a generator that never held anything up
   * would have failed it too; the search counts it as a fail instead of stopping.
   */
  failsDespiteGenerator?: boolean;
  /** Cores each container used over the measured window, beside its limit (0: unlimited), from cgroup counters. */
  cpu?: Array<{ role: string; usedCores: number; limitCores: number }>;
  /** With a CPU split: the stack's CPUs were the limit at this step (generator/saturation.ts stackCpuNote). */
  stackCpuNote?: string;
}

/** One threshold checked against one (variant, phase): `*` in an expression expands to several results. */
export interface ThresholdResult {
  /** As written in the experiment, e.g. `flush.p99 < 500ms`. */
  expression: string;
  variant: string;
  phase: string;
  metric: string;
  /** The measured value in the threshold's unit (ms for latency, a ratio for rates); null when not measured. */
  actual: number | null;
  passed: boolean;
  /** Why `actual` is null (nothing measured, phase or variant not recorded), or why a relative threshold failed. */
  note?: string;
  /** Relative thresholds (`a.flush.p99 < 0.5 * b.flush.p99`): the figure compared with, resolved (no `*`). */
  reference?: ThresholdReferenceResult;
  /** Relative thresholds: the limit is `factor × reference.value` (1 when the expression wrote none). */
  factor?: number;
  /** `… significant` thresholds: the one-sided test over the repeats that must also pass. */
  significance?: ThresholdSignificance;
}

/** The right side of a relative threshold, as read from the run. */
export interface ThresholdReferenceResult {
  variant: string;
  phase: string;
  metric: string;
  /** In the metric's unit, as reported (with repeats: the median across them); null when not measured. */
  value: number | null;
}

/** A one-sided Mann-Whitney U test: the left side's repeat values against factor × the reference's. */
export interface ThresholdSignificance {
  test: 'mann-whitney-u';
  /** `less`: the left side tends to be smaller (operators < and <=); `greater`: larger (> and >=). */
  alternative: 'less' | 'greater';
  /** The test's level: significant when pValue < alpha. */
  alpha: number;
  /** null when the test could not run (no repeats, too few to ever reach alpha, values not measured). */
  pValue: number | null;
  /** Repeats with a measured value: on the left side, in the reference. */
  n: number;
  m: number;
  /** The exact distribution (false: the normal approximation); absent when the test did not run. */
  exact?: boolean;
  /** Fewest repeats per variant with which the test can reach p < alpha. */
  repeatsNeeded: number;
}

export interface EnvironmentInfo {
  hostname: string;
  platform: string;
  arch: string;
  cpus: number;
  memoryBytes: number;
  node: string;
  dockerServerVersion?: string;
  imageFlavor?: string;
  /** The load generator's nice value (negative: it ran ahead of the containers for CPU). */
  generatorNice?: number;
  /** Which CPUs the generator and the containers got (host/cpu-split.ts); absent in runs before the split. */
  cpuSplit?: {
    /** CPU lists, e.g. "1" and "0"; empty strings when there was no split. */
    generator: string;
    stack: string;
    source: 'default' | 'flag' | 'experiment' | 'off';
    /** Whether the generator process really ran on `generator` (taskset worked). */
    pinned: boolean;
  };
  images?: Record<string, string>;
  benchVersion: string;
}

export interface RunEvent {
  /** Milliseconds since the variant's load started. */
  atMs: number;
  wallTime: string;
  variant: string;
  /** With repeats: which repeat of the variant (1-based). */
  repeat?: number;
  phase: string;
  kind: string;
  detail: string;
}

/** The experiment's own service, when it replaced the reference one: what ran, not its env values (they may be secrets). */
export interface ServiceRecord {
  image: string;
  /** The directory it was built from, for a `build` service. */
  build?: string;
  healthPath: string;
  /** The names of the variables it was given; their values are not kept. */
  envNames: string[];
}

export interface RunResult {
  schemaVersion: typeof SCHEMA_VERSION;
  experiment: string;
  runId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string;
  /** Why the run ended early, when status is aborted or error. */
  reason?: string;
  environment: EnvironmentInfo;
  topology?: { kind: string; parameters: Record<string, unknown>; endpoints?: Record<string, string>; service?: ServiceRecord };
  load?: Record<string, unknown>;
  variants: VariantResult[];
  events?: RunEvent[];
  thresholds?: ThresholdResult[];
  /** True when any phase's generator was saturated. */
  generatorSaturated?: boolean;
  /** With repeats: how many per variant, the seed of their order, and the order they ran in. */
  repeats?: { count: number; seed: number; order: Array<{ variant: string; repeat: number }> };
}
