// Plans every variant's topology (nothing started) for the checks only a plan can answer: what faults may aim at,
// which figures a run measures, what the reference service is given. A problem true of some variants only says which.
import { BenchError } from '../errors/bench-error.ts';
import { COMPOSE_IMAGES, fixedPorts } from '../topology/compose/render-compose.ts';
import { topologyDefinition, type TopologyKind } from '../topology/registry.ts';
import { topologyShape, type TopologyShape } from '../topology/topology-shape.ts';
import { type IssueList, isObject, type Obj } from './checks.ts';
import { variantTopology } from './variant-topology.ts';

export interface VariantShape {
  /** The variant's name (`default` without variants). */
  variant: string;
  /** For messages: `variants[1]`, with `(kind single)` when it changes the kind; empty without variants. */
  where: string;
  /** The variant's place in `variants`; undefined without variants. */
  index: number | undefined;
  shape: TopologyShape;
  /** The reference service's environment as planned for its first replica, switches included; undefined with another service. */
  referenceEnv: Readonly<Record<string, string>> | undefined;
}

/** Plans the base topology or each variant's; the problems a plan refuses (placeholders) are added to `list`. */
export async function variantShapes(list: IssueList, experiment: Obj): Promise<VariantShape[]> {
  const base = experiment.topology as Obj;
  const given = Array.isArray(experiment.variants);
  const variants = given ? (experiment.variants as Obj[]) : [{ name: 'default' }];
  const shapes: VariantShape[] = [];
  for (const [i, variant] of variants.entries()) {
    const override = isObject(variant.topology) ? variant.topology : {};
    // As the run plans it (orchestrator/plan.ts): the variant's switches over the topology's.
    const serviceEnv = {
      ...(isObject(base.serviceEnv) ? base.serviceEnv : {}),
      ...(isObject(variant.serviceEnv) ? variant.serviceEnv : {}),
    };
    const config: Obj = { ...variantTopology(base, override), ...(Object.keys(serviceEnv).length ? { serviceEnv } : {}) };
    const where = given ? `variants[${i}]${override.kind !== undefined ? ` (kind ${String(config.kind)})` : ''}` : '';
    try {
      const plan = await topologyDefinition(config.kind as TopologyKind).plan(config as never, {
        images: COMPOSE_IMAGES,
        port: fixedPorts(),
      });
      const reference = config.service === undefined ? plan.stages.flat().find((s) => s.role.startsWith('service')) : undefined;
      shapes.push({
        variant: String(variant.name),
        where,
        index: given ? i : undefined,
        shape: topologyShape(plan),
        referenceEnv: reference?.env,
      });
    } catch (error) {
      // A plan refuses what only it can know (a placeholder this kind cannot fill): the user's to fix.
      if (!(error instanceof BenchError) || error.code !== 'bad-input') throw error;
      const prefix = given && override.kind !== undefined ? `${where}: ` : '';
      for (const issue of error.issues) list.add(switchPath(issue.path, base, variant, i), `${prefix}${issue.message}`, issue.hint);
    }
  }
  return shapes;
}

/** A placeholder in a switch is reported where the switch is written, not in the service's env. */
function switchPath(path: string, base: Obj, variant: Obj, i: number): string {
  const name = /^topology\.service\.env\.(.+)$/.exec(path)?.[1];
  if (name === undefined) return path;
  if (isObject(variant.serviceEnv) && name in variant.serviceEnv) return `variants[${i}].serviceEnv.${name}`;
  if (isObject(base.serviceEnv) && name in base.serviceEnv) return `topology.serviceEnv.${name}`;
  return path;
}

export interface ShapedProblem {
  path: string;
  message: string;
  hint: string;
}

/**
 * Adds each variant's problems: once, as is, when every variant has it (the topology's own problem); otherwise once
 * per variant that has it, prefixed with where it is (unless its path is in the variant already).
 */
export function addPerVariant(
  list: IssueList,
  perVariant: ReadonlyArray<{ variant: VariantShape; problems: readonly ShapedProblem[] }>,
): void {
  const key = (p: ShapedProblem): string => `${p.path}\0${p.message}`;
  const counts = new Map<string, number>();
  for (const { problems } of perVariant) for (const k of new Set(problems.map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
  const added = new Set<string>();
  for (const { variant, problems } of perVariant) {
    for (const p of problems) {
      const inVariant = variant.index !== undefined && p.path.startsWith(`variants[${variant.index}].`);
      const plain = counts.get(key(p)) === perVariant.length || variant.where === '' || inVariant;
      if (plain && added.has(key(p))) continue;
      added.add(key(p));
      list.add(p.path, plain ? p.message : `${variant.where}: ${p.message}`, p.hint);
    }
  }
}
