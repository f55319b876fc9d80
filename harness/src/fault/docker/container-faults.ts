// Docker faults on one container: a dead server, a frozen server, a CPU squeeze.
import { infraError } from '../../errors/bench-error.ts';
import type { StartedContainer } from '../../runtime/runtime.ts';
import type { TopologyShape } from '../../topology/topology-shape.ts';
import { once, type Fault, type FaultContext, type ShapeProblem } from '../fault.ts';
import { resolveTarget, targetProblem } from '../target.ts';

function container(target: string, ctx: FaultContext): StartedContainer {
  const role = resolveTarget(target, [...ctx.topology.containers.keys()], ctx.random);
  const found = ctx.topology.containers.get(role);
  if (!found) throw infraError(`no running container ${role}`, 'this is a bug in the topology');
  return found;
}

/** The target must resolve on this topology: a role, or an index within its group. */
function validateTarget(spec: { readonly target?: unknown }, shape: TopologyShape): ShapeProblem[] {
  const problem = typeof spec.target === 'string' ? targetProblem(spec.target, shape.roles) : null;
  return problem ? [{ field: 'target', ...problem }] : [];
}

/** SIGKILL, as a crashed process or a lost machine; rolled back by starting the container again. */
export const killFault: Fault<'kill'> = {
  kind: 'kill',
  validate: validateTarget,
  describe: 'kill a container (dead server); rollback restarts it',
  async apply(spec, ctx) {
    const c = container(spec.target, ctx);
    await c.kill('SIGKILL');
    return once(`killed ${c.role}`, () => c.restart());
  },
};

/** docker pause (cgroup freezer): connections stay open and requests hang, as with a stuck process. */
export const pauseFault: Fault<'pause'> = {
  kind: 'pause',
  validate: validateTarget,
  describe: 'pause a container (frozen server); rollback unpauses it',
  async apply(spec, ctx) {
    const c = container(spec.target, ctx);
    await c.pause();
    return once(`paused ${c.role}`, () => c.unpause());
  },
};

export const cpuFault: Fault<'cpu'> = {
  kind: 'cpu',
  validate: validateTarget,
  describe: 'change a container’s CPU limit (throttle); rollback restores it',
  async apply(spec, ctx) {
    const c = container(spec.target, ctx);
    const before = await c.cpus();
    await c.updateCpus(spec.cpus);
    return once(`limited ${c.role} to ${spec.cpus} CPU`, () => c.updateCpus(before));
  },
};
