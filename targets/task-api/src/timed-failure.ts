// A route's failure with the Server-Timing of the work it did before failing: the HTTP layer maps `cause` to a
// status as usual (503, 504, 500) and sends the timing with it, so a client can tell a request that waited on the
// database (db ~ the timeout) from one the breaker rejected at once (db ~ 0).
export class TimedFailure extends Error {
  readonly serverTiming: string;

  constructor(cause: unknown, serverTiming: string) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'TimedFailure';
    this.serverTiming = serverTiming;
  }
}

/** The error to map to a status, and the Server-Timing value to send with it (undefined: none known). */
export function unwrapTimedFailure(err: unknown): { cause: unknown; serverTiming: string | undefined } {
  return err instanceof TimedFailure ? { cause: err.cause, serverTiming: err.serverTiming } : { cause: err, serverTiming: undefined };
}
