// Messages between `bench load --generators` and its children over the IPC channel: each child says it is loaded
// and waiting; when all are, the parent announces one start time; each child says where its result is.
export type ChildMessage = { type: 'ready' } | { type: 'done'; file: string };
export type ParentMessage = { type: 'start'; startAtEpochMs: number };
/** Set by the parent in each child's environment: only then does `--start-at barrier` wait for a start message. */
export const BARRIER_ENV = 'BENCH_SEGMENT_BARRIER';
