// Parsers for Redis Streams replies fetched with redis.call(): RESP2 and RESP3 (ioredis "legacy" mapping)
// shapes differ slightly, so these accept both and ignore anything unexpected.

export interface StreamEntry {
  id: string;
  // Field/value pairs; null when the entry was trimmed while pending.
  fields: Map<string, string> | null;
}

/** Entries of the first stream in an XREAD/XREADGROUP reply: [[name, entries]] (RESP2) or [name, entries]. */
export function parseReadReply(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  const entries: unknown = Array.isArray(reply[0]) ? (reply[0] as unknown[])[1] : reply[1];
  if (!Array.isArray(entries)) return [];
  const out: StreamEntry[] = [];
  for (const entry of entries) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
    const raw: unknown = entry[1];
    let fields: Map<string, string> | null = null;
    if (Array.isArray(raw)) {
      fields = new Map();
      for (let i = 0; i + 1 < raw.length; i += 2) fields.set(String(raw[i]), String(raw[i + 1]));
    }
    out.push({ id: entry[0], fields });
  }
  return out;
}

/** The named group's `lag` and `pending` from XINFO GROUPS (each group a flat [k, v, ...] array or an object). */
export function parseGroupInfo(reply: unknown, group: string): { lag: number | null; pending: number } | undefined {
  if (!Array.isArray(reply)) return undefined;
  for (const item of reply) {
    const info = new Map<string, unknown>();
    if (Array.isArray(item)) {
      for (let i = 0; i + 1 < item.length; i += 2) info.set(String(item[i]), item[i + 1]);
    } else if (item !== null && typeof item === 'object') {
      for (const [k, v] of Object.entries(item)) info.set(k, v);
    }
    if (info.get('name') !== group) continue;
    const lag = info.get('lag');
    return { lag: lag === null || lag === undefined ? null : Number(lag), pending: Number(info.get('pending') ?? 0) };
  }
  return undefined;
}
