// The service's own databases: created on every PostgreSQL primary and shard, with its schema and seed SQL run
// in them, before the service starts (replicas copy them from the primary). psql runs inside the database's
// container, so no client is needed on the host.
import { readFileSync } from 'node:fs';
import { BenchError, infraError } from '../../errors/bench-error.ts';
import type { Logger } from '../../log/logger.ts';
import type { StartedContainer } from '../../runtime/runtime.ts';
import type { ServiceDatabase } from './service-config.ts';

const psql = (port: number, database: string, sql: string): string[] => [
  'psql',
  '-X',
  '-q',
  '-h',
  '127.0.0.1',
  '-p',
  String(port),
  '-U',
  'postgres',
  '-d',
  database,
  '-v',
  'ON_ERROR_STOP=1',
  '-c',
  sql,
];

export async function createServiceDatabases(
  servers: ReadonlyArray<{ role: string; port: number }>,
  databases: readonly ServiceDatabase[],
  containers: ReadonlyMap<string, StartedContainer>,
  logger: Logger,
): Promise<void> {
  if (databases.length === 0) return;
  for (const server of servers) {
    const container = containers.get(server.role);
    if (!container)
      throw new BenchError('internal', `no container ${server.role} for the service's databases (a bug in the topology plan)`);
    for (const db of databases) {
      logger.step(`${server.role}: database ${db.name}${db.init ? ` + ${db.init}` : ''}${db.seed ? ` + ${db.seed}` : ''}`);
      await run(container, psql(server.port, 'postgres', `CREATE DATABASE ${db.name}`), `CREATE DATABASE ${db.name}`);
      for (const file of [db.init, db.seed]) {
        if (file !== undefined) await run(container, psql(server.port, db.name, readFileSync(file, 'utf8')), file);
      }
    }
  }
}

async function run(container: StartedContainer, cmd: string[], what: string): Promise<void> {
  const result = await container.exec(cmd, { timeoutMs: 300_000 });
  if (result.exitCode !== 0) {
    // SQL errors are the service's files', so they name the file; PostgreSQL says where in it.
    throw infraError(
      `${container.role}: ${what} failed: ${result.output.trim().split('\n').slice(-5).join(' | ')}`,
      `fix the SQL in ${what} (it runs with ON_ERROR_STOP, plain statements only, no psql meta-commands)`,
    );
  }
}
