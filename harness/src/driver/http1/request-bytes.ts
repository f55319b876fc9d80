// A request template turned into the bytes on the wire once, before the load: a request is then the prefix, the
// key and the suffix (one short string per request), or one constant string when the path has no `{key}`.
import type { RequestTemplate } from '../driver.ts';

export interface RequestBytes {
  /** The request for `key` (the same string every time when the path has no `{key}`). */
  forKey(key: number): string;
  readonly keyed: boolean;
  /** latin1 when every byte is ASCII (the cheapest write), utf8 otherwise. */
  readonly encoding: 'latin1' | 'utf8';
  readonly noBody: boolean;
}

/** `host`: the Host header value (the URL's host, with its port). */
export function buildRequestBytes(host: string, template: RequestTemplate): RequestBytes {
  const parts = template.path.split('{key}');
  const headers = template.headers ?? {};
  const has = (name: string): boolean => Object.keys(headers).some((h) => h.toLowerCase() === name);
  // A body that names the key (writes spread over users: {"userId":{key}}) changes length with it: built per request.
  if (template.body?.includes('{key}')) return keyedBody(host, template, has);
  let tail = ' HTTP/1.1\r\n';
  if (!has('host')) tail += `Host: ${host}\r\n`;
  for (const [name, value] of Object.entries(headers)) tail += `${name}: ${value}\r\n`;
  if (template.body !== undefined && !has('content-length')) tail += `Content-Length: ${Buffer.byteLength(template.body)}\r\n`;
  tail += `\r\n${template.body ?? ''}`;
  const head = `${template.method} `;
  const encoding = isAscii(head + template.path + tail) ? 'latin1' : 'utf8';
  const noBody = (template.method as string) === 'HEAD';
  if (parts.length === 1) {
    const fixed = head + template.path + tail;
    return { forKey: () => fixed, keyed: false, encoding, noBody };
  }
  const prefix = head + parts[0]!;
  if (parts.length === 2) {
    const suffix = parts[1]! + tail;
    return { forKey: (key) => prefix + key + suffix, keyed: true, encoding, noBody };
  }
  return { forKey: (key) => head + parts.join(String(key)) + tail, keyed: true, encoding, noBody };
}

function keyedBody(host: string, template: RequestTemplate, has: (name: string) => boolean): RequestBytes {
  const headers = template.headers ?? {};
  let fixedHeaders = has('host') ? '' : `Host: ${host}\r\n`;
  for (const [name, value] of Object.entries(headers)) fixedHeaders += `${name}: ${value}\r\n`;
  const sizeHeader = !has('content-length');
  const head = `${template.method} `;
  const encoding = isAscii(head + template.path + fixedHeaders + template.body!) ? 'latin1' : 'utf8';
  return {
    forKey: (key) => {
      const k = String(key);
      const body = template.body!.replaceAll('{key}', k);
      const length = sizeHeader ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : '';
      return `${head}${template.path.replaceAll('{key}', k)} HTTP/1.1\r\n${fixedHeaders}${length}\r\n${body}`;
    },
    keyed: true,
    encoding,
    noBody: false,
  };
}

/** The HEAD request preconnect sends on each connection (not recorded). */
export function buildHeadBytes(host: string, path: string): string {
  return `HEAD ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
