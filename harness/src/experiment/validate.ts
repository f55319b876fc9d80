// Validates an experiment object and collects every problem (file, field, what is wrong, the fix).
import { faultKinds } from '../fault/registry.ts';
import { checkParam } from '../topology/params.ts';
import { topologyDefinition, topologyKinds, type TopologyKind } from '../topology/registry.ts';
import type { Issue } from '../errors/bench-error.ts';
import { IssueList, KEBAB, checkInteger, checkKnownKeys, checkNumber, checkOneOf, describe, isObject, join, type Obj } from './checks.ts';

const MAX_DURATION_MS = 3_600_000;

export function validateExperiment(value: unknown, file?: string): Issue[] {
  const list = new IssueList(file);
  if (!isObject(value)) {
    list.add('(default export)', `must be an experiment object, got ${describe(value)}`, 'export default defineExperiment({ name, topology, load, phases })');
    return list.issues;
  }
  checkKnownKeys(list, value, '', ['name', 'description', 'topology', 'load', 'phases']);
  if (typeof value.name !== 'string' || !KEBAB.test(value.name)) {
    list.add('name', `must be a kebab-case string, got ${describe(value.name)}`, 'use lowercase words joined by dashes, e.g. "cache-stampede"');
  }
  if (value.description !== undefined && typeof value.description !== 'string') {
    list.add('description', `must be a string, got ${describe(value.description)}`, 'write one sentence: the question the experiment answers');
  }
  validateTopology(list, value.topology);
  validateLoad(list, value.load, isObject(value.topology) ? value.topology : {});
  validatePhases(list, value.phases);
  return list.issues;
}

function validateTopology(list: IssueList, topology: unknown): void {
  if (!isObject(topology)) {
    list.add('topology', `must be an object, got ${describe(topology)}`, `e.g. topology: { kind: "cache", replicas: 2 }`);
    return;
  }
  checkOneOf(list, topology.kind, 'topology.kind', topologyKinds);
  if (!topologyKinds.includes(topology.kind as TopologyKind)) return;
  const { params } = topologyDefinition(topology.kind as TopologyKind);
  checkKnownKeys(list, topology, 'topology', ['kind', 'serviceEnv', ...Object.keys(params)]);
  for (const [key, spec] of Object.entries(params)) {
    if (topology[key] === undefined) continue;
    const problem = checkParam(spec, topology[key]);
    if (problem) list.add(join('topology', key), `${problem}, got ${describe(topology[key])}`, `${spec.describe}; default ${JSON.stringify(spec.default)}`);
  }
  const env = topology.serviceEnv;
  if (env !== undefined && (!isObject(env) || Object.values(env).some((v) => typeof v !== 'string'))) {
    list.add('topology.serviceEnv', 'must map variable names to strings', 'e.g. { RETRY_ATTEMPTS: "3" }');
  }
}

function validateLoad(list: IssueList, load: unknown, topology: Obj): void {
  if (!isObject(load)) {
    list.add('load', `must be an object, got ${describe(load)}`, 'e.g. load: { driver: "closed", connections: 32, request: {...}, keys: {...} }');
    return;
  }
  checkKnownKeys(list, load, 'load', ['driver', 'connections', 'ratePerSec', 'request', 'keys', 'timeoutMs']);
  checkOneOf(list, load.driver, 'load.driver', ['closed']);
  checkInteger(list, load.connections, 'load.connections', 1, 10_000, 'concurrent connections, e.g. 32');
  if (load.ratePerSec !== undefined) checkNumber(list, load.ratePerSec, 'load.ratePerSec', 1, 10_000_000, 'overall requests per second, or omit it for maximum throughput');
  if (load.timeoutMs !== undefined) checkInteger(list, load.timeoutMs, 'load.timeoutMs', 1000, 600_000, 'per-request timeout in milliseconds, e.g. 10000');
  const request = load.request;
  if (!isObject(request)) {
    list.add('load.request', `must be an object, got ${describe(request)}`, 'e.g. { method: "GET", path: "/tasks/{key}" }');
  } else {
    checkKnownKeys(list, request, 'load.request', ['method', 'path', 'headers', 'body']);
    checkOneOf(list, request.method, 'load.request.method', ['GET', 'POST', 'PUT', 'DELETE']);
    if (typeof request.path !== 'string' || !request.path.startsWith('/')) {
      list.add('load.request.path', `must be a path starting with "/", got ${describe(request.path)}`, 'e.g. "/tasks/{key}" ({key} is replaced by each request\'s key)');
    }
  }
  const keys = load.keys;
  if (!isObject(keys)) {
    list.add('load.keys', `must be an object, got ${describe(keys)}`, 'e.g. { distribution: "zipf", count: 1000, exponent: 1 }');
    return;
  }
  checkOneOf(list, keys.distribution, 'load.keys.distribution', ['zipf', 'uniform']);
  checkKnownKeys(list, keys, 'load.keys', keys.distribution === 'zipf' ? ['distribution', 'count', 'exponent', 'seed'] : ['distribution', 'count', 'seed']);
  const users = typeof topology.seedUsers === 'number' ? topology.seedUsers : 10_000;
  checkInteger(list, keys.count, 'load.keys.count', 1, users, `keys are user ids 1..count; at most the seeded users (${users})`);
  if (keys.distribution === 'zipf') checkNumber(list, keys.exponent, 'load.keys.exponent', 0, 10, 'Zipf exponent: 0 is uniform, 1 is classic skew');
  if (keys.seed !== undefined) checkInteger(list, keys.seed, 'load.keys.seed', 0, 2 ** 32 - 1, 'any integer; the same seed gives the same key sequence');
}

function validatePhases(list: IssueList, phases: unknown): void {
  if (!Array.isArray(phases) || phases.length === 0) {
    list.add('phases', `must be a non-empty array, got ${describe(phases)}`, 'e.g. phases: [{ name: "baseline", durationMs: 20000 }]');
    return;
  }
  const seen = new Set<string>();
  phases.forEach((phase: unknown, i) => {
    const at = join('phases', i);
    if (!isObject(phase)) {
      list.add(at, `must be an object, got ${describe(phase)}`, '{ name: "baseline", durationMs: 20000 }');
      return;
    }
    checkKnownKeys(list, phase, at, ['name', 'durationMs', 'faults']);
    if (typeof phase.name !== 'string' || !KEBAB.test(phase.name)) {
      list.add(join(at, 'name'), `must be a kebab-case string, got ${describe(phase.name)}`, 'e.g. "warm-up", "baseline", "flush"');
    } else if (seen.has(phase.name)) {
      list.add(join(at, 'name'), `duplicate phase name "${phase.name}"`, 'give every phase its own name');
    } else seen.add(phase.name);
    checkInteger(list, phase.durationMs, join(at, 'durationMs'), 1000, MAX_DURATION_MS, 'phase length in milliseconds, at least 1000');
    if (phase.faults !== undefined) {
      if (!Array.isArray(phase.faults)) {
        list.add(join(at, 'faults'), `must be an array, got ${describe(phase.faults)}`, 'e.g. faults: [{ kind: "cache-flush" }]');
        return;
      }
      phase.faults.forEach((fault: unknown, j) => {
        const fat = join(join(at, 'faults'), j);
        if (!isObject(fault)) list.add(fat, `must be an object, got ${describe(fault)}`, '{ kind: "cache-flush" }');
        else {
          checkOneOf(list, fault.kind, join(fat, 'kind'), faultKinds);
          checkKnownKeys(list, fault, fat, ['kind']);
        }
      });
    }
  });
}
