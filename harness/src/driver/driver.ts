// A driver sends load and reports every request's outcome to a sink; it does no recording itself.
export interface Clock {
  /** Milliseconds since the load started (monotonic). */
  nowMs(): number;
}

export interface ResponseSink {
  response(sample: { sentAtMs: number; latencyUs: number; status: number }): void;
  error(sample: { sentAtMs: number; latencyUs?: number; error: unknown }): void;
}

export interface RequestTemplate {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with an optional `{key}` placeholder, e.g. `/tasks/{key}`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadPlan {
  baseUrl: string;
  request: RequestTemplate;
  /** Produces the next key for `{key}`. */
  nextKey: () => number;
  connections: number;
  /** Overall target rate; undefined means as fast as the connections allow. */
  ratePerSec?: number;
  durationMs: number;
  timeoutMs: number;
}

export interface DriverSummary {
  driver: string;
  /** Requests the driver says it sent (for cross-checking the recorder). */
  sent: number;
}

export interface Driver {
  readonly name: string;
  run(plan: LoadPlan, sink: ResponseSink, clock: Clock, signal: AbortSignal): Promise<DriverSummary>;
}

export const expandPath = (template: string, key: number): string => template.replaceAll('{key}', String(key));
