// Checks one fault spec of an experiment; every problem is collected with its path and fix. The fields are checked
// here; what the fault needs of the topology, by the fault itself (its `validate`, see faultShapeProblems).
import { type IssueList, checkInteger, checkKnownKeys, checkNumber, checkOneOf, describe, join, type Obj } from '../experiment/checks.ts';
import type { TopologyShape } from '../topology/topology-shape.ts';
import type { Fault, FaultKind, ShapeProblem } from './fault.ts';
import { faultKinds, faults } from './registry.ts';

type FieldCheck = (list: IssueList, value: unknown, path: string) => void;

const int =
  (min: number, max: number, hint: string, optional = false): FieldCheck =>
  (list, v, path) => {
    if (!(optional && v === undefined)) checkInteger(list, v, path, min, max, hint);
  };
const num =
  (min: number, max: number, hint: string, optional = false): FieldCheck =>
  (list, v, path) => {
    if (!(optional && v === undefined)) checkNumber(list, v, path, min, max, hint);
  };
const edge: FieldCheck = (list, v, path) => {
  if (typeof v !== 'string') list.add(path, `must name a Toxiproxy edge, got ${describe(v)}`, 'e.g. "postgres" or "redis"');
};
const target =
  (optional = false): FieldCheck =>
  (list, v, path) => {
    if (!(optional && v === undefined) && typeof v !== 'string')
      list.add(
        path,
        `must name a container, got ${describe(v)}`,
        'a role, e.g. "postgres", or <group>:<n> / <group>:random, e.g. "service:2"',
      );
  };
const stream: FieldCheck = (list, v, path) => {
  if (v !== undefined) checkOneOf(list, v, path, ['upstream', 'downstream']);
};
const toxicity = num(0, 1, 'the share of connections the toxic hits, from 0 to 1', true);
const duration = int(1, 3_600_000, 'roll back this many ms after the phase starts (omit: at the phase end)', true);
const every = int(100, 3_600_000, 'apply again every this many ms within the phase (a flapping fault)', true);
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

/** The fault of a known kind, or undefined (the kind's own check reports it). */
export const faultOf = (kind: unknown): Fault | undefined =>
  faultKinds.includes(kind as FaultKind) ? (faults[kind as FaultKind] as Fault) : undefined;

export function validateFault(list: IssueList, fault: Obj, path: string): void {
  checkOneOf(list, fault.kind, join(path, 'kind'), faultKinds);
  const checks = fields[fault.kind as string];
  if (!checks) return;
  checkKnownKeys(list, fault, path, ['kind', 'durationMs', 'everyMs', ...Object.keys(checks)]);
  duration(list, fault.durationMs, join(path, 'durationMs'));
  every(list, fault.everyMs, join(path, 'everyMs'));
  checkFlapping(list, fault, path);
  for (const [key, check] of Object.entries(checks)) check(list, fault[key], join(path, key));
}

/** What the fault finds wrong with one topology, each problem with its path (a field, or the fault's kind). */
export function faultShapeProblems(fault: Obj, path: string, shape: TopologyShape): Array<ShapeProblem & { path: string }> {
  const problems = faultOf(fault.kind)?.validate?.(fault, shape) ?? [];
  return problems.map((p) => ({ ...p, path: join(path, p.field ?? 'kind') }));
}

function checkFlapping(list: IssueList, fault: Obj, path: string): void {
  if (typeof fault.everyMs !== 'number') return;
  const oneShot = faultOf(fault.kind)?.oneShot;
  if (oneShot === 'once') {
    list.add(join(path, 'everyMs'), `${String(fault.kind)} happens once and is not rolled back, so it cannot repeat`, 'drop everyMs');
    return;
  }
  // A repeatable one-shot fault has nothing to roll back, so it may repeat without a durationMs.
  if (oneShot === 'repeatable') return;
  if (fault.durationMs === undefined) {
    list.add(
      join(path, 'durationMs'),
      'is required with everyMs (each application must end before the next)',
      `set durationMs below everyMs (${fault.everyMs}), e.g. ${Math.round(fault.everyMs / 4)}`,
    );
  } else if (typeof fault.durationMs === 'number' && fault.durationMs >= fault.everyMs) {
    list.add(
      join(path, 'durationMs'),
      `is ${fault.durationMs}, not below everyMs (${fault.everyMs})`,
      'make durationMs shorter than everyMs, or drop everyMs for a fault that lasts the phase',
    );
  }
}
