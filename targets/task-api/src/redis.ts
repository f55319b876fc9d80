import { Redis } from 'ioredis';

export interface RedisOptions {
  url: string;
  commandTimeoutMs: number;
  readyTimeoutMs: number;
  log: (line: string) => void;
}

// Fails fast when Redis is gone (no offline queue, one retry, a command timeout) and keeps
// reconnecting with a capped delay, so the cache comes back by itself after a chaos fault ends.
export async function connectRedis(options: RedisOptions): Promise<Redis> {
  const redis = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: 2000,
    retryStrategy: (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 6), 2000),
    // A reconnect must not replay commands that requests have already given up on.
    autoResendUnfulfilledCommands: false,
    // Commands issued in the same tick by concurrent requests share one write to the socket.
    enableAutoPipelining: true,
  });
  let up = false;
  redis.on('ready', () => {
    if (!up) options.log(`task-api redis ready (${redactUrl(options.url)})`);
    up = true;
  });
  // Log transitions only: at thousands of requests per second, per-error logging would be the bottleneck.
  redis.on('error', (err: Error) => {
    if (up) options.log(`task-api redis error, bypassing cache until it returns: ${err.message}`);
    up = false;
  });
  redis.on('end', () => {
    up = false;
  });
  // Starting without the cache is allowed (requests bypass it), so only wait a little for it.
  const ready = await new Promise<boolean>((resolve) => {
    if (redis.status === 'ready') return resolve(true);
    const timer = setTimeout(() => resolve(false), options.readyTimeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!ready) options.log(`task-api redis not ready after ${options.readyTimeoutMs} ms; starting with the cache bypassed`);
  return redis;
}

export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'redis';
  }
}
