import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export const JSON_TYPE = 'application/json';

export function jsonReply(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return headers === undefined ? { status, body: JSON.stringify(value) } : { status, body: JSON.stringify(value), headers };
}

// One writeHead with an explicit Content-Length: no chunked encoding, one write per response.
export function writeReply(res: ServerResponse, reply: Reply, instanceId: string, closeConnection: boolean): void {
  const headers: Record<string, string | number> = {
    'Content-Type': reply.contentType ?? JSON_TYPE,
    'Content-Length': Buffer.byteLength(reply.body),
    'X-Instance': instanceId,
    ...reply.headers,
  };
  // While draining, ask keep-alive clients to reconnect (to another replica) after this response.
  if (closeConnection) headers.Connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

export type BodyResult = { kind: 'ok'; body: string } | { kind: 'too-large' } | { kind: 'aborted' };

export function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? { kind: 'too-large' } : { kind: 'ok', body: Buffer.concat(chunks).toString('utf8') }));
    // 'close' also follows a normal 'end', but by then the promise has settled; this catches silent disconnects.
    req.on('error', () => resolve({ kind: 'aborted' }));
    req.on('close', () => resolve({ kind: 'aborted' }));
  });
}

export function serverTiming(parts: { cacheMs: number | undefined; dbMs: number | undefined; queueMs?: number | undefined }): string {
  const out: string[] = [];
  if (parts.cacheMs !== undefined) out.push(`cache;dur=${parts.cacheMs.toFixed(2)}`);
  if (parts.dbMs !== undefined) out.push(`db;dur=${parts.dbMs.toFixed(2)}`);
  if (parts.queueMs !== undefined) out.push(`queue;dur=${parts.queueMs.toFixed(2)}`);
  return out.join(', ');
}
