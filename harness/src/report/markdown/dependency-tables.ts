// summary.md's dependency section: what PostgreSQL, Redis, HAProxy, the broker and every container said about themselves, per phase (mean /
// peak of the once-a-second figures). Pure.
import type { MeanPeak } from '../../dependencies/phase-dependencies.ts';
import type { RunResult } from '../../results/run-result.ts';
import { MISSING } from '../format.ts';

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const rule = (count: number): string => row(Array.from({ length: count }, (_, i) => (i < 3 ? ':---' : '---:')));

const meanPeak = (f: MeanPeak | undefined, digits = 0, scale = 1): string =>
  f ? `${(f.mean * scale).toFixed(digits)} / ${(f.peak * scale).toFixed(digits)}` : MISSING;

/** Empty when no phase carries dependency figures. */
export function renderDependencyTables(result: RunResult): string {
  const phases = result.variants.flatMap((v) => v.phases.map((p) => ({ variant: v.name, phase: p })));
  const pg = phases.filter((x) => x.phase.dependencies?.postgres && Object.keys(x.phase.dependencies.postgres).length);
  const containers = phases.filter((x) => x.phase.containers && Object.keys(x.phase.containers).length);
  const has = (source: 'haproxy' | 'redis' | 'broker' | 'service') =>
    phases.filter((x) => Object.keys(x.phase.dependencies?.[source] ?? {}).length > 0);
  const balanced = has('haproxy');
  const caches = has('redis');
  const streams = has('broker');
  const own = has('service').filter((x) => x.phase.dependencies!.service!.all);
  if (pg.length + containers.length + balanced.length + caches.length + streams.length + own.length === 0) return '';
  const lines = ['## From the dependencies (mean / peak per second)'];
  if (pg.length > 0) {
    const headers = [
      'variant',
      'phase',
      'server',
      'statements/s',
      'transactions/s',
      'rows read/s',
      'rows written/s',
      'active conns',
      'lock waits',
      'replication lag s',
    ];
    lines.push(
      '',
      "PostgreSQL, read once a second from the server itself (pg_stat_statements, pg_stat_database, pg_stat_activity, pg_stat_replication); the reader's own statements are left out.",
      '',
      row(headers),
      rule(headers.length),
    );
    for (const { variant, phase } of pg) {
      for (const [server, f] of Object.entries(phase.dependencies!.postgres!)) {
        lines.push(
          row([
            variant,
            phase.name,
            server,
            meanPeak(f.statementsPerSec),
            meanPeak(f.transactionsPerSec),
            meanPeak(f.rowsReadPerSec),
            meanPeak(f.rowsWrittenPerSec),
            meanPeak(f.active, 1),
            meanPeak(f.lockWaits, 1),
            meanPeak(f.replicationLagSec, 2),
          ]),
        );
      }
    }
  }
  if (balanced.length > 0) {
    const headers = ['variant', 'phase', 'server', 'up % of seconds', 'sessions', 'queue', '5xx/s', 'retries/s', 'redispatches/s'];
    lines.push(
      '',
      "HAProxy's own view of its servers, from its stats page once a second; its status changes are in the events.",
      '',
      row(headers),
      rule(headers.length),
    );
    for (const { variant, phase } of balanced) {
      for (const [server, f] of Object.entries(phase.dependencies!.haproxy!)) {
        lines.push(
          row([
            variant,
            phase.name,
            server,
            f.up ? (f.up.mean * 100).toFixed(0) : MISSING,
            meanPeak(f.sessions, 1),
            meanPeak(f.queue, 1),
            meanPeak(f.http5xxPerSec, 1),
            meanPeak(f.retriesPerSec, 1),
            meanPeak(f.redispatchesPerSec, 1),
          ]),
        );
      }
    }
  }
  if (own.length > 0) {
    // The figures are the service's own names (its metrics map), so the columns come from the data.
    // A figure that was 0 in every second of the run (an idle switch) says nothing: it is named, not tabled.
    const named = [...new Set(own.flatMap((x) => Object.keys(x.phase.dependencies!.service!.all!)))];
    const figures = named.filter((name) => own.some((x) => (x.phase.dependencies!.service!.all![name]?.peak ?? 0) !== 0));
    const zero = named.filter((name) => !figures.includes(name));
    const headers = ['variant', 'phase', ...figures];
    const note = zero.length ? ` Always 0: ${zero.join(', ')}.` : '';
    lines.push(
      '',
      `The service's own counters (per second) and gauges, from its Prometheus text once a second, summed over its replicas (\`replicas\`: how many answered).${note}`,
      '',
      row(headers),
      rule(headers.length),
    );
    for (const { variant, phase } of own) {
      const f = phase.dependencies!.service!.all!;
      lines.push(row([variant, phase.name, ...figures.map((name) => meanPeak(f[name], 1))]));
    }
  }
  if (caches.length > 0) {
    const headers = [
      'variant',
      'phase',
      'server',
      'commands/s',
      'hit ratio %',
      'misses/s',
      'evictions/s',
      'expired/s',
      'clients',
      'memory MiB',
    ];
    lines.push('', "Redis, from its INFO once a second; the reader's own commands are left out.", '', row(headers), rule(headers.length));
    for (const { variant, phase } of caches) {
      for (const [server, f] of Object.entries(phase.dependencies!.redis!)) {
        lines.push(
          row([
            variant,
            phase.name,
            server,
            meanPeak(f.commandsPerSec),
            meanPeak(f.hitRatio, 1, 100),
            meanPeak(f.missesPerSec),
            meanPeak(f.evictionsPerSec),
            meanPeak(f.expiredPerSec),
            meanPeak(f.clients),
            meanPeak(f.memoryMb, 1),
          ]),
        );
      }
    }
  }
  if (streams.length > 0) {
    const headers = ['variant', 'phase', 'stream', 'length', 'consumer lag', 'pending', 'length change/s'];
    lines.push(
      '',
      "The broker's streams (XLEN, XINFO GROUPS) once a second: lag is the furthest-behind consumer group's.",
      '',
      row(headers),
      rule(headers.length),
    );
    for (const { variant, phase } of streams) {
      for (const [stream, f] of Object.entries(phase.dependencies!.broker!)) {
        lines.push(
          row([variant, phase.name, stream, meanPeak(f.length), meanPeak(f.lag), meanPeak(f.pending), meanPeak(f.lengthChangePerSec, 1)]),
        );
      }
    }
  }
  if (containers.length > 0) {
    const headers = ['variant', 'phase', 'container', 'CPU cores', 'CPU % of limit', 'throttled % of periods', 'memory MiB'];
    lines.push('', 'Containers, from their cgroup files once a second.', '', row(headers), rule(headers.length));
    for (const { variant, phase } of containers) {
      for (const [role, f] of Object.entries(phase.containers!)) {
        lines.push(
          row([
            variant,
            phase.name,
            role,
            meanPeak(f.cpuCores, 2),
            meanPeak(f.cpuOfLimit, 0, 100),
            meanPeak(f.throttledShare, 0, 100),
            meanPeak(f.memoryMb),
          ]),
        );
      }
    }
  }
  return lines.join('\n');
}
