// The load worker: runs the open loop on its own thread and posts outcomes to the main thread in batches.
// Timestamps are taken here, so work on the main thread (recording, faults, Docker calls) never delays them.
import { parentPort } from 'node:worker_threads';
import type { LoadThreadSecond, SchedulerSecond } from '../driver.ts';
import { createThreadSampler } from '../../generator/thread-sampler.ts';
import { buildSchedule } from '../schedule/schedule-spec.ts';
import { runOpenLoop } from './open-loop-engine.ts';
import { BatchWriter, toPlainError } from './sample-batch.ts';
import type { FromWorker, ToWorker, WorkerSettings } from './worker-protocol.ts';

const FLUSH_EVERY_MS = 50;

if (!parentPort) throw new Error('open-loop-worker.ts must run as a worker thread');
const port = parentPort;
const abort = new AbortController();
const keyChunks: Float64Array[] = [];
let chunk: Float64Array = new Float64Array(0);
let chunkAt = 0;
let keysUsed = 0;
let keyUnderflows = 0;

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') void start(message.settings, message.keys);
  else if (message.type === 'keys') keyChunks.push(message.keys);
  else abort.abort();
});

function nextKey(): number {
  if (chunkAt >= chunk.length) {
    const fresh = keyChunks.shift();
    if (fresh && fresh.length > 0) chunk = fresh;
    // The main thread fell > 2 s behind topping keys up: reuse the last chunk rather than stall the schedule.
    else keyUnderflows++;
    chunkAt = 0;
  }
  keysUsed++;
  return chunk.length > 0 ? chunk[chunkAt++]! : 0;
}

async function start(settings: WorkerSettings, keys: Float64Array): Promise<void> {
  keyChunks.push(keys);
  const offsetMs = performance.now() - Number(process.hrtime.bigint() - settings.clockZeroHrNs) / 1e6;
  const nowMs = (): number => performance.now() - offsetMs;
  const writer = new BatchWriter();
  const scheduler: SchedulerSecond[] = [];
  const thread: LoadThreadSecond[] = [];
  const sampler = createThreadSampler();
  let windowStartMs = nowMs();
  const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  const flush = (): void => {
    if (writer.size === 0 && scheduler.length === 0 && thread.length === 0) return;
    const batch = writer.take();
    post({ type: 'batch', batch, scheduler: scheduler.splice(0), thread: thread.splice(0), keysUsed }, [
      batch.records.buffer as ArrayBuffer,
    ]);
  };
  const flushTimer = setInterval(flush, FLUSH_EVERY_MS);
  const threadTimer = setInterval(() => {
    const endMs = nowMs();
    const w = sampler.sample();
    thread.push({ second: Math.floor((windowStartMs + endMs) / 2000), ...w });
    windowStartMs = endMs;
  }, 1000);
  const events = {
    response: (at: number, us: number, status: number, serverTiming?: string): void => {
      writer.response(at, us, status, serverTiming);
      if (writer.full) flush();
    },
    error: (at: number, us: number | undefined, error: unknown): void => {
      writer.error(at, us, error);
      if (writer.full) flush();
    },
    dropped: (at: number): void => {
      writer.dropped(at);
      if (writer.full) flush();
    },
    started: (atMs: number): void => post({ type: 'started', atMs }),
    schedulerSecond: (s: SchedulerSecond): void => void scheduler.push(s),
  };
  try {
    const { schedule: spec, needsKeys, clockZeroHrNs: _zero, ...rest } = settings;
    const outcome = await runOpenLoop(
      { ...rest, schedule: buildSchedule(spec), nextKey: needsKeys ? nextKey : () => 0 },
      events,
      nowMs,
      abort.signal,
    );
    clearInterval(threadTimer);
    clearInterval(flushTimer);
    sampler.stop();
    flush();
    post({ type: 'done', outcome: { ...outcome, keyUnderflows } });
  } catch (error) {
    clearInterval(threadTimer);
    clearInterval(flushTimer);
    sampler.stop();
    post({
      type: 'failed',
      error: { ...toPlainError(error, 0), ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) },
    });
  }
  port.close();
}
