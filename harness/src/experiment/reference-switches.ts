// The reference task-api's switches (serviceEnv) read as the service itself reads its environment, before anything
// starts: a variable it does not read would change nothing (a typo), a bad value would stop every replica at start.
// Another service declares no switches to bench: its serviceEnv is its own (only its placeholders are checked).
import { parseConfig } from '../../../targets/task-api/src/config.ts';
import { nearName } from '../thresholds/near-name.ts';
import { isObject, type IssueList, type Obj } from './checks.ts';
import { addPerVariant, type ShapedProblem, type VariantShape } from './variant-shapes.ts';

const README = 'its switches are listed in targets/task-api/README.md (Configuration)';

export function validateReferenceSwitches(list: IssueList, experiment: Obj, shapes: readonly VariantShape[]): void {
  const base = isObject(experiment.topology) && isObject(experiment.topology.serviceEnv) ? experiment.topology.serviceEnv : {};
  const variants: unknown[] = Array.isArray(experiment.variants) ? experiment.variants : [];
  const perVariant = shapes.flatMap((s) => {
    if (!s.referenceEnv) return [];
    const variant = s.index === undefined ? undefined : variants[s.index];
    const own = isObject(variant) && isObject(variant.serviceEnv) ? variant.serviceEnv : {};
    const pathOf = (name?: string): string => {
      const variantOwns = name === undefined ? Object.keys(own).length > 0 : name in own;
      const at = variantOwns ? `variants[${s.index}].serviceEnv` : 'topology.serviceEnv';
      return name === undefined ? at : `${at}.${name}`;
    };
    return [{ variant: s, problems: switchProblems(s.referenceEnv, Object.keys({ ...base, ...own }), pathOf) }];
  });
  addPerVariant(list, perVariant);
}

/** `env`: the replica's whole environment as planned; `switches`: the names the experiment set. */
function switchProblems(
  env: Readonly<Record<string, string>>,
  switches: readonly string[],
  pathOf: (name?: string) => string,
): ShapedProblem[] {
  if (switches.length === 0) return [];
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get: (target, name) => {
      if (typeof name === 'string') read.add(name);
      return Reflect.get(target, name) as unknown;
    },
  });
  const parsed = parseConfig(recording, 'bench');
  const problems: ShapedProblem[] = [];
  for (const name of switches) {
    if (read.has(name)) continue;
    const near = nearName(name, [...read]);
    problems.push({
      path: pathOf(name),
      message: `is not a switch of the reference task-api (it reads no ${name})`,
      hint: near ? `did you mean "${near}"?` : `remove it; ${README}`,
    });
  }
  if (!parsed.ok) {
    for (const issue of parsed.issues) {
      // A value the switches made wrong elsewhere (RETRY_BASE_MS above the default RETRY_MAX_MS) is theirs to fix too.
      const message = `the reference task-api refuses it at start: ${switches.includes(issue.variable) ? '' : `${issue.variable} `}${issue.message}`;
      problems.push({ path: pathOf(switches.includes(issue.variable) ? issue.variable : undefined), message, hint: issue.fix });
    }
  }
  return problems;
}
