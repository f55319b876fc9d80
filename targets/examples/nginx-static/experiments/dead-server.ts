// Question: "the load balancer's health check stops traffic to a dead server", asked of an off-the-shelf server:
// Debian's nginx-light, unmodified, serving one static file (no database). One of three replicas is killed under
// load; the failed requests and how long errors last should follow HAProxy's check settings, whatever the stack.
import { defineExperiment, type ServiceConfig } from '../../../../harness/src/index.ts';

const nginxStatic: ServiceConfig = {
  // ../build.sh makes the rootfs once; bench builds ../nginx-static-image/Dockerfile with no network.
  build: '../nginx-static-image',
  // nginx takes no environment; the image's start.sh writes $PORT into its config.
  env: { PORT: '{port}' },
  healthPath: '/health',
};

export default defineExperiment({
  name: 'nginx-static-dead-server',
  description:
    'Kill 1 of 3 nginx replicas serving a static file under load: failed requests and time to a clean error rate, per health-check setting.',
  topology: { kind: 'lb', replicas: 3, serviceCpus: 0.3, healthIntervalMs: 2000, healthFall: 3, healthRise: 2, service: nginxStatic },
  load: {
    driver: 'open',
    // As in experiments/dead-server.ts: requests held for the dead replica must not block the others.
    connections: 1024,
    // nginx could take far more; the rate is the same as py-notes' so the failed counts compare.
    ratePerSec: 200,
    request: { method: 'GET', path: '/index.html' },
    // One file, no key in the path; the load still needs a key space.
    keys: { distribution: 'uniform', count: 1 },
    timeoutMs: 5_000,
  },
  // Shorter than go-items' 10/20/10 s: nginx is ready within a second, and the outage phase alone must outlast
  // the slow checks (down 4-6 s after the kill).
  phases: [
    { name: 'baseline', durationMs: 6_000 },
    { name: 'outage', durationMs: 20_000, faults: [{ kind: 'kill', target: 'service:2' }] },
    { name: 'recovery', durationMs: 4_000 },
  ],
  variants: [
    { name: 'slow-checks', description: 'check every 2 s, down after 3 failures' },
    { name: 'fast-checks', description: 'check every 250 ms, down after 2 failures', topology: { healthIntervalMs: 250, healthFall: 2 } },
  ],
  thresholds: ['baseline.errorRate == 0'],
});
