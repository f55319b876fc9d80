// Replica failover: promote a streaming replica and repoint writes to it. Writes reach the primary through
// the `postgres` Toxiproxy edge, so repointing is changing that edge's upstream: no service restart.
import { badInput, infraError } from '../../errors/bench-error.ts';
import { once, type Fault } from '../fault.ts';
import { resolveTarget, targetProblem } from '../target.ts';

const DEFAULT_REPLICA = 'postgres-replica:1';

export const replicaFailoverFault: Fault<'replica-failover'> = {
  kind: 'replica-failover',
  describe: 'promote a replica and repoint writes to it (not rolled back: a promoted replica stays primary)',
  oneShot: 'once',
  validate(spec, shape) {
    if (shape.dbReplicas.length === 0) {
      return [{ message: `replica-failover needs PostgreSQL streaming replicas, and topology ${shape.kind} has none`, hint: 'use topology kind "replicas" (dbReplicas sets how many), or remove the fault' }];
    }
    if (typeof spec.replica !== 'string') return [];
    const problem = targetProblem(spec.replica, shape.dbReplicas, 'a PostgreSQL replica');
    return problem ? [{ field: 'replica', ...problem }] : [];
  },
  async apply(spec, ctx) {
    const { topology } = ctx;
    const role = resolveTarget(spec.replica ?? DEFAULT_REPLICA, [...topology.containers.keys()], ctx.random);
    const replica = topology.containers.get(role);
    const readEdge = topology.proxies.find((p) => p.name === role);
    const writeEdge = topology.proxies.find((p) => p.name === 'postgres');
    if (!replica || !readEdge || !writeEdge) throw badInput(`replica-failover needs the replicas topology; ${role} has no read edge`, 'use topology kind "replicas"');
    const port = readEdge.upstream.split(':').at(-1)!;
    const promoted = await replica.exec(['psql', '-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-qAtc', 'select pg_promote(true, 30)'], { user: 'postgres' });
    if (promoted.exitCode !== 0 || !/t/.test(promoted.output)) throw infraError(`promoting ${role} failed: ${promoted.output.trim()}`, `check the ${role} container's logs`);
    await topology.toxiproxy.setUpstream('postgres', readEdge.upstream);
    // The old primary keeps running, unreachable for writes through the edge; the variant's teardown removes it.
    return once(`promoted ${role} and repointed writes to it (not rolled back)`, async () => {});
  },
};
