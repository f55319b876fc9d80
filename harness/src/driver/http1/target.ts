// Where a base URL's connections go: host and port for net.connect (IPv6 literals without their brackets).
import type { ConnectionTarget } from './http1-connection.ts';

export function targetOf(url: URL): ConnectionTarget {
  if (url.protocol !== 'http:') throw new Error(`bench's HTTP/1.1 client speaks plain http, not ${url.protocol} (${url.href})`);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port: url.port === '' ? 80 : Number(url.port) };
}
