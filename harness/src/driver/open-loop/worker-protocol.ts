// Messages between the open-loop driver (main thread) and its load worker.
import type { LoadThreadSecond, RequestTemplate, SchedulerSecond } from '../driver.ts';
import type { ScheduleSpec } from '../schedule/schedule-spec.ts';
import type { OpenLoopOutcome } from './open-loop-engine.ts';
import type { PlainError, SampleBatch } from './sample-batch.ts';

export interface WorkerSettings {
  baseUrl: string;
  request: RequestTemplate;
  connections: number;
  maxQueue: number;
  timeoutMs: number;
  abortGraceMs: number;
  preconnect: boolean;
  /** The schedule's zero on the run clock, when generators start together. */
  startAtMs?: number;
  schedule: ScheduleSpec;
  /** process.hrtime.bigint() at the run clock's zero: hrtime is one clock for every thread of the process. */
  clockZeroHrNs: bigint;
  /** Whether the path has `{key}`: keys come from the main thread, where the plan's key sampler lives. */
  needsKeys: boolean;
}

export type ToWorker =
  | { type: 'start'; settings: WorkerSettings; keys: Float64Array }
  | { type: 'keys'; keys: Float64Array }
  | { type: 'abort' };

export type FromWorker =
  | {
      type: 'batch';
      batch: SampleBatch;
      scheduler: SchedulerSecond[];
      thread: LoadThreadSecond[];
      keysUsed: number;
    }
  | { type: 'started'; atMs: number }
  | { type: 'done'; outcome: OpenLoopOutcome & { keyUnderflows: number } }
  | { type: 'failed'; error: PlainError & { stack?: string } };
