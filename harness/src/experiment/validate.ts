// Validates an experiment object and collects every problem (file, field, what is wrong, the fix).
import { TASK_API_METRICS } from '../topology/roles/task-api.ts';
import { validateThresholds } from '../thresholds/validate.ts';
import { checkParam } from '../topology/params.ts';
import { topologyDefinition, topologyKinds, type TopologyKind } from '../topology/registry.ts';
import type { Issue } from '../errors/bench-error.ts';
import { parseSlo } from '../load/slo.ts';
import { BenchError } from '../errors/bench-error.ts';
import { variantTopology } from './variant-topology.ts';
import { readAllowedCpus } from '../host/allowed-cpus.ts';
import { dirname, resolve } from 'node:path';
import { serviceTopologyIssues, validateService } from './validate-service.ts';
import type { ServiceConfig } from '../topology/service/service-config.ts';
import { cpuSplitFieldIssues } from '../host/cpu-split-choice.ts';
import { validatePhases, validateFaultList } from './validate-faults.ts';
import { variantShapes } from './variant-shapes.ts';
import { unmeasuredFigureIssues } from './unmeasured-figures.ts';
import { validateReferenceSwitches } from './reference-switches.ts';
import { IssueList, KEBAB, checkInteger, checkKnownKeys, checkNumber, checkOneOf, describe, isObject, join, type Obj } from './checks.ts';
import { checkLedgerVerify, checkLedgerWrite, serviceProbeIssues } from './validate-ledger.ts';

export const MAX_REPEATS = 100;

/** `allowedCpus`: the CPUs this process may use (a cpuSplit naming others is refused); default read from /proc. */
export async function validateExperiment(
  value: unknown,
  file?: string,
  allowedCpus: readonly number[] = readAllowedCpus(),
): Promise<Issue[]> {
  const list = new IssueList(file);
  if (!isObject(value)) {
    list.add(
      '(default export)',
      `must be an experiment object, got ${describe(value)}`,
      'export default defineExperiment({ name, topology, load, phases })',
    );
    return list.issues;
  }
  checkKnownKeys(list, value, '', [
    'name',
    'description',
    'topology',
    'load',
    'phases',
    'conditions',
    'variants',
    'capacity',
    'probes',
    'steadyState',
    'thresholds',
    'seed',
    'repeat',
    'cpuSplit',
  ]);
  if (typeof value.name !== 'string' || !KEBAB.test(value.name)) {
    list.add(
      'name',
      `must be a kebab-case string, got ${describe(value.name)}`,
      'use lowercase words joined by dashes, e.g. "cache-stampede"',
    );
  }
  if (value.description !== undefined && typeof value.description !== 'string') {
    list.add(
      'description',
      `must be a string, got ${describe(value.description)}`,
      'write one sentence: the question the experiment answers',
    );
  }
  validateTopology(list, value.topology, file);
  validateLoad(list, value.load, isObject(value.topology) ? value.topology : {});
  validateVariants(list, value.variants, value.topology, value.load);
  if (value.capacity !== undefined) validateCapacity(list, value.capacity);
  if (value.probes !== undefined) validateProbes(list, value.probes);
  if (Array.isArray(value.probes) && isObject(value.topology) && value.topology.service !== undefined)
    serviceProbeIssues(list, value.probes, value.topology.service);
  if (value.steadyState !== undefined) validateSteadyState(list, value.steadyState);
  if (value.seed !== undefined)
    checkInteger(list, value.seed, 'seed', 0, 2 ** 32 - 1, 'any integer; the same seed repeats key choices and random fault targets');
  if (value.repeat !== undefined)
    checkInteger(
      list,
      value.repeat,
      'repeat',
      1,
      MAX_REPEATS,
      'repeats per variant, e.g. 5 (each one runs the whole experiment on a fresh topology)',
    );
  list.issues.push(...cpuSplitFieldIssues(value.cpuSplit, allowedCpus, file));
  if (value.thresholds !== undefined) {
    const variantNames = Array.isArray(value.variants)
      ? value.variants.flatMap((v) => (isObject(v) && typeof v.name === 'string' ? [v.name] : []))
      : ['default'];
    const phaseNames = Array.isArray(value.phases)
      ? value.phases.flatMap((p) => (isObject(p) && typeof p.name === 'string' ? [p.name] : []))
      : [];
    list.issues.push(
      ...validateThresholds(value.thresholds, { variants: variantNames, phases: phaseNames, serviceFigures: serviceFigures(value) }, file),
    );
  }
  // Faults, switches and figures are checked against every variant's topology: a target must exist in each.
  const topologyOk = !list.issues.some((i) => /^(topology|variants)\b/.test(i.path));
  const shapes = topologyOk ? await variantShapes(list, value) : [];
  validatePhases(list, value.phases, shapes);
  validateFaultList(list, value.conditions, 'conditions', shapes, { standing: true });
  validateReferenceSwitches(list, value, shapes);
  list.issues.push(...unmeasuredFigureIssues(value.thresholds, shapes, value.probes, file));
  return dedupe(list.issues);
}

/** What `service.<instance>.<figure>` thresholds may name: the figures of every service the variants run. */
function serviceFigures(experiment: Obj): string[] {
  const base = isObject(experiment.topology) ? experiment.topology : {};
  const variants = Array.isArray(experiment.variants) ? experiment.variants.filter(isObject) : [{}];
  const figures = new Set<string>();
  for (const variant of variants) {
    const topology = isObject(variant.topology) ? variant.topology : {};
    const service = topology.service ?? base.service;
    const map = service === undefined ? TASK_API_METRICS : isObject(service) && isObject(service.metrics) ? service.metrics : {};
    for (const group of ['counters', 'gauges'] as const)
      if (isObject(map[group])) for (const name of Object.keys(map[group])) figures.add(name);
  }
  return [...figures];
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\0${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function validateVariants(list: IssueList, variants: unknown, topology: unknown, load: unknown): void {
  if (variants === undefined) return;
  if (!Array.isArray(variants) || variants.length === 0) {
    list.add(
      'variants',
      `must be a non-empty array, got ${describe(variants)}`,
      "e.g. variants: [{ name: 'none' }, { name: 'coalescing', topology: { cacheMode: 'coalesce' } }]",
    );
    return;
  }
  const baseKind = isObject(topology) ? (topology.kind as TopologyKind) : undefined;
  const seen = new Set<string>();
  variants.forEach((variant: unknown, i) => {
    const at = join('variants', i);
    if (!isObject(variant))
      return list.add(at, `must be an object, got ${describe(variant)}`, "{ name: 'coalescing', topology: { cacheMode: 'coalesce' } }");
    checkKnownKeys(list, variant, at, ['name', 'description', 'topology', 'serviceEnv', 'load']);
    if (typeof variant.name !== 'string' || !KEBAB.test(variant.name))
      list.add(join(at, 'name'), `must be a kebab-case string, got ${describe(variant.name)}`, 'e.g. "coalescing"');
    else if (seen.has(variant.name))
      list.add(join(at, 'name'), `duplicate variant name "${variant.name}"`, 'give every variant its own name');
    else seen.add(variant.name);
    if (variant.topology !== undefined) {
      if (!isObject(variant.topology))
        list.add(join(at, 'topology'), 'must be an object of topology parameters', "e.g. { cacheMode: 'coalesce' }");
      else {
        const kind = (variant.topology.kind ?? baseKind) as TopologyKind | undefined;
        if (variant.topology.kind !== undefined) checkOneOf(list, variant.topology.kind, join(join(at, 'topology'), 'kind'), topologyKinds);
        const params = kind && topologyKinds.includes(kind) ? topologyDefinition(kind).params : {};
        checkKnownKeys(list, variant.topology, join(at, 'topology'), ['kind', ...Object.keys(params)]);
        const service = isObject(topology) && isObject(topology.service) ? (topology.service as ServiceConfig) : undefined;
        if (service) {
          const merged = variantTopology(topology as Obj, variant.topology);
          list.issues.push(...serviceTopologyIssues(service, { topology: merged, at: join(at, 'topology'), file: list.file }));
        }
        for (const [key, value] of Object.entries(variant.topology)) {
          const spec = params[key];
          const problem = spec ? checkParam(spec, value) : null;
          if (spec && problem) list.add(join(join(at, 'topology'), key), `${problem}, got ${describe(value)}`, spec.describe);
        }
      }
    }
    if (
      variant.serviceEnv !== undefined &&
      (!isObject(variant.serviceEnv) || Object.values(variant.serviceEnv).some((v) => typeof v !== 'string'))
    ) {
      list.add(join(at, 'serviceEnv'), 'must map variable names to strings', "e.g. { BREAKER: 'on' }");
    }
    // The variant's keys are user ids of its own topology's seed; without keys of its own it draws the base's.
    const own = variantTopology(isObject(topology) ? topology : {}, isObject(variant.topology) ? variant.topology : {});
    const baseCount = isObject(load) && isObject(load.keys) ? load.keys.count : undefined;
    const seedUsers = isObject(variant.topology) ? variant.topology.seedUsers : undefined;
    if (
      !(isObject(variant.load) && variant.load.keys !== undefined) &&
      own.service === undefined &&
      typeof seedUsers === 'number' &&
      typeof baseCount === 'number' &&
      baseCount > seedUsers
    ) {
      list.add(
        join(join(at, 'topology'), 'seedUsers'),
        `seeds ${seedUsers} users, fewer than the ${baseCount} keys (load.keys.count) this variant draws`,
        `seed at least ${baseCount} users, or give the variant its own load.keys with a count up to ${seedUsers}`,
      );
    }
    if (variant.load !== undefined) {
      if (!isObject(variant.load)) list.add(join(at, 'load'), 'must be an object', 'e.g. { ratePerSec: 400 }');
      else {
        checkKnownKeys(list, variant.load, join(at, 'load'), ['ratePerSec', 'connections', 'keys', 'request']);
        if (variant.load.request !== undefined) {
          if (isObject(variant.load.request)) validateRequest(list, variant.load.request, join(join(at, 'load'), 'request'));
          else
            list.add(
              join(join(at, 'load'), 'request'),
              'must be an object',
              'e.g. { method: \'POST\', path: \'/tasks\', body: \'{"userId":{key},"title":"t"}\' }',
            );
        }
        if (variant.load.keys !== undefined) validateKeys(list, variant.load.keys, join(join(at, 'load'), 'keys'), own);
        if (variant.load.ratePerSec !== undefined)
          checkNumber(list, variant.load.ratePerSec, join(join(at, 'load'), 'ratePerSec'), 1, 10_000_000, 'overall requests per second');
        if (variant.load.connections !== undefined)
          checkInteger(list, variant.load.connections, join(join(at, 'load'), 'connections'), 1, 10_000, 'concurrent connections');
      }
    }
  });
}

const PROBE_KEYS: Record<string, string[]> = {
  'read-after-write': ['kind', 'ratePerSec', 'readDelayMs'],
  'write-ledger': ['kind', 'ratePerSec', 'write', 'verify'],
};

function validateSteadyState(list: IssueList, steady: unknown): void {
  if (!isObject(steady)) {
    list.add(
      'steadyState',
      `must be an object, got ${describe(steady)}`,
      "e.g. steadyState: { checks: [{ path: '/health' }], recoveryTimeoutMs: 30000 }",
    );
    return;
  }
  checkKnownKeys(list, steady, 'steadyState', ['checks', 'recoveryTimeoutMs']);
  if (steady.recoveryTimeoutMs !== undefined)
    checkInteger(
      list,
      steady.recoveryTimeoutMs,
      'steadyState.recoveryTimeoutMs',
      1000,
      600_000,
      'how long the system may take to recover after the last phase, ms, e.g. 30000',
    );
  if (steady.checks === undefined) return;
  if (!Array.isArray(steady.checks) || steady.checks.length === 0) {
    list.add(
      'steadyState.checks',
      `must be a non-empty array, got ${describe(steady.checks)}`,
      "e.g. [{ path: '/health' }, { path: '/tasks/1', maxLatencyMs: 200 }]",
    );
    return;
  }
  steady.checks.forEach((check: unknown, i) => {
    const at = join('steadyState.checks', i);
    if (!isObject(check)) return list.add(at, `must be an object, got ${describe(check)}`, "{ path: '/health' }");
    checkKnownKeys(list, check, at, ['name', 'path', 'expectStatus', 'maxLatencyMs']);
    if (typeof check.path !== 'string' || !check.path.startsWith('/'))
      list.add(join(at, 'path'), `must be a path starting with "/", got ${describe(check.path)}`, 'e.g. "/health"');
    if (check.expectStatus !== undefined)
      checkInteger(list, check.expectStatus, join(at, 'expectStatus'), 100, 599, 'an HTTP status, e.g. 200');
    if (check.maxLatencyMs !== undefined)
      checkInteger(list, check.maxLatencyMs, join(at, 'maxLatencyMs'), 1, 600_000, 'the slowest acceptable answer, ms');
    if (check.name !== undefined && typeof check.name !== 'string')
      list.add(join(at, 'name'), `must be a string, got ${describe(check.name)}`, 'e.g. "health"');
  });
}

function validateProbes(list: IssueList, probes: unknown): void {
  if (!Array.isArray(probes)) {
    list.add('probes', `must be an array, got ${describe(probes)}`, "e.g. probes: [{ kind: 'read-after-write', ratePerSec: 20 }]");
    return;
  }
  const seen = new Set<string>();
  probes.forEach((probe: unknown, i) => {
    const at = join('probes', i);
    if (!isObject(probe)) return list.add(at, `must be an object, got ${describe(probe)}`, "{ kind: 'write-ledger', ratePerSec: 50 }");
    checkOneOf(list, probe.kind, join(at, 'kind'), Object.keys(PROBE_KEYS));
    const keys = PROBE_KEYS[probe.kind as string];
    if (!keys) return;
    if (seen.has(probe.kind as string)) list.add(join(at, 'kind'), `a second "${String(probe.kind)}" probe`, 'keep one probe of each kind');
    seen.add(probe.kind as string);
    checkKnownKeys(list, probe, at, keys);
    if (probe.ratePerSec !== undefined)
      checkNumber(list, probe.ratePerSec, join(at, 'ratePerSec'), 0.1, 1000, 'checks per second beside the load, e.g. 20');
    if (probe.readDelayMs !== undefined)
      checkInteger(list, probe.readDelayMs, join(at, 'readDelayMs'), 0, 60_000, 'pause between the write and the read, ms (0: at once)');
    if (probe.write !== undefined) checkLedgerWrite(list, probe.write, join(at, 'write'));
    if (probe.verify !== undefined) checkLedgerVerify(list, probe.verify, join(at, 'verify'));
  });
}

function validateCapacity(list: IssueList, capacity: unknown): void {
  const at = 'capacity';
  if (!isObject(capacity)) {
    list.add(
      at,
      `must be an object, got ${describe(capacity)}`,
      "e.g. capacity: { slo: 'p99<100ms,errors<1%', startRatePerSec: 200, maxRatePerSec: 20000, stepDurationMs: 5000 }",
    );
    return;
  }
  checkKnownKeys(list, capacity, at, [
    'slo',
    'startRatePerSec',
    'maxRatePerSec',
    'stepDurationMs',
    'maxSteps',
    'cooldownMs',
    'confirmations',
    'precision',
    'maxTotalMs',
  ]);
  if (capacity.confirmations !== undefined)
    checkInteger(
      list,
      capacity.confirmations,
      'capacity.confirmations',
      0,
      8,
      'extra runs that settle each end of the bracket, e.g. 2 (a majority of 3)',
    );
  if (capacity.precision !== undefined)
    checkNumber(list, capacity.precision, 'capacity.precision', 0.001, 1, 'stop bisecting at this gap over the passing rate, e.g. 0.05');
  if (capacity.maxTotalMs !== undefined)
    checkInteger(list, capacity.maxTotalMs, 'capacity.maxTotalMs', 1000, 3_600_000, 'time budget of one search, ms, e.g. 300000');
  if (typeof capacity.slo !== 'string')
    list.add('capacity.slo', `must be a string, got ${describe(capacity.slo)}`, "e.g. 'p99<100ms,errors<1%'");
  else {
    try {
      parseSlo(capacity.slo, 'capacity.slo');
    } catch (error) {
      if (!(error instanceof BenchError)) throw error;
      for (const issue of error.issues) list.add(issue.path, issue.message, issue.hint);
      if (!error.issues.length) list.add('capacity.slo', error.message, error.hint ?? '');
    }
  }
  checkNumber(list, capacity.startRatePerSec, 'capacity.startRatePerSec', 1, 10_000_000, 'the first rate tried, e.g. 200');
  checkNumber(list, capacity.maxRatePerSec, 'capacity.maxRatePerSec', 1, 10_000_000, 'the ceiling, e.g. 20000');
  if (
    typeof capacity.startRatePerSec === 'number' &&
    typeof capacity.maxRatePerSec === 'number' &&
    capacity.maxRatePerSec < capacity.startRatePerSec
  ) {
    list.add(
      'capacity.maxRatePerSec',
      `is below startRatePerSec (${capacity.startRatePerSec})`,
      'raise maxRatePerSec or lower startRatePerSec',
    );
  }
  checkInteger(list, capacity.stepDurationMs, 'capacity.stepDurationMs', 2000, 600_000, 'each step in ms, warm-up included, e.g. 5000');
  if (capacity.maxSteps !== undefined) checkInteger(list, capacity.maxSteps, 'capacity.maxSteps', 2, 50, 'e.g. 10');
  if (capacity.cooldownMs !== undefined)
    checkInteger(list, capacity.cooldownMs, 'capacity.cooldownMs', 0, 60_000, 'quiet time between steps, e.g. 1000');
}

function validateTopology(list: IssueList, topology: unknown, file: string | undefined): void {
  if (!isObject(topology)) {
    list.add('topology', `must be an object, got ${describe(topology)}`, `e.g. topology: { kind: "cache", replicas: 2 }`);
    return;
  }
  checkOneOf(list, topology.kind, 'topology.kind', topologyKinds);
  if (!topologyKinds.includes(topology.kind as TopologyKind)) return;
  const { params } = topologyDefinition(topology.kind as TopologyKind);
  checkKnownKeys(list, topology, 'topology', ['kind', 'serviceEnv', 'service', ...Object.keys(params)]);
  if (topology.service !== undefined) {
    const baseDir = file ? dirname(resolve(file)) : process.cwd();
    list.issues.push(...validateService(topology.service, { topology, at: 'topology', baseDir, file }));
  }
  for (const [key, spec] of Object.entries(params)) {
    if (topology[key] === undefined) continue;
    const problem = checkParam(spec, topology[key]);
    if (problem)
      list.add(
        join('topology', key),
        `${problem}, got ${describe(topology[key])}`,
        `${spec.describe}; default ${JSON.stringify(spec.default)}`,
      );
  }
  const env = topology.serviceEnv;
  if (env !== undefined && (!isObject(env) || Object.values(env).some((v) => typeof v !== 'string'))) {
    list.add('topology.serviceEnv', 'must map variable names to strings', 'e.g. { RETRY_ATTEMPTS: "3" }');
  }
}

function validateLoad(list: IssueList, load: unknown, topology: Obj): void {
  if (!isObject(load)) {
    list.add(
      'load',
      `must be an object, got ${describe(load)}`,
      'e.g. load: { driver: "closed", connections: 32, request: {...}, keys: {...} }',
    );
    return;
  }
  checkKnownKeys(list, load, 'load', ['driver', 'connections', 'ratePerSec', 'maxQueue', 'request', 'keys', 'timeoutMs']);
  checkOneOf(list, load.driver, 'load.driver', ['open', 'closed', 'autocannon', 'k6']);
  if ((load.driver === 'open' || load.driver === 'k6') && load.ratePerSec === undefined) {
    list.add(
      'load.ratePerSec',
      `is required by the ${load.driver} driver (requests leave on a schedule)`,
      'add e.g. ratePerSec: 400, or use driver: "closed" to go as fast as the system answers',
    );
  }
  if (load.maxQueue !== undefined) {
    if (load.driver !== 'open')
      list.add('load.maxQueue', `applies to the open driver only, not "${String(load.driver)}"`, 'remove maxQueue, or use driver: "open"');
    checkInteger(
      list,
      load.maxQueue,
      'load.maxQueue',
      0,
      10_000_000,
      'requests that may wait for a connection, e.g. 320; 0 drops whenever every connection is busy',
    );
  }
  checkInteger(list, load.connections, 'load.connections', 1, 10_000, 'concurrent connections, e.g. 32');
  if (load.ratePerSec !== undefined)
    checkNumber(list, load.ratePerSec, 'load.ratePerSec', 1, 10_000_000, 'overall requests per second, or omit it for maximum throughput');
  if (load.timeoutMs !== undefined)
    checkInteger(list, load.timeoutMs, 'load.timeoutMs', 1000, 600_000, 'per-request timeout in milliseconds, e.g. 10000');
  const request = load.request;
  if (!isObject(request)) {
    list.add('load.request', `must be an object, got ${describe(request)}`, 'e.g. { method: "GET", path: "/tasks/{key}" }');
  } else {
    validateRequest(list, request, 'load.request');
  }
  validateKeys(list, load.keys, 'load.keys', topology);
}

function validateRequest(list: IssueList, request: Obj, path: string): void {
  checkKnownKeys(list, request, path, ['method', 'path', 'headers', 'body']);
  checkOneOf(list, request.method, join(path, 'method'), ['GET', 'POST', 'PUT', 'DELETE']);
  if (typeof request.path !== 'string' || !request.path.startsWith('/')) {
    list.add(
      join(path, 'path'),
      `must be a path starting with "/", got ${describe(request.path)}`,
      'e.g. "/tasks/{key}" ({key} is replaced by each request\'s key)',
    );
  }
  if (request.body !== undefined && typeof request.body !== 'string') {
    list.add(
      join(path, 'body'),
      `must be a string, got ${describe(request.body)}`,
      'e.g. \'{"userId":{key},"title":"t"}\' ({key} as in the path)',
    );
  }
}

function validateKeys(list: IssueList, keys: unknown, path: string, topology: Obj): void {
  if (!isObject(keys)) {
    list.add(path, `must be an object, got ${describe(keys)}`, 'e.g. { distribution: "zipf", count: 1000, exponent: 1 }');
    return;
  }
  checkOneOf(list, keys.distribution, join(path, 'distribution'), ['zipf', 'uniform']);
  checkKnownKeys(
    list,
    keys,
    path,
    keys.distribution === 'zipf' ? ['distribution', 'count', 'exponent', 'seed'] : ['distribution', 'count', 'seed'],
  );
  if (topology.service !== undefined)
    checkInteger(
      list,
      keys.count,
      join(path, 'count'),
      1,
      100_000_000,
      'keys are 1..count, for {key} in the request; your service should know them (e.g. its seed.sql)',
    );
  else {
    const users = typeof topology.seedUsers === 'number' ? topology.seedUsers : 10_000;
    checkInteger(list, keys.count, join(path, 'count'), 1, users, `keys are user ids 1..count; at most the seeded users (${users})`);
  }
  if (keys.distribution === 'zipf')
    checkNumber(list, keys.exponent, join(path, 'exponent'), 0, 10, 'Zipf exponent: 0 is uniform, 1 is classic skew');
  if (keys.seed !== undefined)
    checkInteger(list, keys.seed, join(path, 'seed'), 0, 2 ** 32 - 1, 'any integer; the same seed gives the same key sequence');
}
