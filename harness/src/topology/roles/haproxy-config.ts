// haproxy.cfg for a balancer in front of service replicas, with active health checks.
export interface HealthCheckOptions {
  intervalMs: number;
  /** Consecutive successes before a server is marked up. */
  rise: number;
  /** Consecutive failures before a server is marked down. */
  fall: number;
  path: string;
}

export interface HaproxyConfigOptions {
  port: number;
  /** HAProxy's stats page (CSV at /stats;csv), on loopback only, for the dependency sampler. */
  statsPort?: number;
  backends: ReadonlyArray<{ name: string; port: number }>;
  healthCheck: HealthCheckOptions;
  /** Retry a failed connection on another server (HAProxy `retries` + `option redispatch`). */
  retries?: number;
  timeouts?: { connectMs: number; clientMs: number; serverMs: number };
}

export function renderHaproxyConfig(options: HaproxyConfigOptions): string {
  const t = options.timeouts ?? { connectMs: 2000, clientMs: 30_000, serverMs: 30_000 };
  const hc = options.healthCheck;
  const lines = [
    'global',
    // Well under the container's open-file limit (HAProxy needs about two descriptors per connection).
    '  maxconn 4096',
    'defaults',
    '  mode http',
    `  timeout connect ${t.connectMs}ms`,
    `  timeout client ${t.clientMs}ms`,
    `  timeout server ${t.serverMs}ms`,
    '  option http-keep-alive',
    ...(options.retries !== undefined ? [`  retries ${options.retries}`, '  option redispatch'] : []),
    'frontend entry',
    `  bind 127.0.0.1:${options.port}`,
    '  default_backend service',
    ...(options.statsPort !== undefined
      ? ['frontend stats', `  bind 127.0.0.1:${options.statsPort}`, '  stats enable', '  stats uri /stats']
      : []),
    'backend service',
    '  balance roundrobin',
    `  option httpchk GET ${hc.path}`,
    '  http-check expect status 200',
    `  default-server inter ${hc.intervalMs}ms rise ${hc.rise} fall ${hc.fall}`,
    ...options.backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check`),
  ];
  return `${lines.join('\n')}\n`;
}
