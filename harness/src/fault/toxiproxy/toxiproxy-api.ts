// The only place that imports toxiproxy-node-client: proxies for topology edges, toxics for faults.
import { Toxiproxy } from 'toxiproxy-node-client';
import { isLoopbackUrl } from '../../runtime/loopback.ts';

export interface ProxyEdge {
  /** Edge name, e.g. `postgres` or `redis`. */
  name: string;
  /** host:port the proxy listens on (what the service connects to). */
  listen: string;
  /** host:port of the real dependency. */
  upstream: string;
}

export interface ToxiproxyApi {
  readonly url: string;
  createProxies(edges: readonly ProxyEdge[]): Promise<void>;
  setEnabled(edge: string, enabled: boolean): Promise<void>;
  /** Points an edge at another server (failover): new connections go there. */
  setUpstream(edge: string, upstream: string): Promise<void>;
  /** host:port the edge points at now (after a failover, not the one it was created with). */
  upstreamOf(edge: string): Promise<string>;
  addToxic(
    edge: string,
    toxic: { name: string; type: string; stream?: 'upstream' | 'downstream'; toxicity?: number; attributes: Record<string, number> },
  ): Promise<void>;
  removeToxic(edge: string, name: string): Promise<void>;
  /** Re-enables every proxy and removes every toxic: the safety net on every exit path. */
  reset(): Promise<void>;
}

export function connectToxiproxy(url: string): ToxiproxyApi {
  if (!isLoopbackUrl(url)) throw new Error(`refusing to talk to Toxiproxy at ${url}: only loopback addresses are used`);
  const client = new Toxiproxy(url);
  return {
    url,
    async createProxies(edges) {
      for (const edge of edges) await client.createProxy({ name: edge.name, listen: edge.listen, upstream: edge.upstream });
    },
    async setEnabled(edge, enabled) {
      const proxy = await client.get(edge);
      await proxy.update({ enabled, listen: proxy.listen, upstream: proxy.upstream });
    },
    async setUpstream(edge, upstream) {
      const proxy = await client.get(edge);
      await proxy.update({ enabled: proxy.enabled, listen: proxy.listen, upstream });
    },
    async upstreamOf(edge) {
      return (await client.get(edge)).upstream;
    },
    async addToxic(edge, toxic) {
      const proxy = await client.get(edge);
      await proxy.addToxic({
        name: toxic.name,
        type: toxic.type as never,
        stream: (toxic.stream ?? 'downstream') as never,
        toxicity: toxic.toxicity ?? 1,
        attributes: toxic.attributes as never,
      });
    },
    async removeToxic(edge, name) {
      const proxy = await client.get(edge);
      const toxic = await proxy.getToxic(name);
      await toxic.remove();
    },
    async reset() {
      await client.reset();
    },
  };
}
