import type { Config } from './config.ts';
import { waitForDatabase } from './db.ts';
import type { Metrics } from './metrics.ts';
import { startWorker } from './queue/worker.ts';
import type { Started } from './start-api.ts';

// ROLE=worker: the same bundle, consuming task-events into the user_task_counts projection.
export async function startQueueWorker(config: Config, metrics: Metrics, log: (line: string) => void): Promise<Started> {
  // Config validation guarantees both for ROLE=worker.
  const databaseUrl = config.databaseUrl!;
  const queueUrl = config.queueUrl!;
  await waitForDatabase(databaseUrl, Date.now() + config.dbConnectTimeoutMs, log);
  const worker = await startWorker({
    queueUrl,
    databaseUrl,
    consumer: config.instanceId,
    batchSize: config.workerBatchSize,
    delayMs: config.workerDelayMs,
    sideEffectRounds: config.sideEffectRounds,
    redisCommandTimeoutMs: config.redisCommandTimeoutMs,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    metrics,
    log,
  });
  return { close: () => worker.stop() };
}
