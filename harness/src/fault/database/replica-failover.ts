// Replica failover: promote a streaming replica and repoint writes to it. Writes reach the primary through its
// Toxiproxy edge, so repointing is changing that edge's upstream: no service restart.
import { BenchError, badInput, infraError } from '../../errors/bench-error.ts';
import { replicaAndPrimary } from '../../topology/postgres-servers.ts';
import { once, type Fault } from '../fault.ts';
import { resolveTarget, targetProblem } from '../target.ts';

const DEFAULT_REPLICA = 'postgres-replica:1';

export const replicaFailoverFault: Fault<'replica-failover'> = {
  kind: 'replica-failover',
  describe: 'promote a replica and repoint writes to it (not rolled back: a promoted replica stays primary)',
  oneShot: 'once',
  validate(spec, shape) {
    if (shape.dbReplicas.length === 0) {
      return [
        {
          message: `replica-failover needs PostgreSQL streaming replicas, and topology ${shape.kind} has none`,
          hint: 'use topology kind "replicas" (dbReplicas sets how many), or remove the fault',
        },
      ];
    }
    if (typeof spec.replica !== 'string') return [];
    const problem = targetProblem(spec.replica, shape.dbReplicas, 'a PostgreSQL replica');
    return problem ? [{ field: 'replica', ...problem }] : [];
  },
  async apply(spec, ctx) {
    const { topology } = ctx;
    // The same list validation checked the target against (the shape's dbReplicas).
    const replicas = topology.postgres.filter((s) => s.replica).map((s) => s.role);
    if (replicas.length === 0)
      throw badInput(
        `replica-failover needs PostgreSQL streaming replicas, and topology ${topology.kind} has none`,
        'use topology kind "replicas"',
      );
    const role = resolveTarget(spec.replica ?? DEFAULT_REPLICA, replicas, ctx.random);
    const pair = replicaAndPrimary(topology.postgres, role);
    const container = topology.containers.get(role);
    if (!pair || !container)
      throw new BenchError('internal', `replica-failover: ${role} has no container or no primary (a bug in the topology plan)`);
    const { replica, primary } = pair;
    const promoted = await container.exec(
      ['psql', '-h', '127.0.0.1', '-p', String(replica.port), '-U', 'postgres', '-qAtc', 'select pg_promote(true, 30)'],
      { user: 'postgres' },
    );
    if (promoted.exitCode !== 0 || !/t/.test(promoted.output))
      throw infraError(`promoting ${role} failed: ${promoted.output.trim()}`, `check the ${role} container's logs`);
    // The primary's edge now leads where the replica's own edge does: to its direct port.
    await topology.toxiproxy.setUpstream(primary.edge.name, replica.edge.upstream);
    // The old primary keeps running, unreachable for writes through the edge; the variant's teardown removes it.
    return once(`promoted ${role} and repointed writes to it (not rolled back)`, async () => {});
  },
};
