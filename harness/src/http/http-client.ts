// The harness's own small HTTP requests (readiness and steady-state checks, the service's /metrics, HAProxy's
// stats page, the probes) go through this one interface; http/undici/ implements it. The load drivers keep their
// own clients, tuned for load (driver/http1/, autocannon, k6).
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  /** Default GET. */
  method?: HttpMethod;
  /** An absolute URL on 127.0.0.0/8 or ::1; the client refuses any other. */
  url: string;
  headers?: Readonly<Record<string, string>>;
  body?: string | null;
  /** Bounds the whole request, connection and body included. */
  timeoutMs: number;
  /** Cuts the request early (a probe stopping): it then fails with the code 'cut'. */
  signal?: AbortSignal;
}

/** No response came. */
export interface HttpFailure {
  ok: false;
  /** Node's errno name (ECONNREFUSED), undici's UND_ERR_* code, 'timeout', 'cut' (the caller's signal) or 'other'. */
  code: string;
  /** True when the request provably never left: the connection was refused or never opened. */
  notSent: boolean;
}

export interface HttpResponse {
  ok: true;
  status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Readonly<Record<string, string>>;
  /** null when the body broke off after the status arrived (timeout, cut, reset); bodyError says why. */
  text: string | null;
  bodyError?: string;
}

export type HttpResult = HttpResponse | HttpFailure;

export interface HttpClient {
  /** Failures come back as values; only a URL outside loopback throws (a bug in the caller). */
  request(request: HttpRequest): Promise<HttpResult>;
  /** Closes its connections; requests after it fail. */
  close(): Promise<void>;
}

/** A 2xx response whose body arrived whole, as fetch's `response.ok` plus a readable body. */
export const okText = (result: HttpResult): string | null =>
  result.ok && result.status >= 200 && result.status < 300 ? result.text : null;
