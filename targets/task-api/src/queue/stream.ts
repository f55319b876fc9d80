// Redis Streams names shared by the publisher (api) and the consumer (worker).
export const TASK_EVENTS_STREAM = 'task-events';
export const PROJECTIONS_GROUP = 'projections';
// Approximate cap (XADD MAXLEN ~): bounds Redis memory if no worker runs. A backlog beyond it loses events.
export const STREAM_MAX_LEN = 1_000_000;
