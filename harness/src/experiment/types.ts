// The typed experiment: what one file under experiments/ exports.
import type { KeyDistribution } from '../driver/keys/zipf.ts';
import type { RequestTemplate } from '../driver/driver.ts';
import type { FaultSpec } from '../fault/fault.ts';
import type { TopologyConfig } from '../topology/registry.ts';

export interface PhaseDefinition {
  /** kebab-case, unique within the experiment. */
  name: string;
  durationMs: number;
  /** Applied at the phase's start, rolled back at its end. */
  faults?: FaultSpec[];
}

export interface LoadDefinition {
  /**
   * `open`: arrival rate on bench's own HTTP/1.1 client (wrk2 / k6 constant-arrival-rate): requests leave on schedule whatever the
   * server does and latency counts from the intended send time; needs `ratePerSec`.
   * `closed`: bench's own closed loop (like wrk), each connection waits for its response before the next request
   * (with a rate, latency is corrected for coordinated omission and the raw figures kept beside).
   * `autocannon`: the same closed loop on autocannon.
   * `k6`: the external k6 binary with an arrival-rate executor (`./bench setup --with k6`); needs `ratePerSec`.
   */
  driver: 'open' | 'closed' | 'autocannon' | 'k6';
  /** Closed: the connections. Open: the connection pool; k6: the VUs. */
  connections: number;
  /** Overall target rate across connections; the closed loop may omit it to drive as fast as the system answers. */
  ratePerSec?: number;
  /**
   * Open model: requests that may wait for a free connection before new ones are dropped. Default 4,000,000 (bounded
   * by memory, not by the connections): a request that cannot be sent on time waits and is measured from its
   * intended send time, so a stall shows in full. Set it small only to study shedding: every drop counts as a failed
   * request (`errors.dropped`, in errorRate) and the percentiles, which exclude drops, say so.
   */
  maxQueue?: number;
  request: RequestTemplate;
  keys: KeyDistribution;
  timeoutMs?: number;
}

/** A named change to the base experiment; variants run one after another, each on a fresh topology. */
export interface VariantDefinition {
  name: string;
  description?: string;
  /**
   * Topology parameter overrides, e.g. `{ cacheMode: 'coalesce' }` or `{ healthIntervalMs: 500 }`. With `kind`,
   * the variant runs another topology (the scaling ladder): it keeps the base parameters that kind also takes.
   */
  topology?: Record<string, number | string>;
  /** Service switches merged over the topology's `serviceEnv`, e.g. `{ BREAKER: 'on' }`. */
  serviceEnv?: Record<string, string>;
  /** Load overrides. */
  load?: Partial<Pick<LoadDefinition, 'ratePerSec' | 'connections' | 'keys' | 'request'>>;
}

/**
 * After the phases, each variant's capacity: the highest arrival rate (open model) that meets the SLO, found by
 * stepping the rate up (doubling) then bisecting, on the same topology (see load/capacity.ts).
 */
export interface CapacityDefinition {
  /** e.g. `p99<100ms,errors<1%` (latency percentiles with < or <=, errors as a percentage). */
  slo: string;
  startRatePerSec: number;
  maxRatePerSec: number;
  /** Each step, its warm-up (20%, at most 1 s) included; scaled by --duration-scale (at least 2 s). */
  stepDurationMs: number;
  /** Default 10. */
  maxSteps?: number;
  /** Quiet time between steps (default 1000 ms). */
  cooldownMs?: number;
  /** Extra runs that settle each end of the final bracket by majority (default 2: a majority of 3; 0: one step decides). */
  confirmations?: number;
  /** Stop bisecting when the gap is at most this share of the passing rate (default 0.05). */
  precision?: number;
  /** Time budget of one search, ms (default 300,000). */
  maxTotalMs?: number;
}

/**
 * Client-side checks that run beside the main load against the entry URL, at their own fixed rate:
 * - `read-after-write`: write a task, read that user's tasks at once, count the reads that miss it (stale).
 * - `write-ledger`: writes with unique titles; once the variant's faults are rolled back, each is looked up in the
 *   database of record: acknowledged (2xx) but absent = lost; timed out, reset or 5xx = unknown (present or not).
 */
export type ProbeDefinition =
  | { kind: 'read-after-write'; ratePerSec?: number; readDelayMs?: number }
  | { kind: 'write-ledger'; ratePerSec?: number; write?: LedgerWrite; verify?: LedgerVerify };

/**
 * The ledger's write for a service that is not the reference one (which gets `POST /tasks`). `{title}` in the path
 * or body is the write's unique title (letters, digits and dashes), `{user}` a user id from 1 to 10,000.
 */
export interface LedgerWrite {
  method?: 'POST' | 'PUT' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * How to find the ledger's titles afterwards in the service's own database (one of `topology.service.databases`),
 * on the primary or every shard: a query returning one text column, given `$1`, a LIKE pattern (`<tag>-%`).
 */
export interface LedgerVerify {
  database: string;
  query: string;
}

/** One steady-state check: a GET on the entry point that must answer `expectStatus` (default 200). */
export interface SteadyStateCheck {
  name?: string;
  /** e.g. `/health` or `/tasks/1`. */
  path: string;
  expectStatus?: number;
  maxLatencyMs?: number;
}

/**
 * Checked before the load (the system must start healthy) and after the last phase, once every fault is rolled
 * back (it must recover within `recoveryTimeoutMs`, default 30 s). Default checks: `GET /health` answers 200.
 */
export interface SteadyStateDefinition {
  checks?: SteadyStateCheck[];
  recoveryTimeoutMs?: number;
}

export interface ExperimentDefinition {
  name: string;
  description?: string;
  topology: TopologyConfig;
  load: LoadDefinition;
  phases: PhaseDefinition[];
  /**
   * Standing conditions, applied once the topology is up and before the load starts, rolled back at the
   * variant's end: the environment every phase runs in (e.g. a database 20 ms away), not an event.
   */
  conditions?: FaultSpec[];
  /** Compared side by side in one run; without variants the run has one, named `default`. */
  variants?: VariantDefinition[];
  /** The steady-state hypothesis checked before and after each variant's load. */
  steadyState?: SteadyStateDefinition;
  /** Client-side probes beside the load (figures per phase: `readAfterWrite`, `writes`). */
  probes?: ProbeDefinition[];
  /** Measure each variant's capacity at an SLO after its phases. */
  capacity?: CapacityDefinition;
  /** k6-style thresholds addressed by variant and phase, e.g. `flush.p99 < 500ms`. */
  thresholds?: string[];
  /** Seeds key choice and `:random` fault targets, so a run can be repeated; also the order of repeats. */
  seed?: number;
  /**
   * Run every variant this many times (default 1), each on a fresh topology, in a seeded random order (one shuffle
   * of the variants per round); figures are the medians across repeats with 95% intervals, and comparisons test
   * significance (`bench run --repeat N` overrides it).
   */
  repeat?: number;
  /**
   * Which CPUs the load generator gets; every container gets the others (docs/cpu-split.md). Default, on two or
   * more allowed CPUs: the generator takes a quarter of them (at least one) from the end. `false`: no split.
   * `--generator-cpus` / `--no-cpu-split` override it.
   */
  cpuSplit?: { generatorCpus: string } | false;
}
