import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { createRequestHandler, type AppDeps } from './app.ts';
import { formatConfigIssues, parseConfig } from './config.ts';
import { Metrics } from './metrics.ts';
import { startApi, type Started } from './start-api.ts';
import { startQueueWorker } from './start-worker.ts';

// Above HAProxy's default 60 s keep-alive so the proxy, not the service, closes idle connections.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
// How long in-flight keep-alive connections may finish after SIGTERM before they are cut.
const DRAIN_GRACE_MS = 5_000;

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const logError = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function main(): Promise<void> {
  const parsed = parseConfig(process.env, hostname());
  if (!parsed.ok) {
    logError(formatConfigIssues(parsed.issues));
    process.exit(2);
  }
  const config = parsed.config;
  const metrics = new Metrics(Date.now());
  const deps: AppDeps = {
    instanceId: config.instanceId,
    role: config.role,
    metrics,
    db: undefined,
    cache: undefined,
    publisher: undefined,
    maxInFlight: config.maxInFlight,
    sideEffectRounds: config.sideEffectRounds,
    lifecycle: 'starting',
    log: logError,
  };

  // Listen first so /health answers 503 while the database is seeded, and a busy port fails at once.
  const server = createServer(createRequestHandler(deps));
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let started: Started | undefined;
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`task-api ${signal}: draining`);
    deps.lifecycle = 'draining';
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => server.closeAllConnections(), DRAIN_GRACE_MS);
    await closed;
    clearTimeout(grace);
    await started?.close();
    log('task-api stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  const startMs = performance.now();
  started = config.role === 'worker' ? await startQueueWorker(config, metrics, log) : await startApi(config, deps, metrics, log);
  if (stopping) return;
  deps.lifecycle = 'ready';
  const summary =
    config.role === 'worker'
      ? `role worker, consumer ${config.instanceId}`
      : `cache ${config.cacheMode}, ${describeDatabases(config.databaseShardUrls.length, config.databaseReadUrls.length, config.shardRouting, config.readRouting)}`;
  log(`task-api instance ${config.instanceId}, ${summary}, startup ${Math.round(performance.now() - startMs)} ms`);
  // The harness may wait for exactly this line: keep its wording.
  log(`task-api ready on http://${config.host}:${config.port}`);
}

function describeDatabases(shards: number, replicas: number, shardRouting: string, readRouting: string): string {
  if (shards > 0) return `${shards} shard(s) by ${shardRouting}`;
  if (replicas > 0) return `primary + ${replicas} replica(s), reads ${readRouting}`;
  return 'primary only';
}

main().catch((err: unknown) => {
  logError(`task-api failed to start: ${err instanceof Error ? err.message : String(err)}`);
  // Infrastructure failure (DB unreachable, port in use): distinct from a config error (exit 2).
  process.exit(3);
});
