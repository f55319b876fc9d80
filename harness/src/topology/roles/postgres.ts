import type { ImageSet } from '../../runtime/images.ts';
import type { ContainerSpec } from '../../runtime/runtime.ts';

const LOCAL_BIN = '/usr/lib/postgresql/15/bin';
const TEMPLATE_DIR = '/tmp/pgtemplate';
// No fsync: the cluster lives as long as the container; the server itself still syncs as configured.
const INITDB = `initdb --no-sync -D ${TEMPLATE_DIR} -A trust -U postgres`;

/** pg_stat_statements, so the dependency sampler can count every server's statements per second. */
export const STATEMENT_STATS = 'shared_preload_libraries=pg_stat_statements';

/** PostgreSQL on a loopback port, trust auth (it is only reachable on 127.0.0.1). */
export function postgresSpec(
  images: ImageSet,
  options: { role?: string; port: number; memoryBytes?: number; synchronousStandby?: boolean },
): ContainerSpec {
  const { port } = options;
  // wal_keep_size: replicas taking a base backup while the primary is busy find the WAL they need.
  // synchronous_standby_names=*: a commit is acknowledged once a replica has flushed it (synchronous replication).
  const serverArgs = `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=200 -c wal_keep_size=256MB -c ${STATEMENT_STATS}${options.synchronousStandby ? ' -c synchronous_standby_names=*' : ''}`;
  const common = {
    role: options.role ?? 'postgres',
    image: images.postgres,
    ...(options.memoryBytes ? { memoryBytes: options.memoryBytes } : {}),
  };
  if (images.flavor === 'official') {
    return {
      ...common,
      env: { POSTGRES_HOST_AUTH_METHOD: 'trust' },
      cmd: ['postgres', ...serverArgs.split(' ')],
      wait: { kind: 'command', cmd: ['pg_isready', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'], timeoutMs: 60_000 },
    };
  }
  return {
    ...common,
    user: 'postgres',
    entrypoint: ['sh', '-c'],
    cmd: [
      // A restarted container (the kill fault's rollback) keeps its data: crash recovery, not a new cluster.
      // Otherwise the cluster comes from the pristine initdb output in /tmp/pgtemplate: put there by the runtime
      // (preparedDir, ~1 s of CPU saved per start), or made here once and then kept by the runtime.
      `if [ ! -s /tmp/pgdata/PG_VERSION ]; then ` +
        `if [ -s ${TEMPLATE_DIR}/PG_VERSION ]; then mv ${TEMPLATE_DIR} /tmp/pgdata; ` +
        `else ${LOCAL_BIN}/${INITDB} >/tmp/initdb.log 2>&1 || { cat /tmp/initdb.log; exit 1; }; cp -a ${TEMPLATE_DIR} /tmp/pgdata; fi; fi; ` +
        `exec ${LOCAL_BIN}/postgres -D /tmp/pgdata -k /tmp ${serverArgs}`,
    ],
    preparedDir: { path: TEMPLATE_DIR, key: `${LOCAL_BIN}/${INITDB}` },
    wait: { kind: 'command', cmd: [`${LOCAL_BIN}/pg_isready`, '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'], timeoutMs: 60_000 },
  };
}

export const postgresUrl = (port: number): string => `${postgresServerUrl(port)}/postgres`;
/** The server, without a database: services append their own (`{postgres.url}/app`). */
export const postgresServerUrl = (port: number): string => `postgres://postgres@127.0.0.1:${port}`;
