import pg from 'pg';

export type DbFailure = 'timeout' | 'unavailable';

// Wraps every query failure so the HTTP layer can tell database trouble (503/504) from bugs (500).
export class DbError extends Error {
  readonly code: string | undefined;
  readonly failure: DbFailure;

  // `failure` overrides the classification, e.g. for the whole-call timeout (cockatiel's TaskCancelledError).
  constructor(cause: unknown, failure?: DbFailure) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'DbError';
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : undefined;
    this.failure = failure ?? classifyDbError(this.code, this.message);
  }
}

// Thrown instead of calling the database while its circuit breaker is open (-> 503 "circuit open").
export class CircuitOpenError extends Error {
  readonly target: string;

  constructor(target: string) {
    super(`circuit open for ${target}`);
    this.name = 'CircuitOpenError';
    this.target = target;
  }
}

export interface PoolOptions {
  url: string;
  poolMax: number;
  /** 0: idle connections stay open (node-postgres would close them after 10 s). */
  idleMs?: number;
  statementTimeoutMs: number;
  applicationName: string;
  synchronousCommit?: 'on' | 'off';
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    // A warm pool, as HikariCP or PgBouncer keep one: node-postgres's default closes a connection after 10 s
    // idle and opens a new one on the next burst, and each new PostgreSQL backend (fork, authentication, cold
    // catalog caches) costs the database CPU exactly when it is busiest. Under a CPU limit that was a stall of
    // hundreds of ms every ~10 s at half the limit (docs/scaling-ladder.md).
    idleTimeoutMillis: options.idleMs ?? 0,
    // Server-side limit, plus a client-side one for when the server cannot answer at all (partition, pause).
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.statementTimeoutMs,
    // Bounds both opening a connection and waiting for a free one, so a dead DB fails requests instead of hanging them.
    connectionTimeoutMillis: options.statementTimeoutMs,
    keepAlive: true,
    application_name: options.applicationName.slice(0, 63),
    // A session setting sent at connect: the server acknowledges commits before their WAL reaches disk.
    ...(options.synchronousCommit === 'off' ? { options: '-c synchronous_commit=off' } : {}),
  });
  // Idle clients error when the server restarts; without a listener that would crash the process.
  pool.on('error', () => {});
  return pool;
}

// Timeouts map to 504, everything else that goes wrong in the database to 503.
export function classifyDbError(code: string | undefined, message: string): DbFailure {
  if (code === '57014' || code === '55P03') return 'timeout'; // statement_timeout cancel, lock_timeout
  if (/timeout|timed out/i.test(message)) return 'timeout'; // pg's client-side query and connection timeouts
  return 'unavailable';
}

export function isForeignKeyViolation(err: unknown): boolean {
  return err instanceof DbError && err.code === '23503';
}

// Several replicas and the database start together: retry until the deadline, then give up loudly.
export async function waitForDatabase(databaseUrl: string, deadlineMs: number, log: (line: string) => void): Promise<void> {
  let attempt = 0;
  for (;;) {
    attempt++;
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => {});
      const message = err instanceof Error ? err.message : String(err);
      if (Date.now() >= deadlineMs) {
        throw new Error(`PostgreSQL not reachable after ${attempt} attempts: ${message}`, { cause: err });
      }
      if (attempt === 1 || attempt % 10 === 0) log(`task-api waiting for PostgreSQL (attempt ${attempt}): ${message}`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, Math.max(0, deadlineMs - Date.now()))));
    }
  }
}
