// HAProxy's own view of its servers, from its stats page (CSV) on a loopback port: status, sessions, queue,
// 5xx, retries, redispatches. Read once a second; a change of status between two readings is an event, dated by
// HAProxy's own `lastchg` (seconds since the change), so the dead-server experiment can say when HAProxy, not
// bench, marked a replica down.
import { okText } from '../../http/http-client.ts';
import { createHttpClient } from '../../http/undici/undici-http-client.ts';
import { isLoopbackUrl } from '../../runtime/loopback.ts';

export interface HaproxyServerCounters {
  status: string;
  sessions: number;
  queue: number;
  http5xx: number;
  retries: number;
  redispatches: number;
  /** Seconds since the server's status last changed, by HAProxy's clock. */
  lastChangeSec: number;
}

/** Servers of the `service` backend by name, from the stats CSV. Pure. */
export function parseHaproxyCsv(text: string): Map<string, HaproxyServerCounters> {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').replace(/^#\s*/, '').split(',');
  const col = (name: string): number => header.indexOf(name);
  const at = {
    px: col('pxname'),
    sv: col('svname'),
    status: col('status'),
    scur: col('scur'),
    qcur: col('qcur'),
    h5: col('hrsp_5xx'),
    wretr: col('wretr'),
    wredis: col('wredis'),
    lastchg: col('lastchg'),
  };
  const out = new Map<string, HaproxyServerCounters>();
  if (at.px < 0 || at.sv < 0 || at.status < 0) return out;
  const num = (cells: string[], i: number): number => (i >= 0 && cells[i] !== '' && cells[i] !== undefined ? Number(cells[i]) : 0);
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const server = cells[at.sv] ?? '';
    if (cells[at.px] !== 'service' || server === 'FRONTEND' || server === 'BACKEND') continue;
    out.set(server, {
      // "UP 1/3" while rising or falling: the state is the first word.
      status: (cells[at.status] ?? '').split(' ')[0] ?? '',
      sessions: num(cells, at.scur),
      queue: num(cells, at.qcur),
      http5xx: num(cells, at.h5),
      retries: num(cells, at.wretr),
      redispatches: num(cells, at.wredis),
      lastChangeSec: num(cells, at.lastchg),
    });
  }
  return out;
}

export interface HaproxyStatsReader {
  /** null when the page did not answer. */
  read(): Promise<Map<string, HaproxyServerCounters> | null>;
  close(): Promise<void>;
}

export function createHaproxyStatsReader(statsUrl: string, timeoutMs = 800): HaproxyStatsReader {
  const url = `${statsUrl};csv;norefresh`;
  if (!isLoopbackUrl(url)) throw new Error(`refusing to read ${url}: only loopback addresses are probed`);
  const http = createHttpClient();
  return {
    async read() {
      const text = okText(await http.request({ url, timeoutMs }));
      return text === null ? null : parseHaproxyCsv(text);
    },
    close: () => http.close(),
  };
}
