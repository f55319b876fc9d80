// The phases and their faults, and the standing conditions: each fault's fields, what it needs of every variant's
// topology (the fault's own check), and what its place allows: a condition holds for the whole variant; a phase's
// fault fits in its phase.
import { faultOf, faultShapeProblems, validateFault } from '../fault/validate-fault.ts';
import { type IssueList, KEBAB, checkInteger, checkKnownKeys, describe, isObject, join, type Obj } from './checks.ts';
import { addPerVariant, type VariantShape } from './variant-shapes.ts';

const MAX_DURATION_MS = 3_600_000;

/** Where a fault list sits: the standing conditions, or a phase of this length (undefined when it is invalid). */
type Place = { standing: true } | { phaseMs: number | undefined };

export function validatePhases(list: IssueList, phases: unknown, shapes: readonly VariantShape[]): void {
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
    const before = list.issues.length;
    checkInteger(list, phase.durationMs, join(at, 'durationMs'), 1000, MAX_DURATION_MS, 'phase length in milliseconds, at least 1000');
    const phaseMs = list.issues.length === before ? (phase.durationMs as number) : undefined;
    validateFaultList(list, phase.faults, join(at, 'faults'), shapes, { phaseMs });
  });
}

export function validateFaultList(list: IssueList, faults: unknown, path: string, shapes: readonly VariantShape[], place: Place): void {
  if (faults === undefined) return;
  if (!Array.isArray(faults)) {
    list.add(path, `must be an array, got ${describe(faults)}`, 'e.g. [{ kind: "latency", edge: "postgres", latencyMs: 20 }]');
    return;
  }
  faults.forEach((fault: unknown, j) => {
    const at = join(path, j);
    if (!isObject(fault)) return list.add(at, `must be an object, got ${describe(fault)}`, '{ kind: "cache-flush" }');
    validateFault(list, fault, at);
    if ('standing' in place) checkStanding(list, fault, at);
    else if (place.phaseMs !== undefined) checkFitsPhase(list, fault, at, place.phaseMs);
    addPerVariant(
      list,
      shapes.map((s) => ({ variant: s, problems: faultShapeProblems(fault, at, s.shape) })),
    );
  });
}

// Standing faults (conditions) hold from before the load to the variant's end: they neither flap, nor end early,
// nor happen once.
function checkStanding(list: IssueList, fault: Obj, at: string): void {
  if (fault.everyMs !== undefined) {
    list.add(
      join(at, 'everyMs'),
      'has no meaning on a condition, which holds for the whole variant',
      'move the fault into a phase to make it flap, or drop everyMs',
    );
  }
  if (fault.durationMs !== undefined) {
    list.add(
      join(at, 'durationMs'),
      'has no meaning on a condition, which holds until the variant ends',
      'move the fault into a phase to end it early, or drop durationMs',
    );
  }
  if (faultOf(fault.kind)?.oneShot) {
    list.add(
      join(at, 'kind'),
      `${String(fault.kind)} happens once, with nothing to roll back: an event, not a condition that holds for the variant`,
      `move it into a phase's faults, e.g. { name: "event", durationMs: 20000, faults: [{ kind: "${String(fault.kind)}" }] }`,
    );
  }
}

// Against the phase as written: --duration-scale shortens phases but not a fault's own times (fault.ts says why).
function checkFitsPhase(list: IssueList, fault: Obj, at: string, phaseMs: number): void {
  if (typeof fault.durationMs === 'number' && fault.durationMs > phaseMs) {
    list.add(
      join(at, 'durationMs'),
      `is ${fault.durationMs} ms, longer than its phase (${phaseMs} ms): the fault is rolled back at the phase end anyway`,
      `make it at most ${phaseMs}, or drop durationMs to roll it back at the phase end`,
    );
  }
  if (typeof fault.everyMs === 'number' && fault.everyMs >= phaseMs) {
    list.add(
      join(at, 'everyMs'),
      `is ${fault.everyMs} ms, not shorter than its phase (${phaseMs} ms), so the fault never repeats`,
      `make it shorter than ${phaseMs}, or drop everyMs to apply the fault once`,
    );
  }
}
