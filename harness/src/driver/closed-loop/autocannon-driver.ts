// Closed loop on autocannon (the `autocannon` driver; `closed` is bench's own, http1-closed-driver.ts): each connection sends its next request when the previous one answers.
// Latency comes from autocannon's per-response timing, recorded by us: autocannon's own histogram
// corrects coordinated omission with a 1 ms interval whatever the rate, which lowers percentiles.
import autocannon from 'autocannon';
import { expandPath, type Clock, type Driver, type DriverSummary, type LoadPlan, type ResponseSink } from '../driver.ts';

export const autocannonDriver: Driver = {
  name: 'autocannon',
  run(plan: LoadPlan, sink: ResponseSink, clock: Clock, signal: AbortSignal): Promise<DriverSummary> {
    return new Promise((resolve, reject) => {
      // Requests that came back (answered or failed), for cross-checking the recorder.
      let sent = 0;
      // A fixed path is built once; setupRequest makes autocannon rebuild every request (~40% of its throughput).
      const keyed = plan.request.path.includes('{key}');
      const timeoutSec = Math.max(1, Math.round(plan.timeoutMs / 1000));
      const instance = autocannon(
        {
          url: plan.baseUrl,
          connections: plan.connections,
          duration: plan.durationMs / 1000,
          ...(plan.ratePerSec ? { overallRate: plan.ratePerSec } : {}),
          timeout: timeoutSec,
          requests: [
            {
              method: plan.request.method,
              ...(plan.request.headers ? { headers: plan.request.headers } : {}),
              ...(plan.request.body !== undefined ? { body: plan.request.body } : {}),
              ...(keyed
                ? { setupRequest: (request) => ({ ...request, path: expandPath(plan.request.path, plan.nextKey()) }) }
                : { path: plan.request.path }),
            },
          ],
        },
        (error) => {
          signal.removeEventListener('abort', stop);
          if (error) reject(error);
          else resolve({ driver: 'autocannon', sent });
        },
      );
      const stop = (): void => instance.stop();
      signal.addEventListener('abort', stop, { once: true });
      instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
        sent++;
        sink.response({ sentAtMs: clock.nowMs() - responseTimeMs, latencyUs: responseTimeMs * 1000, status: statusCode });
      });
      instance.on('reqError', (error: Error) => {
        // A timeout was sent timeoutMs ago and took that long; other errors come back at once.
        sent++;
        const timedOut = error.message === 'request timed out';
        sink.error({
          sentAtMs: clock.nowMs() - (timedOut ? plan.timeoutMs : 0),
          ...(timedOut ? { latencyUs: timeoutSec * 1_000_000 } : {}),
          error,
        });
      });
    });
  },
};
