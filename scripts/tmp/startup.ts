// tmp diagnostic: latency by intended time in 50 ms buckets over the first 2 s at a given rate (nginx URL as arg)
import { createOpenLoopDriver } from '../../harness/src/driver/open-loop/open-loop-driver.ts';
const url = process.argv[2]!; const rate = Number(process.argv[3] ?? 30000); const durationMs = Number(process.argv[4] ?? 3000);
const t0 = performance.now(); const clock = { nowMs: () => performance.now() - t0 };
const buckets = new Map<number, number[]>(); let start = -1; let n = 0;
const sink = {
  response: (s: { sentAtMs: number; latencyUs: number }) => { if (start < 0) start = s.sentAtMs; const b = Math.floor((s.sentAtMs - start) / 50); (buckets.get(b) ?? buckets.set(b, []).get(b)!).push(s.latencyUs / 1000); n++; },
  error: () => {},
};
const driver = createOpenLoopDriver();
const summary = await driver.run({ baseUrl: url, request: { method: 'GET', path: '/' }, nextKey: () => 0, connections: 64, ratePerSec: rate, durationMs, timeoutMs: 10_000 }, sink, clock, new AbortController().signal);
const all: number[] = []; for (const v of buckets.values()) all.push(...v); all.sort((a, b) => a - b);
console.log('sent', summary.sent, 'n', n, 'p99 all', all[Math.floor(all.length * 0.99)]?.toFixed(2));
for (const b of [...buckets.keys()].sort((a, b) => a - b).slice(0, 12)) { const v = buckets.get(b)!.sort((a, b) => a - b); console.log(`${b * 50}ms n=${v.length} p50=${v[v.length >> 1]!.toFixed(2)} p99=${v[Math.floor(v.length * 0.99)]!.toFixed(2)} max=${v.at(-1)!.toFixed(2)}`); }
