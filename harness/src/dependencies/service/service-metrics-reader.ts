// The service's own Prometheus counters and gauges, read from every replica once a second and reduced to the
// figures the experiment's `service.metrics` (or the reference service's map) names.
import { okText } from '../../http/http-client.ts';
import { createHttpClient } from '../../http/undici/undici-http-client.ts';
import { isLoopbackUrl } from '../../runtime/loopback.ts';
import type { ServiceMetricsPlan } from '../../topology/plan.ts';
import { parsePrometheusText, parseSelector, selectSum, type Selector } from './prometheus-text.ts';

/** One replica's reading: figure -> raw value (a counter's total or a gauge's value); figures it lacks are absent. */
export type ServiceReading = Record<string, number>;

export interface ServiceMetricsReader {
  /** By replica role; a replica that did not answer is missing. */
  read(): Promise<Map<string, ServiceReading>>;
  close(): Promise<void>;
}

export function createServiceMetricsReader(plan: ServiceMetricsPlan, options: { timeoutMs?: number } = {}): ServiceMetricsReader {
  const timeoutMs = options.timeoutMs ?? 800;
  // Validation refused selectors that do not parse; one that still does not is skipped rather than guessed at.
  const figures = [...Object.entries(plan.map.counters ?? {}), ...Object.entries(plan.map.gauges ?? {})]
    .map(([figure, text]) => [figure, parseSelector(text)] as const)
    .filter((e): e is readonly [string, Selector] => e[1] !== null);
  const targets = plan.targets.map((t) => ({ role: t.role, url: `${t.url}${plan.map.path}` }));
  for (const t of targets) if (!isLoopbackUrl(t.url)) throw new Error(`refusing to read ${t.url}: only loopback addresses are probed`);
  const http = createHttpClient();
  return {
    async read() {
      const readings = await Promise.all(
        targets.map(async (t) => {
          // null: a killed or paused replica, a missing second for it.
          const text = okText(await http.request({ url: t.url, timeoutMs, headers: { accept: 'text/plain' } }));
          if (text === null) return null;
          const samples = parsePrometheusText(text);
          const reading: ServiceReading = {};
          for (const [figure, selector] of figures) {
            const value = selectSum(samples, selector);
            if (value !== undefined) reading[figure] = value;
          }
          return [t.role, reading] as const;
        }),
      );
      return new Map(readings.filter((r): r is readonly [string, ServiceReading] => r !== null));
    },
    close: () => http.close(),
  };
}
