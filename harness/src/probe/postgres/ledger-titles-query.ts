// The write ledger's titles read from PostgreSQL: the only file in probe/ that imports pg. One connection per
// read, closed after it; verify-ledger.ts retries and bounds the reads.
import pg from 'pg';
import type { TitlesQuery } from '../verify-ledger.ts';

export const queryTitlesWithPg: TitlesQuery = async ({ url, query, pattern, connectTimeoutMs, queryTimeoutMs }) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, query_timeout: queryTimeoutMs });
  // A connection that breaks later emits 'error'; without a listener that would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    // rowMode array: the first column, whatever the service's query calls it.
    const result = await client.query<unknown[]>({ text: query, values: [pattern], rowMode: 'array' });
    return result.rows.map((row) => String(row[0]));
  } finally {
    await client.end().catch(() => undefined);
  }
};
