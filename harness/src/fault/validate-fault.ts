// Checks one fault spec of an experiment; every problem is collected with its path and fix.
import { IssueList, checkInteger, checkKnownKeys, checkNumber, checkOneOf, describe, join, type Obj } from '../experiment/checks.ts';
import { faultKinds } from './registry.ts';

/** What the topology offers to aim at: container roles and Toxiproxy edges. */
export interface TopologyShape {
  roles: readonly string[];
  edges: readonly string[];
}

/** `shape` is null when the topology itself is invalid: targets and edges are then not checked. */
type FieldCheck = (list: IssueList, value: unknown, path: string, shape: TopologyShape | null) => void;

const int = (min: number, max: number, hint: string, optional = false): FieldCheck => (list, v, path) => {
  if (!(optional && v === undefined)) checkInteger(list, v, path, min, max, hint);
};
const num = (min: number, max: number, hint: string, optional = false): FieldCheck => (list, v, path) => {
  if (!(optional && v === undefined)) checkNumber(list, v, path, min, max, hint);
};
const edge: FieldCheck = (list, v, path, shape) => {
  if (shape) checkOneOf(list, v, path, shape.edges);
  else if (typeof v !== 'string') list.add(path, `must name a Toxiproxy edge, got ${describe(v)}`, 'e.g. "postgres" or "redis"');
};
const target = (optional = false): FieldCheck => (list, v, path, shape) => {
  if ((optional && v === undefined) || !shape) return;
  const groups = [...new Set(shape.roles.filter((r) => /-\d+$/.test(r)).map((r) => r.replace(/-\d+$/, '')))];
  const ok = typeof v === 'string' && (shape.roles.includes(v) || groups.some((g) => new RegExp(`^${g}:(random|\\d+)$`).test(v)));
  if (!ok) list.add(path, `must name a container of the topology, got ${describe(v)}`, `a role (${shape.roles.join(', ')}) or <group>:<n> / <group>:random (${groups.join(', ')})`);
};
const stream: FieldCheck = (list, v, path) => {
  if (v !== undefined) checkOneOf(list, v, path, ['upstream', 'downstream']);
};
const toxicity = num(0, 1, 'the share of connections the toxic hits, from 0 to 1', true);
const duration = int(1, 3_600_000, 'roll back this many ms after the phase starts (omit: at the phase end)', true);
const every = int(100, 3_600_000, 'apply again every this many ms within the phase (a flapping fault)', true);
// One-shot faults have nothing to roll back, so they may repeat without a durationMs.
const ONE_SHOT = new Set(['cache-flush', 'hot-key-expiry']);
const edgeFields = { edge, stream, toxicity };

const fields: Record<string, Record<string, FieldCheck>> = {
  'cache-flush': {},
  'hot-key-expiry': { keys: int(1, 1_000_000, 'how many of the hottest keys to expire, e.g. 10') },
  kill: { target: target() },
  pause: { target: target() },
  cpu: { target: target(), cpus: num(0.01, 64, 'the new CPU limit in cores, e.g. 0.1') },
  latency: { ...edgeFields, latencyMs: int(0, 600_000, 'added latency in ms, e.g. 200'), jitterMs: int(0, 600_000, 'jitter in ms', true) },
  bandwidth: { ...edgeFields, rateKBps: int(1, 10_000_000, 'KB per second, e.g. 100') },
  timeout: { ...edgeFields, timeoutMs: int(0, 3_600_000, 'close connections after this many ms; 0 holds them forever') },
  'reset-peer': { ...edgeFields, timeoutMs: int(0, 3_600_000, 'reset after this many ms', true) },
  slicer: {
    ...edgeFields,
    averageSizeBytes: int(1, 1_000_000, 'average slice size in bytes'),
    sizeVariationBytes: int(0, 1_000_000, 'variation in bytes', true),
    delayUs: int(0, 10_000_000, 'delay between slices in microseconds', true),
  },
  'limit-data': { ...edgeFields, bytes: int(1, 1_000_000_000, 'bytes before the connection closes') },
  down: { edge },
  'replica-failover': { replica: target(true) },
};

export function validateFault(list: IssueList, fault: Obj, path: string, shape: TopologyShape | null): void {
  checkOneOf(list, fault.kind, join(path, 'kind'), faultKinds);
  const checks = fields[fault.kind as string];
  if (!checks) return;
  checkKnownKeys(list, fault, path, ['kind', 'durationMs', 'everyMs', ...Object.keys(checks)]);
  duration(list, fault.durationMs, join(path, 'durationMs'), shape);
  every(list, fault.everyMs, join(path, 'everyMs'), shape);
  checkFlapping(list, fault, path);
  for (const [key, check] of Object.entries(checks)) check(list, fault[key], join(path, key), shape);
}

function checkFlapping(list: IssueList, fault: Obj, path: string): void {
  if (typeof fault.everyMs !== 'number' || ONE_SHOT.has(fault.kind as string)) return;
  if (fault.durationMs === undefined) {
    list.add(join(path, 'durationMs'), 'is required with everyMs (each application must end before the next)', `set durationMs below everyMs (${fault.everyMs}), e.g. ${Math.round(fault.everyMs / 4)}`);
  } else if (typeof fault.durationMs === 'number' && fault.durationMs >= fault.everyMs) {
    list.add(join(path, 'durationMs'), `is ${fault.durationMs}, not below everyMs (${fault.everyMs})`, 'make durationMs shorter than everyMs, or drop everyMs for a fault that lasts the phase');
  }
}
