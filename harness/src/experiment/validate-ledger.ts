// The write ledger's own write and verification query, for a service that is not the reference one, and what the
// probes need of such a service; every problem before anything starts.
import { type IssueList, checkOneOf, describe as show, isObject, join } from './checks.ts';

const EXAMPLE_WRITE = `e.g. write: { path: '/notes', body: '{"text":"{title}"}' }`;
const EXAMPLE_VERIFY = `e.g. verify: { database: 'app', query: 'SELECT text FROM notes WHERE text LIKE $1' }`;

export function checkLedgerWrite(list: IssueList, write: unknown, at: string): void {
  if (!isObject(write)) return list.add(at, `must be an object, got ${show(write)}`, EXAMPLE_WRITE);
  for (const key of Object.keys(write))
    if (!['method', 'path', 'headers', 'body'].includes(key))
      list.add(join(at, key), `unknown field "${key}"`, 'known fields: method, path, headers, body');
  if (write.method !== undefined) checkOneOf(list, write.method, join(at, 'method'), ['POST', 'PUT', 'PATCH']);
  if (typeof write.path !== 'string' || !write.path.startsWith('/'))
    list.add(join(at, 'path'), `must be a path starting with "/", got ${show(write.path)}`, EXAMPLE_WRITE);
  if (write.body !== undefined && typeof write.body !== 'string')
    list.add(
      join(at, 'body'),
      `must be a string, got ${show(write.body)}`,
      'the request body as sent, with {title} where the unique title goes',
    );
  if (write.headers !== undefined && (!isObject(write.headers) || Object.values(write.headers).some((v) => typeof v !== 'string'))) {
    list.add(join(at, 'headers'), 'must map header names to strings', "e.g. { 'content-type': 'application/json' }");
  }
  // Without the title in the request, nothing can tell one write from another afterwards.
  const carriesTitle = [write.path, write.body].some((t) => typeof t === 'string' && t.includes('{title}'));
  if (typeof write.path === 'string' && !carriesTitle)
    list.add(
      at,
      'does not carry {title} in its path or body',
      'put {title} where the service stores a value the verify query can find, e.g. body: \'{"text":"{title}"}\'',
    );
}

export function checkLedgerVerify(list: IssueList, verify: unknown, at: string): void {
  if (!isObject(verify)) return list.add(at, `must be an object, got ${show(verify)}`, EXAMPLE_VERIFY);
  for (const key of Object.keys(verify))
    if (!['database', 'query'].includes(key)) list.add(join(at, key), `unknown field "${key}"`, 'known fields: database, query');
  if (typeof verify.database !== 'string' || verify.database === '')
    list.add(join(at, 'database'), `must name a database, got ${show(verify.database)}`, 'one of topology.service.databases, e.g. "app"');
  if (typeof verify.query !== 'string' || !verify.query.includes('$1')) {
    list.add(join(at, 'query'), `must be SQL with $1 (the LIKE pattern of the ledger's titles), got ${show(verify.query)}`, EXAMPLE_VERIFY);
  }
}

/**
 * With the experiment's own service: read-after-write speaks the reference API only; the write ledger needs the
 * service's write and a query on one of its databases.
 */
export function serviceProbeIssues(list: IssueList, probes: readonly unknown[], service: unknown): void {
  const databases =
    isObject(service) && Array.isArray(service.databases)
      ? service.databases.flatMap((d) => (isObject(d) && typeof d.name === 'string' ? [d.name] : []))
      : [];
  probes.forEach((probe, i) => {
    if (!isObject(probe)) return;
    const at = join('probes', i);
    if (probe.kind === 'read-after-write') {
      list.add(
        join(at, 'kind'),
        "read-after-write speaks the reference task-api's API (POST /tasks, GET /tasks/{user}), which the experiment's own service replaces",
        'remove it, or run the reference service (drop topology.service)',
      );
    }
    if (probe.kind !== 'write-ledger') return;
    if (probe.write === undefined)
      list.add(join(at, 'write'), "is needed with the experiment's own service: the ledger cannot guess its API", EXAMPLE_WRITE);
    if (probe.verify === undefined)
      list.add(
        join(at, 'verify'),
        "is needed with the experiment's own service: the ledger cannot guess where its writes land",
        EXAMPLE_VERIFY,
      );
    else if (isObject(probe.verify) && typeof probe.verify.database === 'string' && !databases.includes(probe.verify.database)) {
      list.add(
        join(join(at, 'verify'), 'database'),
        `"${probe.verify.database}" is not one of the service's databases (${databases.join(', ') || 'none declared'})`,
        'declare it in topology.service.databases, so bench creates it on every primary and shard',
      );
    }
  });
}
