import type { Redis } from 'ioredis';
import type { Metrics } from '../metrics.ts';
import { STREAM_MAX_LEN, TASK_EVENTS_STREAM } from './stream.ts';

export interface TaskEventPublisher {
  // Never rejects: a failed publish is counted in publishErrors, the request still succeeds.
  publishTaskCreated(userId: number, taskJson: string): Promise<void>;
}

// The event carries its publish time, so the worker can measure end-to-end lag (same host clock).
export function createTaskEventPublisher(redis: Redis, metrics: Metrics): TaskEventPublisher {
  const maxLen = String(STREAM_MAX_LEN);
  return {
    async publishTaskCreated(userId, taskJson) {
      try {
        await redis.xadd(
          TASK_EVENTS_STREAM,
          'MAXLEN',
          '~',
          maxLen,
          '*',
          'type',
          'task.created',
          'userId',
          String(userId),
          'publishedAtMs',
          String(Date.now()),
          'task',
          taskJson,
        );
        metrics.eventsPublished++;
      } catch {
        metrics.publishErrors++;
      }
    },
  };
}
