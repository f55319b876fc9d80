import type { ImageSet } from '../../runtime/images.ts';
import type { ContainerSpec } from '../../runtime/runtime.ts';
import { renderHaproxyConfig, type HaproxyConfigOptions } from './haproxy-config.ts';

/**
 * HAProxy with its configuration passed in the environment and written inside the container,
 * so no bind mount is needed (bind mounts fail against a remote DOCKER_HOST).
 */
export function haproxySpec(images: ImageSet, options: HaproxyConfigOptions): ContainerSpec {
  return {
    role: 'haproxy',
    image: images.haproxy,
    env: { HAPROXY_CFG: renderHaproxyConfig(options) },
    entrypoint: ['sh', '-c'],
    cmd: ['printf "%s" "$HAPROXY_CFG" > /tmp/haproxy.cfg && exec haproxy -db -f /tmp/haproxy.cfg'],
    // Ready when a request through the balancer reaches a healthy replica.
    wait: { kind: 'http', url: `http://127.0.0.1:${options.port}${options.healthCheck.path}`, timeoutMs: 60_000 },
  };
}
