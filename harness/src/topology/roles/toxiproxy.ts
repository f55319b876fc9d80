import type { ImageSet } from '../../runtime/images.ts';
import type { ContainerSpec } from '../../runtime/runtime.ts';

/** Toxiproxy's API on a loopback port; its proxies listen on further loopback ports. */
export function toxiproxySpec(images: ImageSet, options: { apiPort: number }): ContainerSpec {
  const { apiPort } = options;
  const wait = { kind: 'http' as const, url: `http://127.0.0.1:${apiPort}/version`, timeoutMs: 30_000 };
  if (images.flavor === 'official') {
    // The official image's entrypoint is /toxiproxy; arguments follow.
    return { role: 'toxiproxy', image: images.toxiproxy, cmd: ['-host=127.0.0.1', `-port=${apiPort}`], wait };
  }
  return {
    role: 'toxiproxy',
    image: images.toxiproxy,
    cmd: ['/usr/local/bin/toxiproxy-server', '-host', '127.0.0.1', '-port', String(apiPort)],
    wait,
  };
}
