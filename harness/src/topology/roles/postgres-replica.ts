import type { ImageSet } from '../../runtime/images.ts';
import type { ContainerSpec } from '../../runtime/runtime.ts';
import { STATEMENT_STATS } from './postgres.ts';

/**
 * A streaming replica: a base backup of the primary (taken through its Toxiproxy replication edge, so lag can
 * be injected), then a hot standby. Waits for the primary first, since stages start replicas right after it.
 */
export function postgresReplicaSpec(images: ImageSet, options: { role: string; port: number; primaryPort: number }): ContainerSpec {
  const bin = images.flavor === 'local' ? '/usr/lib/postgresql/15/bin/' : '';
  const { port, primaryPort } = options;
  const slot = options.role.replaceAll('-', '_');
  return {
    role: options.role,
    image: images.postgres,
    user: 'postgres',
    entrypoint: ['sh', '-c'],
    cmd: [
      // A restarted replica (the kill fault's rollback) keeps its data and resumes streaming from its slot.
      `if [ ! -s /tmp/pgdata/PG_VERSION ]; then ` +
        `until ${bin}pg_isready -h 127.0.0.1 -p ${primaryPort} -U postgres >/dev/null 2>&1; do sleep 0.2; done; ` +
        // A replication slot per replica keeps the WAL it still needs; a failed base backup is tried again.
        `for attempt in 1 2 3; do ` +
        `${bin}pg_basebackup -h 127.0.0.1 -p ${primaryPort} -U postgres -D /tmp/pgdata -R -X stream -C -S ${slot} && break; ` +
        `${bin}psql -h 127.0.0.1 -p ${primaryPort} -U postgres -qAtc "select pg_drop_replication_slot('${slot}') from pg_replication_slots where slot_name = '${slot}'" >/dev/null 2>&1; ` +
        `rm -rf /tmp/pgdata; sleep 1; done; fi; chmod 700 /tmp/pgdata && ` +
        `exec ${bin}postgres -D /tmp/pgdata -k /tmp -p ${port} -c listen_addresses=127.0.0.1 -c hot_standby=on -c max_connections=200 -c ${STATEMENT_STATS}`,
    ],
    wait: { kind: 'command', cmd: [`${bin}pg_isready`, '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'], timeoutMs: 90_000 },
  };
}
